package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.cephgw.persistence.recovery.LocalRecoveryDb;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Pekko cluster nodes in one JVM (artery on 127.0.0.1), each running the head of its own
 * (a on node 1, b on node 2) over one shared local grace database file, with the
 * {@link GraceWatcher} singleton and the grace topic. The heads do not watch the database and
 * their own polls are an hour apart once they serve, so everything they learn about a third head
 * c comes through the singleton and the topic — also after the singleton's node is stopped.
 */
class GraceWatcherClusterTest {
    private static final String SYSTEM = "cephgw-grace-test";
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private LoopbackCluster cluster;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** One node of the cluster: what the gateway starts on each, then its head. */
    private static final class Node {
        final ActorTestKit kit;
        final LocalGraceDb db;
        final ActorRef<Topic.Command<GraceEvent>> topic;
        final ActorRef<GraceWatcher.Command> watcher;
        ActorRef<GraceParticipant.Command> participant;
        GraceGate gate;
        CompletableFuture<Void> ready;

        Node(ActorTestKit kit, LocalGraceDb db) {
            this.kit = kit;
            this.db = db;
            this.topic = kit.spawn(GraceWatcher.topic(), "grace-topic");
            // as the gateway does on every node: offer to run the singleton, with this node's connection
            this.watcher = GraceWatcher.init(kit.system(), db, topic, new GraceWatcher.Settings(HOUR));
        }

        String address() {
            return kit.system().address().toString();
        }

        GraceParticipant.Status status() {
            TestProbe<GraceParticipant.Status> p = kit.createTestProbe();
            participant.tell(new GraceParticipant.GetStatus(p.ref()));
            return p.receiveMessage(Duration.ofSeconds(5));
        }

        /** Asked through this node's singleton proxy, wherever the singleton runs. */
        GraceWatcher.Status watcherStatus() {
            TestProbe<GraceWatcher.Status> p = kit.createTestProbe();
            watcher.tell(new GraceWatcher.GetStatus(p.ref()));
            return p.receiveMessage(Duration.ofSeconds(10));
        }
    }

    private LocalGraceDb db() {
        LocalGraceDb db = new LocalGraceDb(dir.resolve(LocalGraceDb.FILE_NAME), Duration.ofMillis(100));
        closing.add(db);
        return db;
    }

    /** Starts the head: neither its own watch nor its own polls (an hour apart) bring it anything. */
    private void startHead(Node n, String head) {
        LocalRecoveryDb rec = new LocalRecoveryDb(dir, head);
        closing.add(rec);
        n.gate = new GraceGate();
        n.ready = new CompletableFuture<>();
        GraceParticipant.Settings s = new GraceParticipant.Settings(head, Duration.ofSeconds(60), HOUR,
                false, "local test", null, HOUR);
        // its own watch never fires (ControlledGraceDb): what it learns comes through the topic
        n.participant = n.kit.spawn(GraceParticipant.create(new ControlledGraceDb(n.db), rec, s, n.gate, n.ready, n.topic),
                "grace");
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(what, condition, () -> "");
    }

