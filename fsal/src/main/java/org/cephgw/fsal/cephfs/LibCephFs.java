package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;

/**
 * The libcephfs functions the CephFS back end calls, bound by jnr-ffi to the runtime library
 * {@code libcephfs.so.2} (Debian's libcephfs2 16.2, Pacific), and the constants and struct layouts
 * it needs. Every pointer argument (mount, Inode*, Fh*, UserPerm*, buffers) is passed as its
 * address in a {@code long}, which the x86_64 and aarch64 calling conventions treat exactly like
 * a pointer; {@code inodeno_t} (one u64) and {@code vinodeno_t} (two u64) passed by value travel
 * in the same registers as one and two {@code long}s. Functions return 0 or a negative errno.
 *
 * <p><b>jnr-ffi 2.3.4 drops the sixth argument</b> of a function whose six parameters are all
 * primitive numbers (its fast numeric call path passes garbage instead; checked with a test
 * library: five, seven or more arguments are fine, and so is six when one is a {@link Pointer}).
 * Every function with exactly six parameters therefore takes its last one (the UserPerm) as a
 * {@link Pointer}: {@code ceph_ll_getattr}, {@code ceph_ll_getxattr}, {@code ceph_ll_listxattr},
 * {@code ceph_ll_rename}. Keep it so when adding functions.
 *
 * <p>Struct layouts (checked against the 16.2 headers with gcc on x86_64; aarch64 is the same):
 * {@code struct ceph_statx} 136 bytes, {@code struct dirent} 280, {@code struct statvfs} 112,
 * {@code struct flock} 32.
 */
final class LibCephFs {

    /** libcephfs, bound by jnr-ffi; addresses as {@code long}. */
    public interface Api {
        String ceph_version(Pointer major, Pointer minor, Pointer patch);

        int ceph_create(long cmountOut, long id);

        int ceph_conf_read_file(long cmount, long pathList);

        int ceph_conf_set(long cmount, long option, long value);

        int ceph_conf_get(long cmount, long option, long buf, long len);

        int ceph_init(long cmount);

        int ceph_select_filesystem(long cmount, long fsName);

        int ceph_mount(long cmount, long root);

        int ceph_unmount(long cmount);

        int ceph_abort_conn(long cmount);

        int ceph_release(long cmount);

        long ceph_get_fs_cid(long cmount);

        void ceph_set_uuid(long cmount, long uuid);

        void ceph_set_session_timeout(long cmount, int timeout);

        int ceph_start_reclaim(long cmount, long uuid, int flags);

        void ceph_finish_reclaim(long cmount);

        long ceph_userperm_new(int uid, int gid, int ngids, long gidlist);

        void ceph_userperm_destroy(long perm);

        int ceph_ll_lookup_root(long cmount, long inodeOut);

        /** inodeno_t by value = one u64 */
        int ceph_ll_lookup_inode(long cmount, long ino, long inodeOut);

        /** vinodeno_t by value = two u64 */
        int ceph_ll_lookup_vino(long cmount, long ino, long snapid, long inodeOut);

        int ceph_ll_lookup(long cmount, long parent, long name, long inodeOut, long stx, int want, int flags, long perms);

        int ceph_ll_put(long cmount, long inode);

        int ceph_ll_getattr(long cmount, long inode, long stx, int want, int flags, Pointer perms);

        int ceph_ll_setattr(long cmount, long inode, long stx, int mask, long perms);

        int ceph_ll_open(long cmount, long inode, int flags, long fhOut, long perms);

        long ceph_ll_lseek(long cmount, long fh, long offset, int whence);

        int ceph_ll_read(long cmount, long fh, long off, long len, long buf);

        int ceph_ll_write(long cmount, long fh, long off, long len, long data);

        int ceph_ll_fsync(long cmount, long fh, int syncDataOnly);

        int ceph_ll_fallocate(long cmount, long fh, int mode, long offset, long length);

        int ceph_ll_close(long cmount, long fh);

        int ceph_ll_getxattr(long cmount, long inode, long name, long value, long size, Pointer perms);

        int ceph_ll_setxattr(long cmount, long inode, long name, long value, long size, int flags, long perms);

        int ceph_ll_listxattr(long cmount, long inode, long list, long bufSize, long listSizeOut, Pointer perms);

        int ceph_ll_removexattr(long cmount, long inode, long name, long perms);

        int ceph_ll_create(long cmount, long parent, long name, int mode, int oflags, long inodeOut, long fhOut,
                           long stx, int want, int lflags, long perms);

        int ceph_ll_mknod(long cmount, long parent, long name, int mode, long rdev, long inodeOut, long stx,
                          int want, int flags, long perms);

        int ceph_ll_mkdir(long cmount, long parent, long name, int mode, long inodeOut, long stx, int want,
                          int flags, long perms);

        int ceph_ll_symlink(long cmount, long parent, long name, long value, long inodeOut, long stx, int want,
                            int flags, long perms);

        int ceph_ll_link(long cmount, long inode, long newParent, long name, long perms);

        int ceph_ll_unlink(long cmount, long dir, long name, long perms);

        int ceph_ll_rmdir(long cmount, long dir, long name, long perms);

        int ceph_ll_rename(long cmount, long parent, long name, long newParent, long newName, Pointer perms);

        int ceph_ll_readlink(long cmount, long inode, long buf, long bufSize, long perms);

        int ceph_ll_statfs(long cmount, long inode, long statvfs);

        int ceph_ll_opendir(long cmount, long inode, long dirOut, long perms);

        int ceph_ll_releasedir(long cmount, long dir);

        int ceph_readdirplus_r(long cmount, long dir, long dirent, long stx, int want, int flags, long inodeOut);

        long ceph_telldir(long cmount, long dir);

