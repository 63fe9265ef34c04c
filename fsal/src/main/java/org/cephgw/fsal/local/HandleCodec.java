package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;

/**
 * Encodes and checks the local back end's file handles. Layout (multi-byte fields big-endian):
 * <pre>
 *  0      magic 0xCE
 *  1      kind: 1 = kernel file handle, 2 = inode handle (fallback mode)
 *  2..5   export tag: SHA-256("cephgw-local-export" | root identity)[0..4]
 *  kind 1:
 *   6..9    handle_type of struct file_handle (int32)
 *   10      n = length of f_handle (1..93)
 *   11..    f_handle (n bytes)
 *  kind 2:
 *   6..13   st_dev (major &lt;&lt; 32 | minor)
 *   14..21  inode number
 *   22..29  generation: the birth time in ns (statx btime), 0 when the file system has none
 *  last 8  MAC: HMAC-SHA256(key, all preceding bytes)[0..8]
 * </pre>
 * with key = SHA-256("cephgw-local-fh-key-v1" | int32 length of secret | secret | root identity).
 * The root identity is the export root's own kernel handle (handle_type and f_handle) when the
 * file system produces handles, else its inode number and birth time. A kind-1 handle is 19 + n
 * bytes (27 on ext4), a kind-2 handle 38 bytes.
 */
final class HandleCodec {
    static final byte MAGIC = (byte) 0xCE;
    static final byte KIND_KERNEL = 1;
    static final byte KIND_INODE = 2;
    static final int MAC_BYTES = 8;
    static final int KERNEL_HEADER = 11;
    static final int MAX_KERNEL_BYTES = FileHandle.MAX_BYTES - KERNEL_HEADER - MAC_BYTES;
    static final int INODE_BYTES = 30 + MAC_BYTES;

    private final byte[] tag = new byte[4];
    private final ThreadLocal<MacState> macs;

    HandleCodec(byte[] secret, byte[] rootIdentity) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("cephgw-local-export".getBytes(StandardCharsets.US_ASCII));
            System.arraycopy(d.digest(rootIdentity), 0, tag, 0, 4);
            d.reset();
            d.update("cephgw-local-fh-key-v1".getBytes(StandardCharsets.US_ASCII));
            d.update(ByteBuffer.allocate(4).putInt(secret.length).array());
            d.update(secret);
            byte[] key = d.digest(rootIdentity);
            SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
            macs = ThreadLocal.withInitial(() -> new MacState(spec));
            macs.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static final class MacState {
        final Mac mac;
        final byte[] out = new byte[32];

        MacState(SecretKeySpec key) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the MAC of b[0..len) to b[len..len+8). */
        void sign(byte[] b, int len) {
            mac.update(b, 0, len);
            try {
                mac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            System.arraycopy(out, 0, b, len, MAC_BYTES);
        }

        boolean verify(byte[] b, int len) {
            mac.update(b, 0, len);
            try {
                mac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            int diff = 0;
            for (int i = 0; i < MAC_BYTES; i++) {
                diff |= out[i] ^ b[len + i];
            }
            return diff == 0;
        }
    }

    /** A handle from struct file_handle in {@code fh} (handle_bytes, handle_type, f_handle). */
    FileHandle kernel(ByteBuffer fh) {
        int n = fh.getInt(0);
        int type = fh.getInt(4);
        if (n < 1 || n > MAX_KERNEL_BYTES) {
            throw new FsException(FsError.SERVERFAULT, "kernel file handle of " + n + " bytes does not fit");
        }
        byte[] b = new byte[KERNEL_HEADER + n + MAC_BYTES];
        header(b, KIND_KERNEL);
        putInt(b, 6, type);
        b[10] = (byte) n;
        fh.get(8, b, KERNEL_HEADER, n);
        macs.get().sign(b, KERNEL_HEADER + n);
        return new FileHandle(b);
    }

    FileHandle inode(long dev, long ino, long gen) {
        byte[] b = new byte[INODE_BYTES];
        header(b, KIND_INODE);
        putLong(b, 6, dev);
        putLong(b, 14, ino);
        putLong(b, 22, gen);
        macs.get().sign(b, INODE_BYTES - MAC_BYTES);
        return new FileHandle(b);
    }

    private void header(byte[] b, byte kind) {
        b[0] = MAGIC;
        b[1] = kind;
        System.arraycopy(tag, 0, b, 2, 4);
    }

    /** A checked handle: kind 1 or 2 and its fields. */
    record Decoded(byte kind, int handleType, byte[] fHandle, long dev, long ino, long gen) {
    }

    /** Checks the header, export tag and MAC; {@link FsError#BADHANDLE} when any is wrong. */
    Decoded decode(FileHandle h) {
        byte[] b = h.bytes();
        if (b.length < 6 + MAC_BYTES || b[0] != MAGIC) {
            throw bad("not a handle of the local back end");
        }
        for (int i = 0; i < 4; i++) {
            if (b[2 + i] != tag[i]) {
                throw bad("handle of another export");
            }
        }
        if (b[1] == KIND_KERNEL) {
            if (b.length < KERNEL_HEADER + 1 + MAC_BYTES) {
                throw bad("truncated handle");
            }
            int n = b[10] & 0xff;
            if (n < 1 || b.length != KERNEL_HEADER + n + MAC_BYTES) {
                throw bad("handle length");
            }
            if (!macs.get().verify(b, KERNEL_HEADER + n)) {
                throw bad("handle signature");
            }
            byte[] f = new byte[n];
            System.arraycopy(b, KERNEL_HEADER, f, 0, n);
            return new Decoded(KIND_KERNEL, getInt(b, 6), f, 0, 0, 0);
        } else if (b[1] == KIND_INODE) {
            if (b.length != INODE_BYTES) {
                throw bad("handle length");
            }
            if (!macs.get().verify(b, INODE_BYTES - MAC_BYTES)) {
                throw bad("handle signature");
            }
            return new Decoded(KIND_INODE, 0, null, getLong(b, 6), getLong(b, 14), getLong(b, 22));
        }
        throw bad("unknown handle kind " + b[1]);
    }

    private static FsException bad(String why) {
        return new FsException(FsError.BADHANDLE, why);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xffffffffL);
    }
}
