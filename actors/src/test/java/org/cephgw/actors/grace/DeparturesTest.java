package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.Test;

class DeparturesTest {
    private static final String NODE_A = "pekko://cephgw@10.0.0.1:25520";
    private static final String NODE_B = "pekko://cephgw@10.0.0.2:25520";
    private static final Duration REMOVE_AFTER = Duration.ofSeconds(90);

    private static GraceState state(long cur, long rec, Object... memberFlags) {
        TreeMap<String, Flags> m = new TreeMap<>(GraceState.NODE_ORDER);
        for (int i = 0; i < memberFlags.length; i += 2) {
            m.put((String) memberFlags[i], (Flags) memberFlags[i + 1]);
        }
        return new GraceState(cur, rec, m);
    }

    private Departures departures(GraceState st, Map<String, String> locations, Set<String> present) {
        Departures d = new Departures(REMOVE_AFTER);
        d.state(st);
        d.locations(locations);
        d.present(present);
        return d;
    }

    @Test
    void nothingHappensWhileEveryHeadOfOursIsAlive() {
        Departures d = departures(state(3, 2, "a", Flags.NE, "b", Flags.E), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A, NODE_B));
        assertThat(d.evaluate(0)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(1_000_000)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.view(0).members()).allSatisfy(m -> assertThat(m.alive()).isTrue());
    }

    @Test
    void aGoneHeadWithoutEIsEnforcedForAtOnceDuringAGracePeriod() {
        // b was killed while serving (no flags); a restarted and opened a grace period: it would wait for b's E forever
        Departures d = departures(state(3, 2, "a", Flags.NE, "b", Flags.NONE), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A));
        assertThat(d.evaluate(1000).enforce()).containsExactly("b");
        assertThat(d.view(1000).why()).contains("not enforcing: b (away");
    }

    @Test
    void aGoneHeadIsRemovedOnlyAfterItWasAwayForTheWholeDelay() {
        // b left with a clean stop: its start() opened a grace period in which its clients may reclaim
        Departures d = departures(state(4, 3, "a", Flags.E, "b", Flags.NE), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A));
        assertThat(d.evaluate(10_000)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(10_000 + REMOVE_AFTER.toMillis() - 1)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.view(10_000 + 30_000).members()).filteredOn(m -> m.name().equals("b"))
                .singleElement().satisfies(m -> {
                    assertThat(m.alive()).isFalse();
                    assertThat(m.awaySeconds()).isEqualTo(30);
                    assertThat(m.removeInSeconds()).isEqualTo(60);
                });
        assertThat(d.evaluate(10_000 + REMOVE_AFTER.toMillis()).remove()).containsExactly("b");
    }

    @Test
    void aHeadThatComesBackInTimeIsKept() {
        Departures d = departures(state(4, 3, "a", Flags.E, "b", Flags.NE), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A));
        d.evaluate(0);
        d.present(Set.of(NODE_A, NODE_B));
        assertThat(d.evaluate(60_000)).isEqualTo(Departures.Actions.NONE);
        // away again: the delay starts over
        d.present(Set.of(NODE_A));
        assertThat(d.evaluate(70_000)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(70_000 + REMOVE_AFTER.toMillis() - 1)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(70_000 + REMOVE_AFTER.toMillis()).remove()).containsExactly("b");
    }

    @Test
    void aHeadThatMovedToAnotherNodeIsAlive() {
        // virtual-IP mode: b's node went, sharding started b on node A, which recorded it
        Departures d = departures(state(4, 3, "a", Flags.E, "b", Flags.NE), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A));
        d.evaluate(0);
        d.locations(Map.of("a", NODE_A, "b", NODE_A));
        assertThat(d.evaluate(REMOVE_AFTER.toMillis() * 2)).isEqualTo(Departures.Actions.NONE);
    }

    @Test
    void headsThisClusterNeverRanAreLeftAlone() {
        // an nfs-ganesha head sharing the database: not ours, never enforced for or removed
        Departures d = departures(state(4, 3, "a", Flags.NE, "ganesha-1", Flags.NONE), Map.of("a", NODE_A), Set.of(NODE_A));
        assertThat(d.evaluate(0)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(REMOVE_AFTER.toMillis() * 10)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.view(0).why()).contains("ganesha-1 (not a head of this cluster)");
    }

    @Test
    void removalWaitsUntilTheGoneHeadEnforces() {
        // a remove changes nothing while a member lacks E during a grace period: enforce first
        Departures d = departures(state(4, 3, "a", Flags.NE, "b", Flags.N), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A));
        d.evaluate(0);
        assertThat(d.evaluate(REMOVE_AFTER.toMillis())).isEqualTo(new Departures.Actions(java.util.List.of("b"), java.util.List.of()));
        d.state(state(4, 3, "a", Flags.NE, "b", Flags.NE));
        assertThat(d.evaluate(REMOVE_AFTER.toMillis()).remove()).containsExactly("b");
    }

    @Test
    void nobodyIsAwayBeforeTheClusterMembershipIsKnown() {
        Departures d = new Departures(REMOVE_AFTER);
        d.state(state(4, 3, "a", Flags.NE, "b", Flags.NONE));
        d.locations(Map.of("a", NODE_A, "b", NODE_B));
        assertThat(d.evaluate(REMOVE_AFTER.toMillis() * 2)).isEqualTo(Departures.Actions.NONE);
    }

    @Test
    void theReasonForGraceNamesWhatTheClusterWaitsFor() {
        Departures d = departures(state(4, 3, "a", Flags.NE, "b", Flags.E), Map.of("a", NODE_A, "b", NODE_B), Set.of(NODE_A, NODE_B));
        d.evaluate(0);
        assertThat(d.view(0).why()).isEqualTo("in grace (clients may reclaim from epoch 3): waiting for these members"
                + " to lift (their clients reclaim): a");
        d.state(state(4, 0, "a", Flags.NONE, "b", Flags.NONE));
        assertThat(d.view(0).why()).isEqualTo("not in grace");
    }

    @Test
    void aHeadNoMemberIsConfiguredWithAnyMoreIsAwayThoughItsNodeIsBack() {
        // a virtual-IP head set made smaller: h2 last ran on node A, which restarted with heads h0, h1 only
        Departures d = departures(state(5, 4, "h0", Flags.E, "h1", Flags.E, "h2", Flags.NE),
                Map.of("h0", NODE_A, "h1", NODE_B, "h2", NODE_A), Set.of(NODE_A, NODE_B));
        d.configured(java.util.Optional.of(Set.of("h0", "h1")));
        assertThat(d.evaluate(0)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.view(0).why()).contains("h2 (configured on no node; removed in 90 s)");
        assertThat(d.view(0).members()).filteredOn(m -> m.name().equals("h2")).singleElement()
                .satisfies(m -> assertThat(m.alive()).isFalse());
        assertThat(d.evaluate(REMOVE_AFTER.toMillis()).remove()).containsExactly("h2");
    }

    @Test
    void withoutEveryMembersHeadsOnlyTheNodesPresenceCounts() {
        // a node of an earlier release publishes no heads: nothing can be told retired
        Departures d = departures(state(5, 0, "h0", Flags.NONE, "h2", Flags.NONE),
                Map.of("h0", NODE_A, "h2", NODE_A), Set.of(NODE_A));
        d.configured(java.util.Optional.empty());
        assertThat(d.evaluate(0)).isEqualTo(Departures.Actions.NONE);
        assertThat(d.evaluate(REMOVE_AFTER.toMillis() * 2)).isEqualTo(Departures.Actions.NONE);
    }
}
