package org.cephgw.persistence.rados;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.ceph.rados.exceptions.RadosException;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.NodeIds;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.recovery.RecoveryDb;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * A head's recovery databases in RADOS, as nfs-ganesha's {@code rados_cluster} backend keeps them:
 * one object {@code rec-<epoch %016x>:<nodeid>} per epoch in the pool and namespace of the grace
 * database, omap key = decimal clientid, value = {@link RecoveryRecord#encode()}. Every change is
 * one write op, so it is atomic; {@link #clear} creates and empties in the same op. {@link #list}
 * reads pages of {@value #PAGE} records, the later pages under {@code assert_version} so that a
 * listing is one consistent version. The instance does not own the {@link RadosCluster}.
 */
public final class RadosRecoveryDb implements RecoveryDb {
    /** Records per read op. */
    public static final int PAGE = 1024;

    private final RadosCluster cluster;
    private final String nodeId;
    private final int page;

    public RadosRecoveryDb(RadosCluster cluster, String nodeId) {
        this(cluster, nodeId, PAGE);
    }

    RadosRecoveryDb(RadosCluster cluster, String nodeId, int page) {
        this.cluster = java.util.Objects.requireNonNull(cluster, "cluster");
        this.nodeId = NodeIds.validate(nodeId);
        this.page = page;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean exists(long epoch) {
        String oid = RecoveryDb.objectName(epoch, nodeId);
        try {
            cluster.ioCtx().stat(oid);
            return true;
        } catch (RadosException e) {
            int rc = RadosCluster.errno(e);
            if (rc == -Errno.ENOENT) {
                return false;
            }
            throw cluster.failure(rc, "stat", oid);
        }
    }

    @Override
    public void create(long epoch) {
        RadosCluster.Write w = new RadosCluster.Write();
        w.create = LibRados.CREATE_IDEMPOTENT;
        write(epoch, "create", w);
    }

    @Override
    public void clear(long epoch) {
        RadosCluster.Write w = new RadosCluster.Write();
        w.create = LibRados.CREATE_IDEMPOTENT;
        w.omapClear = true;
        write(epoch, "clear", w);
    }

    @Override
    public void put(long epoch, long clientId, RecoveryRecord record) {
        RadosCluster.Write w = new RadosCluster.Write();
        w.assertExists = true;
        w.omapSet.put(RecoveryDb.key(clientId), record.encode().getBytes(StandardCharsets.US_ASCII));
        write(epoch, "put", w);
    }

    @Override
    public void putAll(long epoch, java.util.Map<Long, RecoveryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        RadosCluster.Write w = new RadosCluster.Write();
        w.assertExists = true;
        records.forEach((id, r) -> w.omapSet.put(RecoveryDb.key(id), r.encode().getBytes(StandardCharsets.US_ASCII)));
        write(epoch, "put", w);
    }

    @Override
    public void remove(long epoch, long clientId) {
        RadosCluster.Write w = new RadosCluster.Write();
        w.assertExists = true;
        w.omapRemove.add(RecoveryDb.key(clientId));
        write(epoch, "remove", w);
    }

    private void write(long epoch, String op, RadosCluster.Write w) {
        String oid = RecoveryDb.objectName(epoch, nodeId);
        int rc = cluster.write(oid, w);
        if (rc == -Errno.ENOENT) {
            throw missing(oid);
        }
        if (rc < 0) {
            throw cluster.failure(rc, op, oid);
        }
    }

    @Override
    public SortedMap<Long, RecoveryRecord> list(long epoch) {
        String oid = RecoveryDb.objectName(epoch, nodeId);
        restart:
        while (true) {
            SortedMap<Long, RecoveryRecord> records = new TreeMap<>(Long::compareUnsigned);
            Long version = null;
            String after = "";
            while (true) {
                RadosCluster.ReadResult r;
                try {
                    r = cluster.read(oid, -1, after, page, version);
                } catch (RadosCluster.OpFailed e) {
                    if (version != null && (e.rc == -Errno.ERANGE || e.rc == -RadosCluster.EOVERFLOW)) {
                        continue restart; // changed while we paged
                    }
                    throw cluster.failure(e.rc, "list", oid);
                } catch (RadosCluster.BadKey e) {
                    throw corrupt(oid, "key 0x" + HexFormat.of().formatHex(e.key) + " is not a clientid");
                }
                if (r == null) {
                    throw missing(oid);
                }
                if (version == null) {
                    version = r.version();
                }
                for (Map.Entry<String, byte[]> e : r.omap().entrySet()) {
                    records.put(clientId(oid, e.getKey()), record(oid, e.getKey(), e.getValue()));
                    after = e.getKey();
                }
                if (!r.more() || r.omap().isEmpty()) {
                    return records;
                }
            }
        }
    }

    private long clientId(String oid, String key) {
        // canonical unsigned decimal only: the key must be what RecoveryDb.key writes
        try {
            long id = Long.parseUnsignedLong(key);
            if (RecoveryDb.key(id).equals(key)) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw corrupt(oid, "key '" + key + "' is not a decimal clientid");
    }

    private RecoveryRecord record(String oid, String key, byte[] value) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        try {
            return RecoveryRecord.decode(text);
        } catch (IllegalArgumentException e) {
            throw corrupt(oid, "clientid " + key + ": " + e.getMessage());
        }
    }

    @Override
    public boolean delete(long epoch) {
        String oid = RecoveryDb.objectName(epoch, nodeId);
        try {
            cluster.ioCtx().remove(oid);
            return true;
        } catch (RadosException e) {
            int rc = RadosCluster.errno(e);
            if (rc == -Errno.ENOENT) {
                return false;
            }
            throw cluster.failure(rc, "delete", oid);
        }
    }

    @Override
    public SortedSet<Long> epochs() {
        String[] names;
        try {
            names = cluster.ioCtx().listObjects(); // this namespace only
        } catch (RadosException e) {
            throw new StoreException(RadosCluster.errno(e), "listing the objects of " + cluster.settings().location()
                    + " failed");
        }
        SortedSet<Long> epochs = new TreeSet<>(Long::compareUnsigned);
        String suffix = ":" + nodeId;
        for (String name : names) {
            // rec-<16 lower-case hex digits>:<nodeid>
            if (name.length() == 4 + 16 + suffix.length() && name.startsWith("rec-") && name.endsWith(suffix)) {
                String hex = name.substring(4, 20);
                if (hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    long epoch = Long.parseUnsignedLong(hex, 16);
                    if (epoch != 0) {
                        epochs.add(epoch);
                    }
                }
            }
        }
        return epochs;
    }

    @Override
    public void close() {
        // nothing of our own: the cluster belongs to the caller
    }

    @Override
    public String toString() {
        return "RadosRecoveryDb[" + cluster.settings().location() + ", node " + NodeIds.quote(nodeId) + "]";
    }

    private StoreException missing(String oid) {
        return new StoreException(-Errno.ENOENT, "recovery database " + cluster.where(oid) + " does not exist");
    }

    private StoreException corrupt(String oid, String why) {
        return new StoreException(-Errno.ENOTRECOVERABLE, "corrupt recovery database " + cluster.where(oid) + ": "
                + why);
    }
}
