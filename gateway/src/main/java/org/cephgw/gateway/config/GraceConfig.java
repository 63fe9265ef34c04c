package org.cephgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code gateway.grace { }}: where this head's grace database and recovery databases live.
 *
 * @param store        {@code "local"} (files in {@code gateway.state-dir}, the embedded single-node
 *                     default) or {@code "rados"} (nfs-ganesha {@code rados_cluster} objects)
 * @param pollInterval how often the grace database is re-read besides watch notifications (by the
 *                     GraceWatcher singleton in a cluster, else by the head itself)
 * @param rados        the RADOS location; null unless {@code store = "rados"}
 * @param safetyPollInterval in a cluster, how often each head re-reads the database itself besides
 *                     the singleton's events
 * @param addSelf      a head that is no member of the database adds itself (and creates the
 *                     database if it is missing); false: an administrator adds members
 * @param removeDepartedAfter how long a head of this cluster may be away (its node not a cluster
 *                     member) before the cluster removes it from the database
 */
public record GraceConfig(String store, Duration pollInterval, Rados rados, Duration safetyPollInterval, boolean addSelf,
                          Duration removeDepartedAfter) {

    public static final Duration DEFAULT_SAFETY_POLL = Duration.ofSeconds(30);

    public static final String LOCAL = "local";
    public static final String RADOS = "rados";

    /**
     * {@code gateway.grace.rados { }}, as {@code ganesha-rados-grace}'s options name them.
     *
     * @param conf      ceph.conf (null: librados' default search)
     * @param user      cephx id without {@code client.} (null: librados' default, admin)
     * @param keyring   keyring file (or {@code key}); both null: what ceph.conf says
     * @param key       the secret key itself
     * @param pool      pool of the grace and recovery objects (nfs-ganesha's default {@code nfs-ganesha})
     * @param namespace RADOS namespace ("" = none; cephadm uses the NFS cluster id)
     * @param oid       object id of the grace database (default {@code grace})
     */
    public record Rados(Path conf, String user, Path keyring, String key, String pool, String namespace, String oid) {
    }

    public boolean isLocal() {
        return LOCAL.equals(store);
    }
}
