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

    /** Reads up to {@code count} bytes at {@code offset}. */
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

    @Override
    void close();

    /** How durable a write must be before it returns (NFSv4 stable_how4). */
    enum Stability {
        UNSTABLE, DATA_SYNC, FILE_SYNC
    }
}
