package org.cephgw.persistence;

/**
 * The Linux errno values the grace and recovery databases report. {@link StoreException#errno()}
 * carries them negated, the way librados and nfs-ganesha's {@code rados_grace} functions return
 * them, so that a command-line tool can print {@code Failure: <errno>} exactly like
 * {@code ganesha-rados-grace}.
 */
public final class Errno {
    /** No such object: the database does not exist; {@code member} with a node that is not one. */
    public static final int ENOENT = 2;
    /** An I/O error of the local implementation (the cause is attached). */
    public static final int EIO = 5;
    /** Already exists. */
    public static final int EEXIST = 17;
    /** Invalid argument: no node ids, a malformed node id, epoch 0. */
    public static final int EINVAL = 22;
    /** No space: more members than nfs-ganesha can read (1024). */
    public static final int ENOSPC = 28;
    /** Version mismatch on a guarded write (RADOS {@code assert_version}); retried internally. */
    public static final int ERANGE = 34;
    /** Not every member enforces ({@code rados_grace_enforcing_check}). */
    public static final int EL2NSYNC = 45;
    /** An epoch counter would wrap around. */
    public static final int EOVERFLOW = 75;
    /** A node given to join/start/lift/remove/enforce/noenforce is not a member. */
    public static final int ENOKEY = 126;
    /** The stored database is corrupt (wrong size, bad format, bad checksum): refused, never repaired. */
    public static final int ENOTRECOVERABLE = 131;

    private Errno() {}

    /** The symbolic name of a (positive or negative) errno value, e.g. {@code "ENOKEY"}. */
    public static String name(int errno) {
        switch (Math.abs(errno)) {
            case ENOENT: return "ENOENT";
            case EIO: return "EIO";
            case EEXIST: return "EEXIST";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case ERANGE: return "ERANGE";
            case EL2NSYNC: return "EL2NSYNC";
            case EOVERFLOW: return "EOVERFLOW";
            case ENOKEY: return "ENOKEY";
            case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
            default: return "errno " + Math.abs(errno);
        }
    }
}
