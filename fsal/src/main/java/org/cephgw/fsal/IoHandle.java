package org.cephgw.fsal;

import java.nio.ByteBuffer;

/**
 * An open regular file (libcephfs: an Fh; local: a file descriptor). Obtained from
 * {@link Filesystem#open}; thread-safe; must be closed. Blocking: I/O dispatcher only.
 */
public interface IoHandle extends AutoCloseable {

    FileHandle file();

    /** The access it was opened with (bits of {@link Filesystem.Access}). */
    int accessMask();

    /**
     * Reads up to {@code count} bytes at {@code offset}. Large reads come in a buffer lent by
     * {@link org.cephgw.protocol.xdr.BufferPool#SHARED}: who is done with the data gives it back
     * (a READ reply does once written); one not given back is merely collected.
     */
    Filesystem.ReadResult read(long offset, int count);

    /** Writes all of {@code data} at {@code offset}; returns the bytes written. */
    int write(long offset, ByteBuffer data, Stability stability);

    /** Makes everything written so far stable (fsync). */
    void commit(long offset, long length);

    /** Reserves space (fallocate); {@link FsError#NOTSUPP} where impossible. */
    void allocate(long offset, long length);

    /** Punches a hole (fallocate PUNCH_HOLE|KEEP_SIZE). */
    void deallocate(long offset, long length);

    /**
     * The next data ({@code data=true}) or hole at or after {@code offset}; -1 when there is none
     * before the end of the file (SEEK's sr_eof).
     */
    long seek(long offset, boolean data);

    /**
     * Copies up to {@code count} bytes at {@code offset} of this file to {@code dst} at
     * {@code dstOffset} (unstable, as a WRITE4 UNSTABLE4 would), ending early at this file's end;
     * returns the bytes copied. Holes may arrive as written zeros. This default goes through
     * {@link #read} and {@link #write} chunk by chunk; a back end that can copy inside the
     * storage (copy_file_range, reflinks) overrides it. The caller keeps {@code count} modest:
     * the call blocks until all of it is copied.
     */
    default long copyTo(long offset, IoHandle dst, long dstOffset, long count) {
        if (offset < 0 || dstOffset < 0 || count < 0 || dstOffset + count < 0) {
            throw new FsException(FsError.INVAL, "copy of " + count + " at " + offset + " to " + dstOffset);
        }
        // checked before anything is copied: also a copy of nothing needs both (as copy_file_range does)
        if ((accessMask() & Filesystem.Access.READ) == 0 || (dst.accessMask() & Filesystem.Access.WRITE) == 0) {
            throw new FsException(FsError.ACCES, "copy needs a source open for reading and a destination open for writing");
        }
        long done = 0;
        while (done < count) {
            // a read returns at most what the back end moves at once (1 MiB for both)
            Filesystem.ReadResult r = read(offset + done, (int) Math.min(count - done, 1 << 20));
            int n = r.data().remaining();
            try {
                if (n > 0) {
                    dst.write(dstOffset + done, r.data(), Stability.UNSTABLE);
                    done += n;
                }
            } finally {
                org.cephgw.protocol.xdr.BufferPool.SHARED.release(r.data());
            }
            if (n == 0 || r.eof()) {
                break;
            }
        }
        return done;
    }

    @Override
    void close();

    /** How durable a write must be before it returns (NFSv4 stable_how4). */
    enum Stability {
        UNSTABLE, DATA_SYNC, FILE_SYNC
    }
}