        void ceph_seekdir(long cmount, long dir, long offset);

        int ceph_ll_getlk(long cmount, long fh, long flock, long owner);

        int ceph_ll_setlk(long cmount, long fh, long flock, long owner, int sleep);
    }

    static final Api API;
    static final jnr.ffi.Runtime RUNTIME;
    /** The library's version string, e.g. "ceph version 16.2.15 ..." */
    static final String VERSION;
    private static final Throwable LOAD_FAILURE;

    // ---- struct ceph_statx
    static final int STATX_SIZE = 136;
    static final int STX_MASK = 0;
    static final int STX_BLKSIZE = 4;
    static final int STX_NLINK = 8;
    static final int STX_UID = 12;
    static final int STX_GID = 16;
    static final int STX_MODE = 20;
    static final int STX_INO = 24;
    static final int STX_SIZE = 32;
    static final int STX_BLOCKS = 40;
    /** libcephfs reports the snapshot id (vinodeno_t.snapid) in stx_dev */
    static final int STX_DEV = 48;
    static final int STX_RDEV = 56;
    static final int STX_ATIME = 64;
    static final int STX_CTIME = 80;
    static final int STX_MTIME = 96;
    static final int STX_BTIME = 112;
    static final int STX_VERSION = 128;

    static final int CEPH_STATX_BASIC_STATS = 0x7ff;
    static final int CEPH_STATX_SIZE = 0x200;
    static final int CEPH_STATX_BTIME = 0x800;
    static final int CEPH_STATX_VERSION = 0x1000;
    /** what every getattr asks for */
    static final int WANT = CEPH_STATX_BASIC_STATS | CEPH_STATX_BTIME | CEPH_STATX_VERSION;

    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_STATX_DONT_SYNC = 0x4000;

    // ---- setattr mask
    static final int SETATTR_MODE = 1;
    static final int SETATTR_UID = 1 << 1;
    static final int SETATTR_GID = 1 << 2;
    static final int SETATTR_MTIME = 1 << 3;
    static final int SETATTR_ATIME = 1 << 4;
    static final int SETATTR_SIZE = 1 << 5;
    static final int SETATTR_MTIME_NOW = 1 << 7;
    static final int SETATTR_ATIME_NOW = 1 << 8;

    // ---- struct dirent (glibc, 64-bit)
    static final int DIRENT_SIZE = 280;
    static final int D_NAME = 19;

    // ---- struct statvfs (glibc, 64-bit)
    static final int STATVFS_SIZE = 112;

    // ---- struct flock (64-bit)
    static final int FLOCK_SIZE = 32;
    static final int FL_TYPE = 0;
    static final int FL_WHENCE = 2;
    static final int FL_START = 8;
    static final int FL_LEN = 16;
    static final int FL_PID = 24;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;

    static final int SEEK_SET = 0;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    static final int FALLOC_FL_KEEP_SIZE = 1;
    static final int FALLOC_FL_PUNCH_HOLE = 2;

    static final int XATTR_CREATE = 1;
    static final int XATTR_REPLACE = 2;

    static final int CEPH_RECLAIM_RESET = 1;

    /** snapid of the live file system */
    static final long CEPH_NOSNAP = -2L;

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 060000;
    static final int S_IFDIR = 040000;
    static final int S_IFCHR = 020000;
    static final int S_IFIFO = 010000;
    static final int S_ISGID = 02000;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int E2BIG = 7;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int EDEADLK = 35;
    static final int ENODATA = 61;
    static final int ETIMEDOUT = 110;
    static final int ESTALE = 116;

    static {
        Api api = null;
        jnr.ffi.Runtime rt = null;
        String version = null;
        Throwable failure = null;
        try {
            Platform p = Platform.getNativePlatform();
            if (p.getOS() != Platform.OS.LINUX || (p.getCPU() != Platform.CPU.X86_64 && p.getCPU() != Platform.CPU.AARCH64)) {
                throw new UnsupportedOperationException("the CephFS back end supports Linux on x86_64 and aarch64, not "
                        + p.getOS() + " on " + p.getCPU());
            }
            try {
                api = load("cephfs");
            } catch (UnsatisfiedLinkError e) {
                // only the runtime package is installed: no libcephfs.so symlink, just the soname
                api = load("libcephfs.so.2");
            }
            rt = jnr.ffi.Runtime.getRuntime(api);
            version = api.ceph_version(null, null, null);
        } catch (Throwable t) {
            failure = t;
        }
        API = api;
        RUNTIME = rt;
        VERSION = version;
        LOAD_FAILURE = failure;
    }

    private static Api load(String name) {
        return LibraryLoader.create(Api.class)
                .option(LibraryOption.IgnoreError, true)
                .failImmediately()
                .load(name);
    }

    private LibCephFs() {
    }

    /** Throws when libcephfs could not be loaded (not installed, wrong platform). */
    static void requireLoaded() {
        if (API == null) {
            throw new IllegalStateException("libcephfs (package libcephfs2) cannot be loaded: " + LOAD_FAILURE, LOAD_FAILURE);
        }
    }

    /** Whether libcephfs can be loaded in this process. */
    static boolean available() {
        return API != null;
    }

    /** A zero-filled direct buffer in native byte order. */
    static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /** The address of a direct buffer's first byte. */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("need a direct buffer");
        }
        return Pointer.wrap(RUNTIME, direct.duplicate().position(0)).address();
    }

    /** A NUL-terminated UTF-8 copy of {@code s} in native memory (null stays null). */
    static ByteBuffer cstring(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = direct(b.length + 1);
        buf.put(0, b);
        return buf;
    }

    static long addressOrNull(ByteBuffer b) {
        return b == null ? 0 : address(b);
    }

    /** glibc's makedev. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
