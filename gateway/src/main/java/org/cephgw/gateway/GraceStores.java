package org.cephgw.gateway;

import org.cephgw.gateway.config.GatewayConfig;
import org.cephgw.gateway.config.GraceConfig;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.cephgw.persistence.rados.RadosCluster;
import org.cephgw.persistence.rados.RadosConnectException;
import org.cephgw.persistence.rados.RadosGraceDb;
import org.cephgw.persistence.rados.RadosRecoveryDb;
import org.cephgw.persistence.rados.RadosSettings;
import org.cephgw.persistence.recovery.LocalRecoveryDb;
import org.cephgw.persistence.recovery.RecoveryDb;

/**
 * Opens this head's grace database and recovery databases as {@code gateway.grace} says.
 *
 * @param grace    the clustered grace database
 * @param recovery this head's recovery databases
 * @param cluster  the RADOS connection both use (closed after them); null for the local store
 * @param where    a description for messages and management
 * @param local    the embedded store: the gateway creates the database and adds itself when it is new
 */
record GraceStores(GraceDb grace, RecoveryDb recovery, AutoCloseable cluster, String where, boolean local)
        implements AutoCloseable {

    /** @throws GatewayServer.StartException naming the key when the store cannot be opened */
    static GraceStores open(GatewayConfig gc) {
        GraceConfig c = gc.grace();
        if (c.isLocal()) {
            try {
                LocalGraceDb db = LocalGraceDb.inStateDir(gc.stateDir());
                return new GraceStores(db, new LocalRecoveryDb(gc.stateDir(), gc.nodeId()), null,
                        "local, " + db.path(), true);
            } catch (StoreException | IllegalArgumentException e) {
                throw new GatewayServer.StartException("gateway.grace.store = \"local\" (gateway.state-dir "
                        + gc.stateDir() + ", gateway.node-id \"" + gc.nodeId() + "\"): " + e.getMessage(), e);
            }
        }
        return openRados(gc, c.rados());
    }

    /**
     * The grace database and the recovery databases of another member, {@code head}, over this
     * store's connection (RADOS) or state directory: one per head of a virtual-IP node. Closing
     * the result leaves this store's connection open.
     */
    GraceStores forMember(GatewayConfig gc, String head) {
        if (local) {
            LocalGraceDb db = LocalGraceDb.inStateDir(gc.stateDir());
            return new GraceStores(db, new LocalRecoveryDb(gc.stateDir(), head), null, where, true);
        }
        RadosCluster rados = (RadosCluster) cluster;
        GraceConfig.Rados r = gc.grace().rados();
        GraceDb db = new RadosGraceDb(rados, r.oid(), RadosGraceDb.DEFAULT_RECOVERY_POLL, RadosGraceDb.DEFAULT_SAFETY_POLL);
        try {
            return new GraceStores(db, new RadosRecoveryDb(rados, head), null, where, false);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The recovery databases of member {@code head}, over this store's connection or state directory. */
    RecoveryDb recoveryOf(GatewayConfig gc, String head) {
        return local ? new LocalRecoveryDb(gc.stateDir(), head) : new RadosRecoveryDb((RadosCluster) cluster, head);
    }

    /** Connects to RADOS (blocks up to the connect timeout); errors name the gateway.grace.rados key to fix. */
    private static GraceStores openRados(GatewayConfig gc, GraceConfig.Rados r) {
        RadosSettings settings;
        try {
            settings = new RadosSettings(r.conf(), r.user(), r.keyring(), r.key(), r.pool(), r.namespace(), null);
        } catch (IllegalArgumentException e) {
            throw new GatewayServer.StartException(key(settingOf(e.getMessage())) + ": " + e.getMessage(), e);
        }
        RadosCluster cluster;
        try {
            cluster = RadosCluster.connect(settings);
        } catch (RadosConnectException e) {
            throw new GatewayServer.StartException(key(e.setting()) + ": cannot connect to RADOS (" + e.step() + "): "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new GatewayServer.StartException("gateway.grace.store = \"rados\": " + e.getMessage(), e);
        }
        try {
            GraceDb db = new RadosGraceDb(cluster, r.oid(), RadosGraceDb.DEFAULT_RECOVERY_POLL,
                    RadosGraceDb.DEFAULT_SAFETY_POLL);
            RecoveryDb rec = new RadosRecoveryDb(cluster, gc.nodeId());
            return new GraceStores(db, rec, cluster, "rados, " + settings.location() + ", object " + r.oid(), false);
        } catch (RuntimeException e) {
            cluster.close();
            throw new GatewayServer.StartException("gateway.grace.rados (gateway.node-id \"" + gc.nodeId() + "\"): "
                    + e.getMessage(), e);
        }
    }

    private static String settingOf(String message) {
        return message == null ? "" : message.split(" ", 2)[0];
    }

    /** The gateway key of a RadosSettings setting name. */
    private static String key(String setting) {
        String k = switch (setting == null ? "" : setting) {
            case RadosSettings.CEPH_CONF -> "conf";
            case RadosSettings.USER_ID -> "user";
            case RadosSettings.KEYRING -> "keyring";
            case RadosSettings.KEY -> "key";
            case RadosSettings.POOL -> "pool";
            case RadosSettings.NAMESPACE -> "namespace";
            default -> null;
        };
        return k == null ? "gateway.grace.rados" : "gateway.grace.rados." + k;
    }

    @Override
    public void close() {
        try {
            grace.close();
        } finally {
            try {
                recovery.close();
            } finally {
                if (cluster != null) {
                    try {
                        cluster.close();
                    } catch (Exception e) {
                        // nothing more to release
                    }
                }
            }
        }
    }
}
