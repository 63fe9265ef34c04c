package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Pekko cluster nodes in one JVM over one local grace database, each with the watcher singleton
 * offered as the gateway does (with a janitor): node 1 runs head a, node 2 head b; the database
 * also has a member no node of this cluster runs (an nfs-ganesha head). Node 2 is downed, as the
 * split brain resolver does with a crashed node.
 */
class GraceJanitorClusterTest {
    private static final String SYSTEM = "cephgw-janitor-test";
    private static final Duration REMOVE_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private LoopbackCluster cluster;
    @SuppressWarnings("unchecked")
    private final ActorRef<GraceWatcher.Command>[] watchers = new ActorRef[2];

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private LocalGraceDb db() {
        LocalGraceDb db = new LocalGraceDb(dir.resolve(LocalGraceDb.FILE_NAME), Duration.ofMillis(100));
        closing.add(db);
        return db;
    }

    private ActorRef<GraceWatcher.Command> watcher(ActorTestKit kit) {
        ActorRef<Topic.Command<GraceEvent>> topic = kit.spawn(GraceWatcher.topic(), "grace-topic");
        return GraceWatcher.init(kit.system(), db(), topic, new GraceWatcher.Settings(Duration.ofMillis(300), REMOVE_AFTER));
    }

    /**
     * Two nodes, each offering the watcher singleton (node 1, the oldest, runs it), node 1 running
     * head a and node 2 head b.
     */
    private ActorTestKit[] twoNodesRunningAAndB() throws IOException {
        cluster = new LoopbackCluster(SYSTEM, "pekko.cluster.distributed-data.gossip-interval = 200ms\n");
        ActorTestKit k1 = cluster.node();
        ActorTestKit k2 = cluster.node();
        await().atMost(Duration.ofSeconds(30)).until(() -> LoopbackCluster.up(k1) == 2 && LoopbackCluster.up(k2) == 2);
        watchers[0] = watcher(k1);
        watchers[1] = watcher(k2);
        HeadLocations.record(k1.system(), "a");
        HeadLocations.record(k2.system(), "b");
        return new ActorTestKit[] {k1, k2};
    }

    private static Departures.View view(ActorTestKit kit, ActorRef<GraceWatcher.Command> watcher) {
        TestProbe<Departures.View> p = kit.createTestProbe();
        watcher.tell(new GraceWatcher.GetMembership(p.ref()));
        return p.receiveMessage(Duration.ofSeconds(10));
    }

    private static Departures.Member member(Departures.View v, String name) {
        return v.members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aHeadWhoseNodeIsGoneIsEnforcedForAtOnceAndRemovedAfterTheDelayOthersAreLeftAlone() throws IOException {
        LocalGraceDb admin = db();
        admin.create();
        admin.add("a", "b", "ganesha-1");
        // the grace period ended long ago; nobody has flags
        admin.noenforce("a", "b", "ganesha-1");

        ActorTestKit[] k = twoNodesRunningAAndB();
        ActorTestKit k1 = k[0];
        ActorTestKit k2 = k[1];
        ActorRef<GraceWatcher.Command> w1 = watchers[0];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Departures.View v = view(k1, w1);
            assertThat(member(v, "a").ours()).isTrue();
            assertThat(member(v, "b").alive()).isTrue();
            assertThat(member(v, "ganesha-1").ours()).isFalse();
        });

        // a restarts: a grace period in which b, alive, must enforce itself — nobody does it for it
        admin.start("a");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> !admin.read().members().get("b").enforcing());
        assertThat(view(k1, w1).why()).contains("not enforcing: b, ganesha-1 (not a head of this cluster)");

        // b's node crashes and is downed: b grants nothing any more, the janitor enforces for it at once
        Cluster.get(k1.system()).manager().tell(new Down(k2.system().address()));
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.read().members().get("b").enforcing());
        Departures.Member b = member(view(k1, w1), "b");
        assertThat(b.alive()).isFalse();
        assertThat(b.removeInSeconds()).isBetween(0L, REMOVE_AFTER.toSeconds());
        // the foreign head is never enforced for; as a live nfs-ganesha head it enforces itself
        assertThat(admin.read().members().get("ganesha-1")).isEqualTo(Flags.NONE);
        admin.enforce("ganesha-1");

        // after the delay b is gone from the database; a and the foreign head stay
        await().atMost(REMOVE_AFTER.plusSeconds(10)).until(() -> !admin.read().members().containsKey("b"));
        GraceState st = admin.read();
        assertThat(st.members()).containsOnlyKeys("a", "ganesha-1");
        assertThat(st.inGrace()).as("a still needs its grace period").isTrue();
        assertThat(view(k1, w1).members()).extracting(Departures.Member::name).containsExactlyInAnyOrder("a", "ganesha-1");
    }

    @Test
    void aHeadThatLeftInAGracePeriodOfItsOwnNoLongerHoldsTheOthersInGraceAfterTheDelay() throws IOException {
        LocalGraceDb admin = db();
        admin.create();
        admin.add("a", "b");
        admin.noenforce("a", "b");

        ActorTestKit[] k = twoNodesRunningAAndB();
        ActorTestKit k1 = k[0];
        ActorTestKit k2 = k[1];
        ActorRef<GraceWatcher.Command> w1 = watchers[0];
        await().atMost(Duration.ofSeconds(30)).until(() -> member(view(k1, w1), "b").alive());

        // b stops cleanly (scale-down): its start() opens a grace period for its successor, which never comes
        admin.start("b");
        admin.enforce("a");
        cluster.stop(k2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !member(view(k1, w1), "b").alive());
        assertThat(admin.read().inGrace()).isTrue();
        assertThat(view(k1, w1).why()).contains("waiting for these members to lift (their clients reclaim): b (away; removed in");

        await().atMost(REMOVE_AFTER.plusSeconds(10)).until(() -> !admin.read().inGrace());
        assertThat(admin.read().members()).containsOnlyKeys("a");
    }
}
