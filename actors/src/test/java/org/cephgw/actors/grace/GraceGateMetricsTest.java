package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.cephgw.persistence.grace.GraceState;
import org.junit.jupiter.api.Test;

/** What a head's gate offers metrics besides its snapshot: time in the current grace period, the database last seen. */
class GraceGateMetricsTest {

    private static GraceSnapshot snapshot(GraceParticipant.Phase phase) {
        return new GraceSnapshot(phase, phase != GraceParticipant.Phase.SERVING, Set.of(), Set.of());
    }

    @Test
    void timeInGraceCountsFromTheStartOfTheCurrentGracePeriodAndIsZeroOutsideOne() {
        GraceGate gate = new GraceGate();
        // a head starts in grace
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> gate.timeInGrace().toMillis() >= 20);

        gate.publish(snapshot(GraceParticipant.Phase.SERVING));
        assertThat(gate.timeInGrace()).isZero();

        gate.publish(snapshot(GraceParticipant.Phase.IN_GRACE));
        Duration fresh = gate.timeInGrace();
        assertThat(fresh).isLessThan(Duration.ofMillis(20));
        // staying in grace (a new snapshot, the same period) does not restart the clock
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> gate.timeInGrace().toMillis() >= 30);
        gate.publish(snapshot(GraceParticipant.Phase.IN_GRACE));
        assertThat(gate.timeInGrace()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void theDatabaseIsWhatTheParticipantLastPublished() {
        GraceGate gate = new GraceGate();
        assertThat(gate.database()).isNull();
        TreeMap<String, GraceState.Flags> members = new TreeMap<>(GraceState.NODE_ORDER);
        members.put("a", GraceState.Flags.NE);
        members.put("b", GraceState.Flags.E);
        GraceState st = new GraceState(3, 2, members);
        gate.publishDatabase(st);
        assertThat(gate.database()).isSameAs(st);
    }
}
