package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.cephgw.actors.TestKits;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GraceWatcher} over a {@link LocalGraceDb} in a temporary directory, its events read from
 * the topic as a participant would: changes made through another database instance and by another
 * process are published in order, each state once; without watch notifications the poll delivers.
 */
class GraceWatcherTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final byte E = 0x2;
    private static final byte NE = 0x3;

    @TempDir
    Path dir;

    private ActorTestKit kit;
    private Path file;
    private LocalGraceDb admin;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() {
        kit = TestKits.create();
        file = dir.resolve(LocalGraceDb.FILE_NAME);
        admin = db();
        admin.create();
        admin.add("a", "b");
    }

    @AfterEach
    void tearDown() throws Exception {
        kit.shutdownTestKit();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private LocalGraceDb db() {
        // another instance on the same file, as another head of the cluster would have
        LocalGraceDb db = new LocalGraceDb(file, Duration.ofMillis(100));
        closing.add(db);
        return db;
    }

    /** The topic as a participant sees it. */
    private TestProbe<GraceEvent> subscriber(ActorRef<Topic.Command<GraceEvent>> topic) {
        TestProbe<GraceEvent> p = kit.createTestProbe();
        topic.tell(Topic.subscribe(p.ref()));
        // the topic has the subscription before the watcher exists
        TestProbe<Topic.TopicStats> stats = kit.createTestProbe();
        stats.awaitAssert(() -> {
            topic.tell(Topic.getTopicStats(stats.ref()));
            assertThat(stats.receiveMessage().localSubscriberCount()).isEqualTo(1);
            return null;
        });
        return p;
    }

    private ActorRef<Topic.Command<GraceEvent>> topic() {
        return kit.spawn(GraceWatcher.topic());
    }

    private ActorRef<GraceWatcher.Command> watcher(GraceDb db, ActorRef<Topic.Command<GraceEvent>> topic, Duration poll) {
        return kit.spawn(GraceWatcher.create(db, topic, new GraceWatcher.Settings(poll)));
    }

    private static GraceEvent next(TestProbe<GraceEvent> p) {
        return p.expectMessageClass(GraceEvent.class, Duration.ofSeconds(5));
    }

    @Test
    void publishesEveryChangeOfAnotherInstanceOnceAndInOrder() {
        ActorRef<Topic.Command<GraceEvent>> topic = topic();
        TestProbe<GraceEvent> sub = subscriber(topic);
        // the poll is out of the picture: only the watch can bring the changes
        watcher(db(), topic, NEVER);

        GraceEvent first = next(sub);
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.cur()).isEqualTo(1);
        assertThat(first.rec()).isZero();
        assertThat(first.members()).isEqualTo(Map.of("a", E, "b", E));

        LocalGraceDb other = db();
        other.start("a");
        GraceEvent started = next(sub);
        assertThat(started.seq()).isEqualTo(2);
        assertThat(started.cur()).isEqualTo(2);
        assertThat(started.rec()).isEqualTo(1);
        assertThat(started.members()).isEqualTo(Map.of("a", NE, "b", E));
        assertThat(started.state().enforcing("a")).as("the event converts back to the database's state").isTrue();

        // a change that changes nothing is not a new state
        other.enforce("b");
        sub.expectNoMessage(Duration.ofMillis(500));

        other.lift("a");
        GraceEvent lifted = next(sub);
        assertThat(lifted.seq()).isEqualTo(3);
        assertThat(lifted.rec()).as("lifted: the grace period is over").isZero();
        assertThat(lifted.members()).isEqualTo(Map.of("a", E, "b", E));

        // a burst: states may be coalesced, but never repeated or reordered, and the last one arrives
        other.start("b");
        other.lift("b");
        other.start("a");
        other.noenforce("b");
        GraceState end = admin.read();
        List<GraceEvent> burst = new ArrayList<>();
        GraceEvent e;
        do {
            e = next(sub);
            burst.add(e);
        } while (!e.state().equals(end));
        long seq = lifted.seq();
        GraceEvent prev = lifted;
        for (GraceEvent b : burst) {
            assertThat(b.seq()).isEqualTo(++seq);
            assertThat(b.state()).as("not a repetition").isNotEqualTo(prev.state());
            assertThat(b.cur()).as("epochs never go back").isGreaterThanOrEqualTo(prev.cur());
            prev = b;
        }
        sub.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void aNotificationWithoutAChangePublishesNothing() {
        ActorRef<Topic.Command<GraceEvent>> topic = topic();
        TestProbe<GraceEvent> sub = subscriber(topic);
        ControlledGraceDb db = new ControlledGraceDb(db());
        watcher(db, topic, NEVER);
        assertThat(next(sub).seq()).isEqualTo(1);
        TestProbe<Object> await = kit.createTestProbe();
        await.awaitAssert(() -> {
            assertThat(db.watches()).isEqualTo(1);
            return null;
        });
        db.fire();
        db.fire();
        sub.expectNoMessage(Duration.ofMillis(500));
        admin.start("b");
        db.fire();
        GraceEvent e = next(sub);
        assertThat(e.seq()).isEqualTo(2);
        assertThat(e.members()).containsEntry("b", NE);
    }

    @Test
    void publishesAChangeMadeByAnotherProcess() throws Exception {
        ActorRef<Topic.Command<GraceEvent>> topic = topic();
        TestProbe<GraceEvent> sub = subscriber(topic);
        watcher(db(), topic, NEVER);
        assertThat(next(sub).rec()).isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalGraceTool.class.getName(), file.toString(), "start", "b")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();

        GraceEvent e = next(sub);
        assertThat(e.seq()).isEqualTo(2);
        assertThat(e.cur()).isEqualTo(2);
        assertThat(e.rec()).isEqualTo(1);
        assertThat(e.members()).isEqualTo(Map.of("a", E, "b", NE));
    }

    @Test
    void pollingDeliversWhenTheWatchIsSilent() {
        ActorRef<Topic.Command<GraceEvent>> topic = topic();
        TestProbe<GraceEvent> sub = subscriber(topic);
        // stands in for a broken RADOS watch: it is registered, but never notifies
        ControlledGraceDb db = new ControlledGraceDb(db());
        ActorRef<GraceWatcher.Command> w = watcher(db, topic, Duration.ofMillis(200));
        assertThat(next(sub).seq()).isEqualTo(1);

        admin.start("a");
        GraceEvent started = next(sub);
        assertThat(started.rec()).isEqualTo(1);
        assertThat(started.members()).containsEntry("a", NE);
        admin.lift("a");
        GraceEvent lifted = next(sub);
        assertThat(lifted.seq()).isEqualTo(3);
        assertThat(lifted.rec()).isZero();
        // and no repeats of an unchanged state on the following polls
        sub.expectNoMessage(Duration.ofMillis(700));

        TestProbe<GraceWatcher.Status> status = kit.createTestProbe();
        w.tell(new GraceWatcher.GetStatus(status.ref()));
        GraceWatcher.Status st = status.receiveMessage();
        assertThat(st.lastPublished()).isEqualTo(lifted);
        assertThat(st.node()).isEqualTo(kit.system().address().toString());
        assertThat(st.lastError()).isNull();
    }

    @Test
    void aWatcherStoppedClosesItsWatch() {
        ActorRef<Topic.Command<GraceEvent>> topic = topic();
        TestProbe<GraceEvent> sub = subscriber(topic);
        ControlledGraceDb db = new ControlledGraceDb(db());
        ActorRef<GraceWatcher.Command> w = watcher(db, topic, NEVER);
        next(sub);
        TestProbe<Object> await = kit.createTestProbe();
        await.awaitAssert(() -> {
            assertThat(db.watches()).isEqualTo(1);
            return null;
        });
        w.tell(GraceWatcher.Stop.INSTANCE);
        await.expectTerminated(w, Duration.ofSeconds(3));
        await.awaitAssert(() -> {
            assertThat(db.watches()).as("a singleton handing over leaves no watch behind").isZero();
            return null;
        });
    }
}
