package org.cephgw.persistence.rados;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.ceph.rados.exceptions.RadosException;

/**
 * The Ceph cluster of the RADOS tests (they run only with {@code -Dceph=true}), found like the
 * fsal's CephFsTestSupport: {@code -Dceph.conf}, else $CEPH_CONF, else the cluster that
 * scripts/ceph-dev-cluster.sh keeps in $CEPH_DEV_DIR (default /tmp/cephgw-ceph). The user is the
 * gateway's own, {@code client.cephgw} ($CEPH_DEV_USER, keyring $CEPH_DEV_USER_KEYRING), whose osd
 * caps allow rw only on pool $CEPH_DEV_META_POOL (cephfs.a.meta) namespace $CEPH_DEV_NAMESPACE
 * (ganesha) — so the tests also prove those caps are enough. That namespace is shared, so every
 * test uses object ids and node ids that carry this run's random id, and removes its objects.
 */
public final class RadosTestSupport {
    /** This run's id, part of every object and node id the tests make. */
    public static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    private RadosTestSupport() {}

    public static Path devClusterDir() {
        return Path.of(env("CEPH_DEV_DIR", "/tmp/cephgw-ceph"));
    }

    public static Path confPath() {
        String p = System.getProperty("ceph.conf");
        if (p == null || p.isBlank()) {
            p = System.getenv("CEPH_CONF");
        }
        if ((p == null || p.isBlank()) && Files.isRegularFile(devClusterDir().resolve("ceph.conf"))) {
            return devClusterDir().resolve("ceph.conf");
        }
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    public static String user() {
        return env("CEPH_DEV_USER", "cephgw");
    }

    public static Path keyring() {
        String k = System.getenv("CEPH_DEV_USER_KEYRING");
        Path p = k == null || k.isBlank() ? devClusterDir().resolve("client." + user() + ".keyring") : Path.of(k);
        return Files.isRegularFile(p) ? p : null;
    }

    public static String pool() {
        return env("CEPH_DEV_META_POOL", "cephfs.a.meta");
    }

    public static String namespace() {
        return env("CEPH_DEV_NAMESPACE", "ganesha");
    }

    public static RadosSettings settings() {
        return new RadosSettings(confPath(), user(), keyring(), null, pool(), namespace(), Duration.ofSeconds(15));
    }

    public static RadosCluster connect() {
        return RadosCluster.connect(settings());
    }

    /** A fresh object id for this run ({@code <prefix>-<run>-<n>}), removed by {@link #cleanup}. */
    public static String uniqueOid(String prefix) {
        String oid = prefix + "-" + RUN + "-" + SEQ.incrementAndGet();
        CREATED.add(oid);
        return oid;
    }

    /** A fresh node id for this run. */
    public static String uniqueNode(String prefix) {
        return prefix + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    /** Remembers an object to remove at the end. */
    public static void created(String oid) {
        CREATED.add(oid);
    }

    /** Removes the objects of this run that tests registered. */
    public static void cleanup(RadosCluster c) {
        for (String oid : CREATED) {
            try {
                c.ioCtx().remove(oid);
            } catch (RadosException e) {
                // absent already
            }
        }
        CREATED.clear();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
