package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions the local back end calls (through jnr-ffi) and the Linux constants it
 * needs. Only 64-bit Linux on x86_64 and aarch64 is supported: the few constants that differ
 * between those two are chosen at class initialisation.
 */
final class Native {

    /** glibc, bound by jnr-ffi. {@code @SaveError} functions leave errno for {@link #errno()}. */
    public interface LibC {
        @SaveError
        int openat(int dirfd, Pointer path, int flags, int mode);

        @SaveError
        int close(int fd);

        @SaveError
        int statx(int dirfd, Pointer path, int flags, int mask, Pointer buf);

        @SaveError
        int name_to_handle_at(int dirfd, Pointer path, Pointer handle, Pointer mountId, int flags);

        @SaveError
        int open_by_handle_at(int mountFd, Pointer handle, int flags);

        @SaveError
        int fchmodat(int dirfd, Pointer path, int mode, int flags);

        @SaveError
        int fchownat(int dirfd, Pointer path, int uid, int gid, int flags);

        @SaveError
        int utimensat(int dirfd, Pointer path, Pointer times, int flags);

        @SaveError
        int truncate(Pointer path, long length);

        @SaveError
        int mkdirat(int dirfd, Pointer path, int mode);

        @SaveError
        int symlinkat(Pointer target, int dirfd, Pointer path);

        @SaveError
        int mknodat(int dirfd, Pointer path, int mode, long dev);

        @SaveError
        int linkat(int olddirfd, Pointer oldpath, int newdirfd, Pointer newpath, int flags);

        @SaveError
        int unlinkat(int dirfd, Pointer path, int flags);

        @SaveError
        int renameat(int olddirfd, Pointer oldpath, int newdirfd, Pointer newpath);

        @SaveError
        long readlinkat(int dirfd, Pointer path, Pointer buf, long size);

        @SaveError
        long getdents64(int fd, Pointer buf, long count);

        @SaveError
        long lseek(int fd, long offset, int whence);

        @SaveError
        int fstatfs(int fd, Pointer buf);

        @SaveError
        long pread(int fd, Pointer buf, long count, long offset);

        @SaveError
        long pwrite(int fd, Pointer buf, long count, long offset);

        @SaveError
        int fsync(int fd);

        @SaveError
        int fdatasync(int fd);

        @SaveError
        int fallocate(int fd, int mode, long offset, long length);

        /** {@code offIn}/{@code offOut} point at loff_t values: the descriptors' positions stay untouched. */
        @SaveError
        long copy_file_range(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

        /*
         * Extended attributes by path, following the last component: the back end passes
         * /proc/self/fd/N of its O_PATH descriptors, which f*xattr refuse (EBADF) on the kernels
         * it supports, and the magic link leads to the file itself (a symbolic link included),
         * never through it.
         */

        @SaveError
        long getxattr(Pointer path, Pointer name, Pointer value, long size);

        @SaveError
        int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags);

        @SaveError
        long listxattr(Pointer path, Pointer list, long size);

        @SaveError
        int removexattr(Pointer path, Pointer name);

        /** fcntl with a struct flock argument (F_OFD_SETLK, F_OFD_GETLK). */
        @SaveError
        int fcntl(int fd, int cmd, Pointer flock);

        /* The credential calls must not disturb the errno saved by the operation they surround. */

        @IgnoreError
        int setfsuid(int uid);

        @IgnoreError
        int setfsgid(int gid);

        /** syscall(SYS_setgroups, n, list): the raw syscall changes only the calling thread. */
        @IgnoreError
        long syscall(long number, long count, Pointer list);

        @IgnoreError
        int geteuid();

        @IgnoreError
        int getegid();

        @IgnoreError
        int getgroups(int size, Pointer list);
    }

    static final LibC LIBC;
    static final jnr.ffi.Runtime RUNTIME;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_SYMLINK_FOLLOW = 0x400;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_BTIME = 0x800;
    static final int STATX_WANT = STATX_BASIC_STATS | STATX_BTIME;

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 060000;
    static final int S_IFDIR = 040000;
    static final int S_IFCHR = 020000;
    static final int S_IFIFO = 010000;
    static final int S_ISGID = 02000;

