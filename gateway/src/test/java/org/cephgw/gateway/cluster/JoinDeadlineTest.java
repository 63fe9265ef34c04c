package org.cephgw.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.cephgw.gateway.cluster.JoinDeadline.State;
import org.junit.jupiter.api.Test;

class JoinDeadlineTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final JoinDeadline deadline = new JoinDeadline(Duration.ofSeconds(60), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void waitsUntilTheTimeIsOverThenGivesUpForGood() {
        assertThat(deadline.check(false)).isEqualTo(State.WAITING);
        advance(Duration.ofSeconds(59).plusMillis(999));
        assertThat(deadline.check(false)).isEqualTo(State.WAITING);
        advance(Duration.ofMillis(1));
        assertThat(deadline.check(false)).isEqualTo(State.GAVE_UP);
        // Up too late changes nothing: the node is already stopping
        assertThat(deadline.check(true)).isEqualTo(State.GAVE_UP);
    }

    @Test
    void upInTimeIsJoinedForGood() {
        advance(Duration.ofSeconds(30));
        assertThat(deadline.check(true)).isEqualTo(State.JOINED);
        advance(Duration.ofMinutes(5));
        // leaving the cluster later (or any status) is no failure to join
        assertThat(deadline.check(false)).isEqualTo(State.JOINED);
    }

    @Test
    void aClockNearItsWrapStillCounts() {
        now.set(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos());
        JoinDeadline d = new JoinDeadline(Duration.ofSeconds(60), now::get);
        advance(Duration.ofSeconds(30));
        assertThat(d.check(false)).isEqualTo(State.WAITING);
        advance(Duration.ofSeconds(30));
        assertThat(d.check(false)).isEqualTo(State.GAVE_UP);
    }
}
