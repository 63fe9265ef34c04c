package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import jnr.ffi.Pointer;

import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.util.OpenFile;

import static org.cephgw.fsal.local.Native.LIBC;
import static org.cephgw.fsal.local.Native.errno;

/**
 * An open regular file of a {@link LocalFilesystem}: a real descriptor, opened as the caller.
 * Reads run as the gateway; writes and fallocate run as the opener (quotas, set-id clearing).
 * Thread-safe: the descriptor is reference-counted, so closing while another thread reads
 * cannot make that thread use a reused descriptor number.
 *
 * <p>{@link #write} leaves the position of the caller's buffer unchanged. {@link #seek} returns
 * what lseek(SEEK_DATA/SEEK_HOLE) returns (for a hole, the end of the file when there is no hole
 * before it), or -1 on ENXIO (no data at or after the offset).
 *
 * <p>Byte-range locks ({@link OfdLocks}) of each lock owner live on a descriptor of the owner's
 * own, reopened from this one: an open file description of its own, so that the owners' OFD
 * locks conflict with each other and with every other process's locks. Closing the handle
 * closes them, which drops their locks.
 */
final class LocalIoHandle extends OpenFile {
    private final LocalFilesystem fs;
    /** the open file: each call holds a count, the last one closes the descriptor */
    private final FdRef fd;
    private final Creds creds;
    private final long ino;
    /** lock owner → its descriptor; guarded by itself */
    private final Map<Long, FdRef> lockFds = new HashMap<>();
    private final Reads reads = new Reads() {
        @Override
        public ByteBuffer scratch(int size) {
            return Scratch.get().ioBuffer(size);
        }

        @Override
        public int read(ByteBuffer into, int at, int length, long offset) {
            Pointer to = Native.offset(Native.pointer(into), at);
            while (true) {
                long n = LIBC.pread(fd.fd, to, length, offset);
                if (n >= 0) {
                    return (int) n;
                }
                int e = errno();
                if (e != Native.EINTR) {
                    throw FsException.errno(e, "pread");
                }
            }
        }

        @Override
        public long size() {
            Scratch s = Scratch.get();
            return LIBC.statx(fd.fd, Native.empty(), Native.AT_EMPTY_PATH, Native.STATX_WANT, s.stx2P) == 0
                    ? s.stx2.getLong(Native.STX_SIZE) : -1;
        }
    };

    LocalIoHandle(LocalFilesystem fs, FileHandle file, FdRef fd, int accessMask, Creds creds, long ino) {
        super(file, accessMask, fd);
        this.fs = fs;
        this.fd = fd;
        this.creds = creds;
        this.ino = ino;
    }

    LocalFilesystem fs() {
        return fs;
    }

    @Override
    public Filesystem.ReadResult read(long offset, int count) {
        need(Filesystem.Access.READ, "read");
        checkRead(offset, count);
        int want = Math.min(count, LocalFilesystem.MAX_IO);
        acquire();
        try {
            return readFully(offset, want, reads);
        } finally {
            release();
        }
    }

    @Override
    public int write(long offset, ByteBuffer data, Stability stability) {
        need(Filesystem.Access.WRITE, "write");
        checkWrite(offset);
        int total = data.remaining();
        acquire();
        try {
            Scratch s = Scratch.get();
            CredSwitcher sw = fs.switcher();
            if (data.isDirect()) {
                Pointer base = Pointer.wrap(Native.RUNTIME, data); // at data.position()
                int done = 0;
                while (done < total) {
                    done += pwrite(sw, s, Native.offset(base, done), total - done, offset + done);
                }
            } else {
                int chunk = Math.min(total, LocalFilesystem.MAX_IO);
                Pointer buf = s.io(Math.max(chunk, 1));
                int done = 0;
                while (done < total) {
                    int len = Math.min(chunk, total - done);
                    if (data.hasArray()) {
                        buf.put(0, data.array(), data.arrayOffset() + data.position() + done, len);
                    } else {
                        byte[] tmp = new byte[len];
                        data.duplicate().position(data.position() + done).get(tmp);
                        buf.put(0, tmp, 0, len);
                    }
                    int written = 0;
                    while (written < len) {
                        written += pwrite(sw, s, Native.offset(buf, written), len - written, offset + done + written);
                    }
                    done += len;
                }
            }
            if (stability == Stability.DATA_SYNC) {
                sync(true);
            } else if (stability == Stability.FILE_SYNC) {
                sync(false);
            }
            modified(s);
            return total;
        } finally {
            release();
        }
    }

