package org.cephgw.fsal.local;

import java.util.concurrent.atomic.AtomicInteger;

import org.cephgw.fsal.FileType;

/**
 * A reference-counted file descriptor: the O_PATH descriptor of a cached handle, or the real
 * descriptor of an open file. The descriptor is closed when the last reference is released, so
 * that a descriptor number never gets reused by the kernel while some thread still uses it (which
 * would make that thread work on another file). The creator holds the first reference; the fd
 * cache holds one more while the entry is cached; each user takes one with {@link #tryAcquire}
 * and gives it back with {@link #close}.
 */
final class FdRef implements AutoCloseable {
    final int fd;
    final FileType type;
    final long ino;
    private final AtomicInteger refs = new AtomicInteger(1);

    FdRef(int fd, FileType type, long ino) {
        this.fd = fd;
        this.type = type;
        this.ino = ino;
    }

    /** Takes a reference; false when the descriptor is already closed (or closing). */
    boolean tryAcquire() {
        for (;;) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the descriptor. */
    @Override
    public void close() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            Native.LIBC.close(fd);
        } else if (r < 0) {
            throw new IllegalStateException("fd " + fd + " released too often");
        }
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }
}
