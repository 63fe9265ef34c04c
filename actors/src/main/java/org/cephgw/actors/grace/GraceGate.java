package org.cephgw.actors.grace;

import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.recovery.RecoveryRecord;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * The {@link ReclaimGate} of a head that takes part in clustered grace periods: it answers from
 * the last {@link GraceSnapshot} its {@link GraceParticipant} published.
 *
 * <p>Why a read-only snapshot rather than asking the participant: the gate is consulted on every
 * OPEN and LOCK, on the executor's thread, and must answer in nanoseconds; an ask would add a
 * thread hand-off to each of them. The snapshot can lag the participant by the time it takes a
 * volatile write to become visible, and nothing more, and each lag is harmless:
 * <ul>
 * <li>entering a grace period, the participant publishes "in grace" <em>before</em> it tells the
 *     database it enforces (and at start before anything is served), so no new state is granted
 *     once another head may count on us refusing it;</li>
 * <li>leaving it, a request that still sees "in grace" gets NFS4ERR_GRACE, which clients retry;</li>
 * <li>a RECLAIM_COMPLETE not yet in the snapshot could let one more reclaim from that client in;
 *     the executor also checks the session's own RECLAIM_COMPLETE flag, which is exact.</li>
 * </ul>
 * Only the participant writes the field (one writer, immutable values), so this is the
 * "publish an immutable value" pattern, not shared mutable state.
 */
public final class GraceGate implements ReclaimGate {
    private volatile GraceSnapshot snapshot = GraceSnapshot.joining();
    /** System.nanoTime() when the snapshot last turned "in grace" (a head starts in grace) */
    private volatile long inGraceSince = System.nanoTime();
    /** the grace database as the participant last read it or heard of it (null: not yet) */
    private volatile GraceState database;

    /** Called by the participant only. */
    void publish(GraceSnapshot s) {
        if (s.inGrace() && !snapshot.inGrace()) {
            inGraceSince = System.nanoTime();
        }
        snapshot = s;
    }

    /** Called by the participant only, with each state of the database it acts on. */
    void publishDatabase(GraceState st) {
        database = st;
    }

    public GraceSnapshot snapshot() {
        return snapshot;
    }

    /** How long this head has been in its current grace period; zero when it is in none (metrics). */
    public java.time.Duration timeInGrace() {
        long since = inGraceSince;
        return snapshot.inGrace() ? java.time.Duration.ofNanos(System.nanoTime() - since) : java.time.Duration.ZERO;
    }

    /**
     * The grace database (epochs, members and their N/E flags) as this head's participant last saw
     * it, without reading it again; null before the participant has joined.
     */
    public GraceState database() {
        return database;
    }

    @Override
    public int admitNew(long clientId) {
        return snapshot.inGrace() ? NfsStat4.NFS4ERR_GRACE : NfsStat4.NFS4_OK;
    }

    @Override
    public int admitReclaim(long clientId, byte[] ownerId) {
        GraceSnapshot s = snapshot;
        if (!s.inGrace()) {
            return NfsStat4.NFS4ERR_NO_GRACE;
        }
        if (ownerId == null || ownerId.length == 0) {
            return NfsStat4.NFS4ERR_RECLAIM_BAD;
        }
        String owner = RecoveryRecord.renderOwner(ownerId);
        if (!s.allowOwners().contains(owner)) {
            return NfsStat4.NFS4ERR_RECLAIM_BAD;
        }
        // RFC 8881 §18.51.3: after RECLAIM_COMPLETE a reclaim is NFS4ERR_NO_GRACE
        return s.completedOwners().contains(owner) ? NfsStat4.NFS4ERR_NO_GRACE : NfsStat4.NFS4_OK;
    }
}
