package org.cephgw.fsal;

/** Why a back-end operation failed; the gateway maps each to an nfsstat4. */
public enum FsError {
    PERM, NOENT, IO, NXIO, ACCES, EXIST, XDEV, NOTDIR, ISDIR, INVAL, FBIG, NOSPC, ROFS, MLINK,
    NAMETOOLONG, NOTEMPTY, DQUOT, STALE, BADHANDLE, NOTSUPP, BADTYPE, DELAY, SYMLINK, SERVERFAULT,
    /** a readdir cookie that no longer names a position in the directory */
    BAD_COOKIE,
    /** a lock request that conflicts (for back ends that hold byte-range locks) */
    DENIED,
    /** read/write on something that is not a regular file */
    WRONG_TYPE,
    /** the extended attribute does not exist (ENODATA) */
    NOXATTR,
    /** an extended attribute value larger than the back end can keep */
    XATTR2BIG;

    /** Maps a Linux errno (positive) to the nearest error. */
    public static FsError fromErrno(int errno) {
        return switch (errno) {
            case 1 -> PERM;
            case 2 -> NOENT;
            case 5 -> IO;
            case 6 -> NXIO;
            case 13 -> ACCES;
            case 17 -> EXIST;
            case 18 -> XDEV;
            case 20 -> NOTDIR;
            case 21 -> ISDIR;
            case 22 -> INVAL;
            case 27 -> FBIG;
            case 28 -> NOSPC;
            case 30 -> ROFS;
            case 31 -> MLINK;
            case 36 -> NAMETOOLONG;
            case 39 -> NOTEMPTY;
            case 40 -> SYMLINK; // ELOOP: a symlink where a directory was expected
            case 61 -> NOXATTR; // ENODATA: only the xattr calls return it on Linux file systems
            case 95, 38 -> NOTSUPP; // EOPNOTSUPP, ENOSYS
            case 116 -> STALE;
            case 122 -> DQUOT;
            case 11, 4 -> DELAY; // EAGAIN, EINTR
            case 9 -> STALE; // EBADF on a handle that vanished
            default -> IO;
        };
    }
}
