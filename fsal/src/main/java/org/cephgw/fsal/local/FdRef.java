package org.cephgw.fsal.local;

import org.cephgw.fsal.FileType;
import org.cephgw.fsal.util.RefCounted;

/**
 * A reference-counted file descriptor: the O_PATH descriptor of a cached handle, or the real
 * descriptor of an open file. The descriptor is closed when the last reference is released, so
 * that a descriptor number never gets reused by the kernel while some thread still uses it (which
 * would make that thread work on another file). The creator holds the first reference; the fd
 * cache holds one more while the entry is cached; each user takes one with {@link #tryAcquire}
 * and gives it back with {@link #close}.
 */
final class FdRef extends RefCounted {
    final int fd;
    final FileType type;
    final long ino;

    FdRef(int fd, FileType type, long ino) {
        this.fd = fd;
        this.type = type;
        this.ino = ino;
    }

    @Override
    protected void free() {
        Native.LIBC.close(fd);
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
