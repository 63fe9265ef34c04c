package org.cephgw.fsal.local;

import java.nio.ByteBuffer;

import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;

import static org.cephgw.fsal.local.Native.LIBC;
import static org.cephgw.fsal.local.Native.errno;

/**
 * Byte-range locks of the local back end as Linux open file description locks
 * ({@code fcntl(F_OFD_SETLK/F_OFD_GETLK)}), as nfs-ganesha's FSAL_VFS takes them: so that the
 * gateway's NFS locks conflict with locks local processes take on the exported files (POSIX
 * {@code fcntl} locks, OFD locks, and {@code flock}'s emulation where the file system maps it to
 * POSIX locks, e.g. on NFS; BSD {@code flock} locks proper are a separate kind on local file
 * systems and never conflict with fcntl locks).
 *
 * <p>OFD locks belong to an open file description, so each lock owner gets one of its own: a
 * descriptor reopened from the owner's {@link LocalIoHandle} (see {@link LocalIoHandle#lockFd}),
 * kept until {@link #release} or until that handle closes. A lock through it replaces the
 * overlapping part of the owner's own locks, as POSIX locks of one process do, and conflicts with
 * every other owner's. {@link #test} for an owner without a descriptor asks through the handle's
 * own descriptor, which holds no locks (so every lock conflicts).
 */
final class OfdLocks implements Filesystem.ByteRangeLocker {
    private final LocalFilesystem fs;

    OfdLocks(LocalFilesystem fs) {
        this.fs = fs;
    }

    /** fcntl(F_OFD_SETLK) never waits, and an owner's descriptor is reopened from one already open. */
    @Override
    public boolean immediate() {
        return true;
    }

    @Override
    public boolean tryLock(IoHandle io, long owner, boolean write, long offset, long length) {
        LocalIoHandle h = handleOf(io);
        Scratch s = Scratch.get();
        fill(s.flock, write ? Native.F_WRLCK : Native.F_RDLCK, offset, length);
        FdRef fd = h.lockFd(owner, true);
        try {
            for (;;) {
                if (LIBC.fcntl(fd.fd, Native.F_OFD_SETLK, s.flockP) == 0) {
                    return true;
                }
                int e = errno();
                if (e == Native.EAGAIN || e == Native.EACCES) {
                    return false;
                }
                if (e == Native.EBADF) {
                    // not a vanished handle: the owner's descriptor lacks the access the lock type needs
                    throw new FsException(FsError.ACCES, "a " + (write ? "write" : "read")
                            + " lock through a handle opened without " + (write ? "WRITE" : "READ"));
                }
                if (e != Native.EINTR) {
                    throw FsException.errno(e, "fcntl(F_OFD_SETLK)");
                }
            }
        } finally {
            fd.close();
        }
    }

    @Override
    public void unlock(IoHandle io, long owner, long offset, long length) {
        LocalIoHandle h = handleOf(io);
        Scratch s = Scratch.get();
        fill(s.flock, Native.F_UNLCK, offset, length);
        FdRef fd = h.lockFd(owner, false);
        if (fd == null) {
            return; // it never locked anything here
        }
        try {
            for (;;) {
                if (LIBC.fcntl(fd.fd, Native.F_OFD_SETLK, s.flockP) == 0) {
                    return;
                }
                int e = errno();
                if (e != Native.EINTR) {
                    throw FsException.errno(e, "fcntl(F_OFD_SETLK, F_UNLCK)");
                }
            }
        } finally {
            fd.close();
        }
    }

    @Override
    public Conflict test(IoHandle io, long owner, boolean write, long offset, long length) {
        LocalIoHandle h = handleOf(io);
        Scratch s = Scratch.get();
        ByteBuffer f = s.flock;
        fill(f, write ? Native.F_WRLCK : Native.F_RDLCK, offset, length);
        FdRef fd = h.lockFd(owner, false);
        if (fd == null) {
            fd = h.acquireFd();
        }
        try {
            for (;;) {
                if (LIBC.fcntl(fd.fd, Native.F_OFD_GETLK, s.flockP) == 0) {
                    break;
                }
                int e = errno();
                if (e != Native.EINTR) {
                    throw FsException.errno(e, "fcntl(F_OFD_GETLK)");
                }
            }
        } finally {
            fd.close();
        }
        short type = f.getShort(Native.FL_TYPE);
        if (type == Native.F_UNLCK) {
            return null;
        }
        long len = f.getLong(Native.FL_LEN);
        return new Conflict(type == Native.F_WRLCK, f.getLong(Native.FL_START), len == 0 ? -1 : len);
    }

    @Override
    public void release(IoHandle io, long owner) {
        handleOf(io).releaseLockFd(owner);
    }

    /** How many owners have a lock descriptor on {@code io} (tests). */
    static int owners(IoHandle io) {
        return ((LocalIoHandle) io).lockOwners();
    }

    /** An NFS range as a struct flock: length -1 (all ones) or past 2^63-1 is "to the end" (l_len 0). */
    private static void fill(ByteBuffer f, short type, long offset, long length) {
        if (offset < 0) {
            throw new FsException(FsError.INVAL, "lock offset " + Long.toUnsignedString(offset));
        }
        if (length == 0) {
            throw new FsException(FsError.INVAL, "lock of length 0");
        }
        long len = length < 0 || offset + length < 0 ? 0 : length;
        for (int i = 0; i < Native.FLOCK_SIZE; i++) {
            f.put(i, (byte) 0);
        }
        f.putShort(Native.FL_TYPE, type);
        f.putShort(Native.FL_WHENCE, (short) Native.SEEK_SET);
        f.putLong(Native.FL_START, offset);
        f.putLong(Native.FL_LEN, len);
        f.putInt(Native.FL_PID, 0); // must be 0 for OFD locks
    }

    private LocalIoHandle handleOf(IoHandle io) {
        if (io instanceof LocalIoHandle h && h.fs() == fs) {
            return h;
        }
        throw new FsException(FsError.INVAL, "not an I/O handle of this export");
    }
}
