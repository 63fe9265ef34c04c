package org.cephgw.fsal;

/**
 * A file's attributes as a back end reports them.
 *
 * @param mode      permission bits and set-id/sticky bits only (07777), not the type
 * @param spaceUsed bytes allocated on disk
 * @param fileId    the inode number, unique within the back end's file system
 * @param change    a value that differs after every modification of the file's data or
 *                  attributes (NFSv4 change attribute); never goes backwards while the gateway runs
 * @param birthTime creation time, or null where the back end does not know it
 */
public record Stat(
        FileType type,
        int mode,
        long nlink,
        int uid,
        int gid,
        long size,
        long spaceUsed,
        int rdevMajor,
        int rdevMinor,
        long fileId,
        Timestamp atime,
        Timestamp mtime,
        Timestamp ctime,
        Timestamp birthTime,
        long change) {

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }
}