    /** One pwrite as the opener; returns the bytes written (at least 1). */
    private int pwrite(CredSwitcher sw, Scratch s, Pointer p, long len, long off) {
        for (;;) {
            int on = sw.enter(creds, s);
            long n;
            try {
                n = LIBC.pwrite(fd.fd, p, len, off);
            } finally {
                sw.exit(on);
            }
            if (n > 0) {
                return (int) n;
            }
            int e = n < 0 ? errno() : Native.EOPNOTSUPP;
            if (n < 0 && e == Native.EINTR) {
                continue;
            }
            if (n == 0) {
                throw new FsException(FsError.IO, "pwrite wrote nothing");
            }
            throw FsException.errno(e, "pwrite");
        }
    }

    private void sync(boolean dataOnly) {
        int rc = dataOnly ? LIBC.fdatasync(fd.fd) : LIBC.fsync(fd.fd);
        if (rc < 0) {
            throw FsException.errno(errno(), dataOnly ? "fdatasync" : "fsync");
        }
    }

    /** The file's change attribute must move: cheaply when it is tracked, else with a statx. */
    private void modified(Scratch s) {
        ChangeTracker c = fs.changes();
        if (!c.markDirty(ino)) {
            if (LIBC.statx(fd.fd, Native.empty(), Native.AT_EMPTY_PATH, Native.STATX_WANT, s.stx2P) == 0) {
                c.modified(ino, LocalFilesystem.ctimeNs(s.stx2));
            }
        }
    }

    @Override
    public void commit(long offset, long length) {
        acquire();
        try {
            sync(false);
        } finally {
            release();
        }
    }

    @Override
    public void allocate(long offset, long length) {
        fallocate(0, offset, length, "allocate");
    }

    @Override
    public void deallocate(long offset, long length) {
        fallocate(Native.FALLOC_FL_PUNCH_HOLE | Native.FALLOC_FL_KEEP_SIZE, offset, length, "deallocate");
    }

    private void fallocate(int mode, long offset, long length, String what) {
        need(Filesystem.Access.WRITE, what);
        checkRange(what, offset, length);
        acquire();
        try {
            Scratch s = Scratch.get();
            CredSwitcher sw = fs.switcher();
            int rc;
            int e;
            do {
                int on = sw.enter(creds, s);
                try {
                    rc = LIBC.fallocate(fd.fd, mode, offset, length);
                } finally {
                    sw.exit(on);
                }
                e = rc < 0 ? errno() : 0;
            } while (e == Native.EINTR);
            if (e != 0) {
                throw FsException.errno(e, "fallocate");
            }
            modified(s);
        } finally {
            release();
        }
    }

    @Override
    public long seek(long offset, boolean data) {
        checkSeek(offset);
        acquire();
        try {
            long r = LIBC.lseek(fd.fd, offset, data ? Native.SEEK_DATA : Native.SEEK_HOLE);
            if (r < 0) {
                int e = errno();
                if (e == Native.ENXIO) {
                    return -1;
                }
                throw FsException.errno(e, "lseek");
            }
            return r;
        } finally {
            release();
        }
    }