    static final int SEEK_SET = 0;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;

    static final long UTIME_NOW = (1L << 30) - 1;
    static final long UTIME_OMIT = (1L << 30) - 2;

    /** open file description locks (Linux 3.15): owned by the open file description, not the process */
    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;

    /** struct flock offsets (the same on x86_64 and aarch64): l_type, l_whence, l_start, l_len, l_pid */
    static final int FL_TYPE = 0;
    static final int FL_WHENCE = 2;
    static final int FL_START = 8;
    static final int FL_LEN = 16;
    static final int FL_PID = 24;
    static final int FLOCK_SIZE = 32;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int E2BIG = 7;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ERANGE = 34;
    static final int ENOSYS = 38;
    static final int ENODATA = 61;
    static final int EOVERFLOW = 75;
    static final int EOPNOTSUPP = 95;
    static final int ESTALE = 116;

    /** setxattr flags */
    static final int XATTR_CREATE = 1;
    static final int XATTR_REPLACE = 2;

    /** syscall number of setgroups on this architecture. */
    static final long SYS_SETGROUPS;

    /** struct statx offsets. */
    static final int STX_MASK = 0;
    static final int STX_NLINK = 16;
    static final int STX_UID = 20;
    static final int STX_GID = 24;
    static final int STX_MODE = 28;
    static final int STX_INO = 32;
    static final int STX_SIZE = 40;
    static final int STX_BLOCKS = 48;
    static final int STX_ATIME = 64;
    static final int STX_BTIME = 80;
    static final int STX_CTIME = 96;
    static final int STX_MTIME = 112;
    static final int STX_RDEV_MAJOR = 128;
    static final int STX_RDEV_MINOR = 132;
    static final int STX_DEV_MAJOR = 136;
    static final int STX_DEV_MINOR = 140;
    static final int STATX_SIZE = 256;

    /** MAX_HANDLE_SZ: the largest f_handle the kernel produces. */
    static final int MAX_HANDLE_SZ = 128;

    private static final Pointer EMPTY;

    static {
        Platform p = Platform.getNativePlatform();
        if (p.getOS() != Platform.OS.LINUX) {
            throw new UnsupportedOperationException("the local back end needs Linux, not " + p.getOS());
        }
        if (p.getCPU() == Platform.CPU.X86_64) {
            O_DIRECTORY = 0200000;
            O_NOFOLLOW = 0400000;
            SYS_SETGROUPS = 116;
        } else if (p.getCPU() == Platform.CPU.AARCH64) {
            O_DIRECTORY = 040000;
            O_NOFOLLOW = 0100000;
            SYS_SETGROUPS = 159;
        } else {
            throw new UnsupportedOperationException("the local back end supports x86_64 and aarch64, not " + p.getCPU());
        }
        LIBC = LibraryLoader.create(LibC.class).load("c");
        RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
        ByteBuffer e = direct(8);
        EMPTY = Pointer.wrap(RUNTIME, e);
        // load and link the errno accessor now, not first inside a credential-switched section
        LastError.getLastError(RUNTIME);
    }

    private Native() {
    }

    /** The errno saved by the last {@code @SaveError} call on this thread. */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /** A zero-filled direct buffer in native byte order. */
    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** A native pointer to the start of a direct buffer (its position must be 0). */
    static Pointer pointer(ByteBuffer direct) {
        if (!direct.isDirect() || direct.position() != 0) {
            throw new IllegalArgumentException("need a direct buffer at position 0");
        }
        return Pointer.wrap(RUNTIME, direct);
    }

    /** The empty C string, for AT_EMPTY_PATH calls (never written to). */
    static Pointer empty() {
        return EMPTY;
    }

    /** A direct pointer {@code off} bytes after the direct pointer {@code p}. */
    static Pointer offset(Pointer p, long off) {
        return off == 0 ? p : Pointer.wrap(RUNTIME, p.address() + off);
    }

    /** glibc's makedev. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            LIBC.close(fd);
        }
    }
}
