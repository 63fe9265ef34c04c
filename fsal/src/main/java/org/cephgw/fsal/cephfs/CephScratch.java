package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.cephgw.fsal.cephfs.LibCephFs.address;
import static org.cephgw.fsal.cephfs.LibCephFs.direct;

/**
 * Per-thread native buffers with their addresses, so that no libcephfs call allocates: two
 * {@code struct ceph_statx}, two out-pointer slots, two names, a link/xattr buffer, a dirent, a
 * flock, a statvfs and a growable I/O buffer. All accesses are absolute (positions stay 0).
 * A method uses {@link #stx}/{@link #out} for its main object and {@link #stx2}/{@link #out2}
 * for helpers it calls (directory change values, victims), never the other way round.
 */
final class CephScratch {
    static final int NAME_MAX_BYTES = 4096;
    static final int LINK_BUFFER = 4096 + 1;

    private static final ThreadLocal<CephScratch> LOCAL = ThreadLocal.withInitial(CephScratch::new);

    final ByteBuffer stx = direct(LibCephFs.STATX_SIZE);
    final long stxA = address(stx);
    final ByteBuffer stx2 = direct(LibCephFs.STATX_SIZE);
    final long stx2A = address(stx2);
    /** out-pointer slots (Inode**, Fh**, ceph_dir_result**, size_t*) */
    final ByteBuffer out = direct(8);
    final long outA = address(out);
    final ByteBuffer out2 = direct(8);
    final long out2A = address(out2);
    final ByteBuffer name1 = direct(NAME_MAX_BYTES + 1);
    final long name1A = address(name1);
    final ByteBuffer name2 = direct(NAME_MAX_BYTES + 1);
    final long name2A = address(name2);
    final ByteBuffer link = direct(LINK_BUFFER);
    final long linkA = address(link);
    final ByteBuffer dirent = direct(LibCephFs.DIRENT_SIZE);
    final long direntA = address(dirent);
    final ByteBuffer flock = direct(LibCephFs.FLOCK_SIZE);
    final long flockA = address(flock);
    final ByteBuffer statvfs = direct(LibCephFs.STATVFS_SIZE);
    final long statvfsA = address(statvfs);
    final byte[] bytes = new byte[Math.max(NAME_MAX_BYTES, LINK_BUFFER) + 1];
    private ByteBuffer io;
    private long ioA;

    private CephScratch() {
    }

    static CephScratch get() {
        return LOCAL.get();
    }

    /** Puts {@code s} NUL-terminated into name1; returns its address. */
    long name1(byte[] s) {
        name1.put(0, s);
        name1.put(s.length, (byte) 0);
        return name1A;
    }

    long name2(byte[] s) {
        name2.put(0, s);
        name2.put(s.length, (byte) 0);
        return name2A;
    }

    /** Puts {@code s} NUL-terminated into the link buffer; returns its address. */
    long link(byte[] s) {
        link.put(0, s);
        link.put(s.length, (byte) 0);
        return linkA;
    }

    /** The name in the dirent buffer (d_name). */
    String direntName() {
        int len = 0;
        while (len < 256 && dirent.get(LibCephFs.D_NAME + len) != 0) {
            len++;
        }
        dirent.get(LibCephFs.D_NAME, bytes, 0, len);
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    boolean direntIsDotOrDotDot() {
        byte a = dirent.get(LibCephFs.D_NAME);
        if (a != '.') {
            return false;
        }
        byte b = dirent.get(LibCephFs.D_NAME + 1);
        return b == 0 || (b == '.' && dirent.get(LibCephFs.D_NAME + 2) == 0);
    }

    /** The I/O buffer (at least {@code size} bytes, grown, never shrunk). */
    ByteBuffer io(int size) {
        if (io == null || io.capacity() < size) {
            io = direct(Math.max(size, 64 * 1024));
            ioA = address(io);
        }
        return io;
    }

    long ioAddress() {
        return ioA;
    }

    static void zero(ByteBuffer b) {
        for (int i = 0; i + 8 <= b.capacity(); i += 8) {
            b.putLong(i, 0);
        }
        for (int i = b.capacity() & ~7; i < b.capacity(); i++) {
            b.put(i, (byte) 0);
        }
    }
}