    private static void eventually(String what, BooleanSupplier condition, java.util.function.Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + " " + context.get());
            }
            Thread.sleep(50);
        }
    }

    private static boolean up(ActorTestKit kit, int members) {
        return LoopbackCluster.up(kit) == members;
    }

    /** Both nodes' topic actors know each other (the receptionist spreads that by gossip). */
    private static boolean topicsConnected(Node n) {
        TestProbe<Topic.TopicStats> p = n.kit.createTestProbe();
        n.topic.tell(Topic.getTopicStats(p.ref()));
        Topic.TopicStats st = p.receiveMessage();
        return st.topicInstanceCount() >= 2;
    }

    private static int admitNew(Node n) {
        return n.gate.admitNew(1);
    }

    @Test
    void theSingletonsEventsMakeEveryHeadEnforceAndLiftAlsoAfterItMoves() throws Exception {
        LocalGraceDb admin = db();
        admin.create();
        admin.add("a", "b", "c");

        cluster = new LoopbackCluster(SYSTEM, "");
        ActorTestKit k1 = cluster.node();
        ActorTestKit k2 = cluster.node();
        eventually("a cluster of two", () -> up(k1, 2) && up(k2, 2));

        Node a = new Node(k1, db());
        Node b = new Node(k2, db());
        // a topic instance joins the others once it has a subscriber, and the cluster's receptionist
        // spreads that by gossip: until then an event reaches only the node that published it.
        // Subscribed listeners make the test start the heads with the topic working everywhere.
        a.topic.tell(Topic.subscribe(a.kit.<GraceEvent>createTestProbe().ref()));
        b.topic.tell(Topic.subscribe(b.kit.<GraceEvent>createTestProbe().ref()));
        eventually("topics connected", () -> topicsConnected(a) && topicsConnected(b), () -> {
            TestProbe<Topic.TopicStats> p = a.kit.createTestProbe();
            a.topic.tell(Topic.getTopicStats(p.ref()));
            return p.receiveMessage().toString();
        });
        startHead(a, "a");
        startHead(b, "b");
        a.ready.get(30, TimeUnit.SECONDS);
        b.ready.get(30, TimeUnit.SECONDS);
        eventually("grace over", () -> admin.read().rec() == 0);
        eventually("both serve", () -> admitNew(a) == NfsStat4.NFS4_OK && admitNew(b) == NfsStat4.NFS4_OK,
                () -> a.status() + " / " + b.status());

        // the singleton runs on the oldest node, the seed; both proxies reach it
        assertThat(a.watcherStatus().node()).isEqualTo(a.address());
        assertThat(b.watcherStatus().node()).isEqualTo(a.address());

        // head c restarts: a grace period both heads hear about only through the topic
        long cur = admin.read().cur();
        admin.start("c");
        eventually("a refuses new state", () -> admitNew(a) == NfsStat4.NFS4ERR_GRACE);
        eventually("b refuses new state", () -> admitNew(b) == NfsStat4.NFS4ERR_GRACE);
        eventually("both enforce in the database", () -> admin.read().enforcing("c"));
        assertThat(a.gate.admitReclaim(1, "x".getBytes())).as("a has nothing to reclaim")
                .isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
        GraceParticipant.Status sb = b.status();
        assertThat(sb.phase()).isEqualTo(GraceParticipant.Phase.IN_GRACE);
        assertThat(sb.recordEpoch()).as("b records its clients in the new epoch").isEqualTo(cur + 1);
        assertThat(sb.lastEvent().publisher()).as("heard from the singleton on node 1").isEqualTo(a.address());

        // c lifts: the grace period is over, both serve again
        GraceState lifted = admin.lift("c");
        assertThat(lifted.rec()).isZero();
        eventually("a serves", () -> admitNew(a) == NfsStat4.NFS4_OK);
        eventually("b serves", () -> admitNew(b) == NfsStat4.NFS4_OK);
        eventually("they stop enforcing", () -> admin.read().flags("a").orElseThrow().bits() == 0
                && admin.read().flags("b").orElseThrow().bits() == 0);

        // node 1 goes (cluster leave and hand-over); the singleton moves to node 2
        String node1 = a.address();
        cluster.stop(k1);
        eventually("the singleton runs on node 2", () -> {
            try {
                return b.watcherStatus().node().equals(b.address());
            } catch (AssertionError timeout) {
                return false; // the proxy holds questions during the hand-over
            }
        });
        assertThat(node1).isNotEqualTo(b.address());

        admin.start("c");
        eventually("b refuses new state again", () -> admitNew(b) == NfsStat4.NFS4ERR_GRACE);
        assertThat(b.status().lastEvent().publisher()).isEqualTo(b.address());
        // a is down without E: stand in for it (an administrator's `grace enforce a`), then c lifts
        admin.enforce("a");
        eventually("b enforces", () -> admin.read().flags("b").orElseThrow().enforcing());
        assertThat(admin.lift("c").rec()).isZero();
        eventually("b serves again", () -> admitNew(b) == NfsStat4.NFS4_OK);
    }
}
