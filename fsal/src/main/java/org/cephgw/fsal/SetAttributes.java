package org.cephgw.fsal;

/**
 * Attributes to change; a null component is left as it is.
 *
 * @param mode  permission bits (07777)
 * @param size  truncate or extend to this size (regular files only)
 */
public record SetAttributes(Integer mode, Integer uid, Integer gid, Long size, TimeSet atime, TimeSet mtime) {
    public static final SetAttributes NONE = new SetAttributes(null, null, null, null, null, null);

    public boolean isEmpty() {
        return mode == null && uid == null && gid == null && size == null && atime == null && mtime == null;
    }

    public SetAttributes withoutSize() {
        return new SetAttributes(mode, uid, gid, null, atime, mtime);
    }

    /** A time to set: the server's clock (SET_TO_SERVER_TIME4) or a given time. */
    public record TimeSet(boolean serverTime, Timestamp time) {
        public static final TimeSet SERVER = new TimeSet(true, null);

        public static TimeSet of(Timestamp t) {
            return new TimeSet(false, t);
        }
    }
}
