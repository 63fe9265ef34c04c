package org.cephgw.persistence.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.NodeIds;
import org.cephgw.persistence.StoreException;

/**
 * The recovery databases of one head (node id): per epoch, the clients that hold state and may
 * reclaim it after a restart, as nfs-ganesha's {@code rados_cluster} backend keeps them — one object
 * {@code rec-<epoch as 16 lower-case hex digits>:<nodeid>} ({@link #objectName}) per epoch, whose
 * omap maps the decimal clientid ({@link #key}) to a {@link RecoveryRecord} value.
 *
 * <p>A head, with {@code (cur, rec)} from {@code GraceDb.start}: {@link #clear}{@code (cur)} (create
 * or empty the database new records go to); {@link #list} / {@link #findByOwner}{@code (rec)} — the
 * clients allowed to reclaim; {@link #put}{@code (cur, …)} when a clientid is confirmed (first
 * CREATE_SESSION) and when a delegation is revoked (with the handle appended);
 * {@link #remove}{@code (cur, …)} on lease expiry and DESTROY_CLIENTID; {@link #delete}{@code (rec)}
 * once the cluster grace period is over.
 *
 * <p>Every change is atomic (a reader sees the database before or after it, never half of it) and
 * durable when the call returns. Methods block: call them off the actor dispatchers. Errors are
 * {@link StoreException}s with a negative errno: {@code -ENOENT} the database of that epoch does not
 * exist, {@code -EINVAL} epoch 0 (never valid), {@code -ENOTRECOVERABLE} a stored database or value
 * is corrupt (refused, never repaired), {@code -EIO} (local) or the librados error (RADOS).
 */
public interface RecoveryDb extends AutoCloseable {

    /** The object name of a recovery database: {@code rec-%016x:<nodeid>} (epoch in lower-case hex). */
    static String objectName(long epoch, String nodeId) {
        return String.format("rec-%016x:%s", requireEpoch(epoch), NodeIds.validate(nodeId));
    }

    /** The omap key of a clientid: its unsigned decimal form. */
    static String key(long clientId) {
        return Long.toUnsignedString(clientId);
    }

    /** Fails with {@code -EINVAL} for epoch 0; returns the epoch. */
    static long requireEpoch(long epoch) {
        if (epoch == 0) {
            throw new StoreException(-Errno.EINVAL, "epoch 0 is never valid");
        }
        return epoch;
    }

    /** The node id whose databases this instance reads and writes. */
    String nodeId();

    /** True if the database of {@code epoch} exists. */
    boolean exists(long epoch);

    /** Creates the database of {@code epoch} if it does not exist; existing records are kept. */
    void create(long epoch);

    /** Creates the database of {@code epoch} if needed and removes every record, in one atomic step. */
    void clear(long epoch);

    /** Adds or replaces a client's record; {@code -ENOENT} if the database does not exist. */
    void put(long epoch, long clientId, RecoveryRecord record);

    /**
     * Adds or replaces several clients' records in one write (one omap operation, one file
     * rewrite): how a head records a crowd of clients arriving at once without a write each.
     * {@code -ENOENT} if the database does not exist.
     */
    default void putAll(long epoch, java.util.Map<Long, RecoveryRecord> records) {
        records.forEach((id, r) -> put(epoch, id, r));
    }

    /** Removes a client's record (absent: nothing happens); {@code -ENOENT} if the database does not exist. */
    void remove(long epoch, long clientId);

    /**
     * Every record of the database, ordered by unsigned clientid; {@code -ENOENT} if it does not
     * exist, {@code -ENOTRECOVERABLE} if a value is not in the record format.
     */
    SortedMap<Long, RecoveryRecord> list(long epoch);

    /**
     * The records whose owner matches {@code ownerId} ({@link RecoveryRecord#ownerMatches}): how
     * this project admits a reclaim — by client owner, whatever address the client now has. Usually
     * zero or one entry; more if a client re-established its clientid without the old one expiring.
     */
    default List<RecoveryEntry> findByOwner(long epoch, byte[] ownerId) {
        List<RecoveryEntry> found = new ArrayList<>();
        for (Map.Entry<Long, RecoveryRecord> e : list(epoch).entrySet()) {
            if (e.getValue().ownerMatches(ownerId)) {
                found.add(new RecoveryEntry(e.getKey(), e.getValue()));
            }
        }
        return found;
    }

    /** Deletes the database of {@code epoch}; false if it did not exist. */
    boolean delete(long epoch);

    /** The epochs (unsigned order) that have a database of this node — to clean up stale ones. */
    SortedSet<Long> epochs();

    /** Releases resources; the databases stay. */
    @Override
    void close();
}
