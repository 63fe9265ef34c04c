package org.cephgw.fsal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A back end's opaque, persistent name for a file: the same file always yields the same bytes
 * (hard links included), and the bytes stay valid across restarts of the gateway. At most
 * {@link #MAX_BYTES} so that the gateway's wrapping (export id, version) fits NFS4_FHSIZE (128).
 */
public final class FileHandle {
    public static final int MAX_BYTES = 112;

    private final byte[] bytes;
    private final int hash;

    public FileHandle(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("file handle of " + bytes.length + " bytes");
        }
        this.bytes = bytes.clone();
        this.hash = Arrays.hashCode(this.bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Copies the bytes into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHandle h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