    /**
     * copy_file_range(2): the data does not pass through the gateway, and file systems that share
     * extents (XFS, Btrfs) clone instead of copying. Where the kernel refuses (another file
     * system mounted inside the export, an old kernel, a seccomp filter) the rest goes through
     * read and write. The destination is written as its opener, as {@link #write} does.
     */
    @Override
    public long copyTo(long offset, IoHandle dst, long dstOffset, long count) {
        if (!(dst instanceof LocalIoHandle d) || d.fs != fs) {
            return super.copyTo(offset, dst, dstOffset, count);
        }
        need(Filesystem.Access.READ, "copy");
        d.need(Filesystem.Access.WRITE, "copy");
        if (offset < 0 || dstOffset < 0 || count < 0 || dstOffset + count < 0) {
            throw new FsException(FsError.INVAL, "copy of " + count + " at " + offset + " to " + dstOffset);
        }
        long done = 0;
        boolean kernelRefused = false;
        acquire();
        try {
            d.acquire();
            try {
                Scratch s = Scratch.get();
                CredSwitcher sw = fs.switcher();
                // the kernel reads and advances the offsets here, never the descriptors' positions
                // (other calls on the same descriptors use pread/pwrite and do not care either way)
                ByteBuffer offs = Native.direct(16);
                Pointer inP = Native.pointer(offs);
                Pointer outP = Native.offset(inP, 8);
                while (done < count) {
                    offs.putLong(0, offset + done);
                    offs.putLong(8, dstOffset + done);
                    int on = sw.enter(d.creds, s);
                    long n;
                    try {
                        n = LIBC.copy_file_range(fd.fd, inP, d.fd.fd, outP, count - done, 0);
                    } finally {
                        sw.exit(on);
                    }
                    if (n > 0) {
                        done += n;
                        continue;
                    }
                    if (n == 0) {
                        break; // the end of the source
                    }
                    int e = errno();
                    if (e == Native.EINTR) {
                        continue;
                    }
                    if (e == Native.EXDEV || e == Native.EOPNOTSUPP || e == Native.ENOSYS || e == Native.EINVAL) {
                        kernelRefused = true;
                        break;
                    }
                    throw FsException.errno(e, "copy_file_range");
                }
                if (done > 0) {
                    d.modified(s);
                }
            } finally {
                d.release();
            }
        } finally {
            release();
        }
        if (kernelRefused) {
            done += super.copyTo(offset + done, dst, dstOffset + done, count - done);
        }
        return done;
    }

    // ---------------------------------------------------------------- lock owners' descriptors

    /**
     * The owner's lock descriptor, acquired (the caller closes it): opened now when there is none
     * and {@code create}; null when there is none and not {@code create}. Reopened through
     * /proc/self/fd as the gateway itself (the caller's permission was checked when this handle
     * was opened), with this handle's access mode: a write lock needs a descriptor open for
     * writing, a read lock one open for reading (else EBADF).
     */
    FdRef lockFd(long owner, boolean create) {
        synchronized (lockFds) {
            if (isClosed()) {
                throw closedError();
            }
            FdRef r = lockFds.get(owner);
            if (r == null) {
                if (!create) {
                    return null;
                }
                r = reopen();
                lockFds.put(owner, r);
            }
            if (!r.tryAcquire()) {
                throw new IllegalStateException("lock descriptor of a live owner closed");
            }
            return r;
        }
    }

    /** Closes the owner's lock descriptor (dropping its locks) once no call uses it. */
    void releaseLockFd(long owner) {
        FdRef r;
        synchronized (lockFds) {
            r = lockFds.remove(owner);
        }
        if (r != null) {
            r.close();
        }
    }

    /** How many lock owners have a descriptor here (tests). */
    int lockOwners() {
        synchronized (lockFds) {
            return lockFds.size();
        }
    }

    /** This handle's own descriptor, acquired (the caller closes it). */
    FdRef acquireFd() {
        acquire();
        return fd;
    }

    private FdRef reopen() {
        acquire();
        try {
            int mode = accessMask() == (Filesystem.Access.READ | Filesystem.Access.WRITE) ? Native.O_RDWR
                    : accessMask() == Filesystem.Access.WRITE ? Native.O_WRONLY : Native.O_RDONLY;
            Scratch s = Scratch.get();
            for (;;) {
                int nfd = LIBC.openat(Native.AT_FDCWD, s.procPath(fd.fd), mode | Native.O_CLOEXEC | Native.O_NOCTTY, 0);
                if (nfd >= 0) {
                    return new FdRef(nfd, FileType.REGULAR, ino);
                }
                int e = errno();
                if (e != Native.EINTR) {
                    throw FsException.errno(e, "open for locking");
                }
            }
        } finally {
            release();
        }
    }

    @Override
    public void close() {
        if (markClosed()) {
            synchronized (lockFds) {
                lockFds.values().forEach(FdRef::close);
                lockFds.clear();
            }
            fd.close();
            fs.ioClosed(this);
        }
    }

    @Override
    public String toString() {
        return "LocalIoHandle[" + file() + ", fd " + fd.fd + ", mask " + accessMask() + "]";
    }
}
