package org.cephgw.fsal.cephfs;

/**
 * A CephFS export could not be mounted; {@link #setting()} names the configuration setting that is
 * most likely wrong, and the message says what was tried and what libcephfs answered.
 */
public class CephMountException extends RuntimeException {

    /** The setting a mount failure points at. */
    public enum Setting {
        /** the ceph.conf path (unreadable, not a ceph.conf) */
        CONF,
        /** the cephx user id */
        USER,
        /** the keyring file or the key (missing, unreadable, malformed, rejected) */
        KEY,
        /** the monitor addresses (mon_host in ceph.conf): unparsable or unreachable */
        MON_HOST,
        /** the file system name */
        FS_NAME,
        /** the path inside CephFS */
        EXPORT_PATH,
        /** the cluster answered, but no MDS serves the file system in time */
        MDS,
        /** the session-reclaim uuid */
        UUID,
        /** libcephfs itself (not installed, unusable) or an unclassified failure */
        OTHER
    }

    private final Setting setting;
    private final int errno;

    public CephMountException(Setting setting, int errno, String message) {
        super(message);
        this.setting = setting;
        this.errno = errno;
    }

    public Setting setting() {
        return setting;
    }

    /** The positive errno libcephfs returned, 0 when the failure was found before calling it. */
    public int errno() {
        return errno;
    }
}
