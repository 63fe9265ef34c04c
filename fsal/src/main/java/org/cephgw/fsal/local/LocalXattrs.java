package org.cephgw.fsal.local;

import java.util.List;
import java.util.Objects;

import jnr.ffi.Pointer;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.XattrSetMode;
import org.cephgw.fsal.util.UserXattrs;

import static org.cephgw.fsal.local.Native.LIBC;
import static org.cephgw.fsal.local.Native.errno;

/**
 * User extended attributes of the local back end: {@code getxattr}, {@code setxattr},
 * {@code listxattr} and {@code removexattr} on {@code /proc/self/fd/N} of the file's O_PATH
 * descriptor (see {@link Native.LibC#getxattr}), as the caller, so the kernel applies its rules
 * for the user namespace: read permission to get, write permission (or ownership, in a sticky
 * directory) to set and remove, and no user attributes on anything but regular files and
 * directories (getting one is NOXATTR, setting one PERM).
 *
 * <p>Values up to 64 KiB are read in one call: no Linux file system keeps larger ones (the xattr
 * system calls refuse them). What fits below that is the file system's business: ext4 without
 * the ea_inode feature keeps all of a file's attributes in the inode and one block, and answers
 * ENOSPC when a value does not fit, which is {@link FsError#XATTR2BIG} here as long as the file
 * system has free blocks.
 */
final class LocalXattrs implements Filesystem.Xattrs {
    /** Linux's XATTR_LIST_MAX: listxattr never returns more. */
    private static final int LIST_MAX = 65536;
    /** struct statfs: f_bavail */
    private static final int STATFS_BAVAIL = 32;

    private final LocalFilesystem fs;

    LocalXattrs(LocalFilesystem fs) {
        this.fs = fs;
    }

    /**
     * Whether the file system under {@code fd} takes user attributes: one without a handler for
     * them (tmpfs before Linux 6.6, some FUSE and network file systems) answers EOPNOTSUPP for
     * any name, one with a handler ENODATA for a missing one.
     */
    static boolean supported(int fd, Scratch s) {
        Scratch.putCString(s.path1, UserXattrs.nativeName("cephgw.probe"));
        long n = LIBC.getxattr(s.procPath(fd), s.path1P, null, 0);
        return n >= 0 || errno() != Native.EOPNOTSUPP;
    }

    @Override
    public byte[] get(Creds creds, FileHandle file, String name) {
        byte[] nb = UserXattrs.nativeName(name);
        Scratch s = Scratch.get();
        try (FdRef f = fs.resolveLinked(file, s)) {
            Scratch.putCString(s.path1, nb);
            Pointer buf = s.io(UserXattrs.MAX_VALUE_BYTES);
            Pointer p = s.procPath(f.fd);
            int sw = fs.switcher().enter(creds, s);
            long n;
            try {
                n = LIBC.getxattr(p, s.path1P, buf, UserXattrs.MAX_VALUE_BYTES);
            } finally {
                fs.switcher().exit(sw);
            }
            if (n < 0) {
                throw error(errno(), f, s, "getxattr " + name);
            }
            byte[] out = new byte[(int) n];
            buf.get(0, out, 0, (int) n);
            return out;
        }
    }

    @Override
    public ChangeInfo set(Creds creds, FileHandle file, String name, byte[] value, XattrSetMode mode) {
        byte[] nb = UserXattrs.nativeName(name);
        Objects.requireNonNull(value, "value");
        UserXattrs.checkValue(value);
        int flags = switch (Objects.requireNonNull(mode, "mode")) {
            case EITHER -> 0;
            case CREATE -> Native.XATTR_CREATE;
            case REPLACE -> Native.XATTR_REPLACE;
        };
        Scratch s = Scratch.get();
        try (FdRef f = fs.resolveLinked(file, s)) {
            long before = fs.changes().observe(LocalFilesystem.ino(s.stx), LocalFilesystem.ctimeNs(s.stx));
            Scratch.putCString(s.path1, nb);
            Pointer buf = s.io(Math.max(value.length, 1));
            buf.put(0, value, 0, value.length);
            Pointer p = s.procPath(f.fd);
            int sw = fs.switcher().enter(creds, s);
            int rc;
            try {
                rc = LIBC.setxattr(p, s.path1P, buf, value.length, flags);
            } finally {
                fs.switcher().exit(sw);
            }
            if (rc < 0) {
                throw error(errno(), f, s, "setxattr " + name);
            }
            return new ChangeInfo(false, before, modified(f, s));
        }
    }

    @Override
    public List<String> list(Creds creds, FileHandle file) {
        Scratch s = Scratch.get();
        try (FdRef f = fs.resolveLinked(file, s)) {
            Pointer buf = s.io(LIST_MAX);
            Pointer p = s.procPath(f.fd);
            int sw = fs.switcher().enter(creds, s);
            long n;
            try {
                n = LIBC.listxattr(p, buf, LIST_MAX);
            } finally {
                fs.switcher().exit(sw);
            }
            if (n < 0) {
                throw error(errno(), f, s, "listxattr");
            }
            byte[] b = new byte[(int) n];
            buf.get(0, b, 0, (int) n);
            return UserXattrs.fromList(b, (int) n);
        }
    }

    @Override
    public ChangeInfo remove(Creds creds, FileHandle file, String name) {
        byte[] nb = UserXattrs.nativeName(name);
        Scratch s = Scratch.get();
        try (FdRef f = fs.resolveLinked(file, s)) {
            long before = fs.changes().observe(LocalFilesystem.ino(s.stx), LocalFilesystem.ctimeNs(s.stx));
            Scratch.putCString(s.path1, nb);
            Pointer p = s.procPath(f.fd);
            int sw = fs.switcher().enter(creds, s);
            int rc;
            try {
                rc = LIBC.removexattr(p, s.path1P);
            } finally {
                fs.switcher().exit(sw);
            }
            if (rc < 0) {
                throw error(errno(), f, s, "removexattr " + name);
            }
            return new ChangeInfo(false, before, modified(f, s));
        }
    }

    /** The file's change value after a modification made here. */
    private long modified(FdRef f, Scratch s) {
        LocalFilesystem.fstatx(f.fd, s.stx, s.stxP);
        return fs.changes().modified(LocalFilesystem.ino(s.stx), LocalFilesystem.ctimeNs(s.stx));
    }

    private static FsException error(int e, FdRef f, Scratch s, String what) {
        if (e == Native.E2BIG || e == Native.ERANGE) {
            return new FsException(FsError.XATTR2BIG, what + ": too large (errno " + e + ")");
        }
        if (e == Native.ENOSPC && LIBC.fstatfs(f.fd, s.statfsP) == 0 && s.statfs.getLong(STATFS_BAVAIL) > 0) {
            // the disk has room, so it is the file's attribute space that is full
            return new FsException(FsError.XATTR2BIG, what + ": no room for the value in the file's attribute space");
        }
        return FsException.errno(e, what);
    }
}
