package org.cephgw.actors.grace;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How the NFS layer of a head reaches its grace participant: the {@link ReclaimGate} the executor
 * asks before granting state, and the participant that hears about clients (confirmed, gone,
 * RECLAIM_COMPLETE, reclaims done). Immutable. {@link #NONE}: no grace database (never in grace).
 *
 * @param gate        asked before any OPEN or LOCK
 * @param participant null when there is none
 */
public record GraceLink(ReclaimGate gate, ActorRef<GraceParticipant.Command> participant) {

    public static final GraceLink NONE = new GraceLink(ReclaimGate.NEVER_IN_GRACE, null);

    /** The gate and the participant of a {@link GraceParticipant}. */
    public static GraceLink of(GraceGate gate, ActorRef<GraceParticipant.Command> participant) {
        return new GraceLink(gate, participant);
    }

    /**
     * A clientid was confirmed (its first CREATE_SESSION): record it for recovery. Completes once
     * the record is written (at once without a participant): the CREATE_SESSION reply waits for it.
     */
    public CompletionStage<Void> clientConfirmed(long clientId, InetAddress address, byte[] ownerId) {
        if (participant == null) {
            return CompletableFuture.completedFuture(null);
        }
        GraceParticipant.ClientConfirmed m = new GraceParticipant.ClientConfirmed(clientId,
                address == null ? "(unknown)" : address.getHostAddress(), ownerId);
        participant.tell(m);
        return m.durable();
    }

    /** A confirmed clientid is gone (lease expiry, DESTROY_CLIENTID, replaced by a restarted client). */
    public void clientRemoved(long clientId) {
        if (participant != null) {
            participant.tell(new GraceParticipant.ClientRemoved(clientId));
        }
    }

    public void reclaimComplete(long clientId, byte[] ownerId) {
        if (participant != null) {
            participant.tell(new GraceParticipant.ClientReclaimComplete(clientId, ownerId));
        }
    }

    /** A reclaim (OPEN CLAIM_PREVIOUS or LOCK with reclaim) was granted. */
    public void reclaimed(long clientId, boolean lock) {
        if (participant != null) {
            participant.tell(new GraceParticipant.Reclaimed(clientId, lock));
        }
    }
}
