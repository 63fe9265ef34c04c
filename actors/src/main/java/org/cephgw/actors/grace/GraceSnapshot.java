package org.cephgw.actors.grace;

import java.util.Objects;
import java.util.Set;

/**
 * What the COMPOUND executor needs to know about this head's grace period, as the
 * {@link GraceParticipant} last published it. Immutable: a new snapshot replaces the old one
 * whenever the participant's view changes.
 *
 * @param phase          the participant's phase (for management; the gate reads the fields below)
 * @param inGrace        this head refuses new state (NFS4ERR_GRACE) and admits reclaims from the
 *                       allow-list; true from start until the cluster grace period is over, and
 *                       while another head's grace period is in force
 * @param allowOwners    client owners (rendered as in recovery records, {@code RecoveryRecord.renderOwner})
 *                       that may reclaim: the recovery database of epoch {@code rec}
 * @param completedOwners allow-listed owners that sent RECLAIM_COMPLETE (they may not reclaim any more)
 * @param reclaiming     the head is not back yet: joining, waiting for the others to enforce, or in a
 *                       grace period of its own whose reclaims are not done (its N is set), or leaving.
 *                       Readiness is false meanwhile, so a rolling update waits for it
 */
public record GraceSnapshot(GraceParticipant.Phase phase, boolean inGrace, Set<String> allowOwners,
                            Set<String> completedOwners, boolean reclaiming) {

    public GraceSnapshot {
        Objects.requireNonNull(phase, "phase");
        allowOwners = Set.copyOf(allowOwners);
        completedOwners = Set.copyOf(completedOwners);
    }

    /** A snapshot that is reclaiming exactly while the phase is before serving or leaving. */
    public GraceSnapshot(GraceParticipant.Phase phase, boolean inGrace, Set<String> allowOwners, Set<String> completedOwners) {
        this(phase, inGrace, allowOwners, completedOwners, phase == GraceParticipant.Phase.JOINING
                || phase == GraceParticipant.Phase.ENFORCING_WAIT || phase == GraceParticipant.Phase.LEAVING);
    }

    /** Before the participant has joined: everything new is refused, nothing can be reclaimed yet. */
    public static GraceSnapshot joining() {
        return new GraceSnapshot(GraceParticipant.Phase.JOINING, true, Set.of(), Set.of());
    }
}
