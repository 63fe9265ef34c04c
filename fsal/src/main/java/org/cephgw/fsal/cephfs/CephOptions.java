package org.cephgw.fsal.cephfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CephFilesystem} reaches its CephFS export.
 *
 * @param confPath       the ceph.conf to read (monitor addresses, …); null = libcephfs's default
 *                       search path ($CEPH_CONF, /etc/ceph/ceph.conf, …)
 * @param userId         the cephx id without "client.", e.g. "cephgw" for client.cephgw; null =
 *                       "admin"
 * @param keyring        a keyring file holding the user's key; null = the one ceph.conf names
 * @param key            the user's secret key (base64), instead of a keyring; null = none
 * @param fsName         the CephFS file system to mount; null = the cluster's default file system
 * @param exportPath     the directory inside CephFS to export ("/" for all of it)
 * @param exportId       the export's id (0..65535), pinned in the cluster configuration so that every
 *                       gateway node makes and accepts the same handles
 * @param mountTimeout   how long connecting may take: a dead monitor, an unreachable cluster or a
 *                       file system without an active MDS fails after about this long
 *                       (libcephfs's {@code client_mount_timeout}); at least 1 s
 * @param uuid           the stable CephFS client uuid of this gateway node for session reclaim, or
 *                       null: when set, the old session of that uuid is reset
 *                       ({@code ceph_start_reclaim(CEPH_RECLAIM_RESET)}) before mounting and the
 *                       new session takes the uuid
 * @param inodeCacheSize how many Inode references the back end keeps pinned (least recently used
 *                       dropped first); the export root is always pinned
 */
public record CephOptions(
        Path confPath,
        String userId,
        Path keyring,
        String key,
        String fsName,
        String exportPath,
        int exportId,
        Duration mountTimeout,
        String uuid,
        int inodeCacheSize) {

    public static final Duration DEFAULT_MOUNT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_INODE_CACHE_SIZE = 8192;

    public CephOptions {
        exportPath = exportPath == null || exportPath.isEmpty() ? "/" : exportPath;
        if (!exportPath.startsWith("/")) {
            throw new IllegalArgumentException("export path must be absolute inside CephFS: " + exportPath);
        }
        if (exportId < 0 || exportId > 0xffff) {
            throw new IllegalArgumentException("export id " + exportId + " is not in 0..65535");
        }
        mountTimeout = mountTimeout == null ? DEFAULT_MOUNT_TIMEOUT : mountTimeout;
        if (mountTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("mount timeout " + mountTimeout + " is below 1 s");
        }
        if (inodeCacheSize < 16) {
            throw new IllegalArgumentException("inode cache size " + inodeCacheSize + " is below 16");
        }
        if (keyring != null && key != null) {
            throw new IllegalArgumentException("give a keyring or a key, not both");
        }
        if (userId != null && (userId.isEmpty() || userId.startsWith("client."))) {
            throw new IllegalArgumentException("user id '" + userId + "': give the id without \"client.\"");
        }
    }

    /** The usual options: conf, user, keyring, file system and path; export id 1, defaults otherwise. */
    public static CephOptions of(Path confPath, String userId, Path keyring, String fsName, String exportPath) {
        return new CephOptions(confPath, userId, keyring, null, fsName, exportPath, 1, DEFAULT_MOUNT_TIMEOUT, null,
                DEFAULT_INODE_CACHE_SIZE);
    }

    /** The cephx user id as libcephfs gets it. */
    public String effectiveUserId() {
        return userId == null ? "admin" : userId;
    }

    public CephOptions withConfPath(Path p) {
        return new CephOptions(p, userId, keyring, key, fsName, exportPath, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withUserId(String u) {
        return new CephOptions(confPath, u, keyring, key, fsName, exportPath, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withKeyring(Path k) {
        return new CephOptions(confPath, userId, k, null, fsName, exportPath, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withKey(String k) {
        return new CephOptions(confPath, userId, null, k, fsName, exportPath, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withFsName(String f) {
        return new CephOptions(confPath, userId, keyring, key, f, exportPath, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withExportPath(String p) {
        return new CephOptions(confPath, userId, keyring, key, fsName, p, exportId, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withExportId(int id) {
        return new CephOptions(confPath, userId, keyring, key, fsName, exportPath, id, mountTimeout, uuid, inodeCacheSize);
    }

    public CephOptions withMountTimeout(Duration t) {
        return new CephOptions(confPath, userId, keyring, key, fsName, exportPath, exportId, t, uuid, inodeCacheSize);
    }

    public CephOptions withUuid(String u) {
        return new CephOptions(confPath, userId, keyring, key, fsName, exportPath, exportId, mountTimeout, u, inodeCacheSize);
    }

    public CephOptions withInodeCacheSize(int n) {
        return new CephOptions(confPath, userId, keyring, key, fsName, exportPath, exportId, mountTimeout, uuid, n);
    }

    @Override
    public String toString() {
        // never the key
        return "CephOptions[conf=" + confPath + ", user=client." + effectiveUserId() + ", keyring=" + keyring
                + ", key=" + (key == null ? "none" : "(set)") + ", fs=" + Objects.requireNonNullElse(fsName, "(default)")
                + ", path=" + exportPath + ", exportId=" + exportId + ", mountTimeout=" + mountTimeout
                + ", uuid=" + uuid + ", inodeCacheSize=" + inodeCacheSize + "]";
    }
}
