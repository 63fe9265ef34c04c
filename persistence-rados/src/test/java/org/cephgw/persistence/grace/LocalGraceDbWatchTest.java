package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cephgw.persistence.file.AtomicFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGraceDbWatchTest {
    @TempDir
    Path dir;

    static GraceState next(BlockingQueue<GraceState> q) throws InterruptedException {
        GraceState s = q.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a notification").isNotNull();
        return s;
    }

    /** Waits for a notification whose state satisfies the condition (notifications may coalesce). */
    static GraceState until(BlockingQueue<GraceState> q, java.util.function.Predicate<GraceState> p)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            GraceState s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && p.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching notification");
    }

    @Test
    void changesThroughAnyInstanceOfTheJvmAreReported() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb watched = new LocalGraceDb(file, Duration.ofHours(1)); // no polling: only commits
                LocalGraceDb other = new LocalGraceDb(file)) {
            watched.create();
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            watched.watch(q::add);
            other.add("a", "b");
            assertThat(next(q).dump()).isEqualTo(other.dump());
            other.start("a");
            GraceState s = next(q);
            assertThat(s.rec()).isEqualTo(1);
            assertThat(s.members().get("a")).isEqualTo(GraceState.Flags.NE);
            other.add("a"); // no change: no notification
            watched.enforce("a"); // no change either
            assertThat(q.poll(300, TimeUnit.MILLISECONDS)).isNull();
            watched.lift("a");
            assertThat(next(q).rec()).isZero();
        }
    }

    @Test
    void listenersSeeStatesInCommitOrderAndEndWithTheLatest() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb db = new LocalGraceDb(file, Duration.ofHours(1))) {
            db.create();
            List<GraceState> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            db.watch(seen::add);
            for (int i = 0; i < 50; i++) {
                db.add("n" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((seen.isEmpty() || seen.get(seen.size() - 1).members().size() < 50) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(seen.size() - 1)).isEqualTo(db.read());
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).members().size()).isGreaterThan(seen.get(i - 1).members().size());
            }
        }
    }

    /** A change by another process (simulated: a commit that does not go through this JVM's watch hub). */
    @Test
    void changesByOtherProcessesAreNoticedByPolling() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb db = new LocalGraceDb(file, Duration.ofMillis(50))) {
            db.create();
            db.add("a");
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            db.watch(q::add);
            GraceState foreign = GraceTransitions.join(db.read(), List.of("a"), true);
            new AtomicFile(file, dir.resolve("grace.db.lock")).update(tx -> {
                tx.write(LocalGraceFormat.encode(100, foreign));
                return null;
            });
            assertThat(next(q)).isEqualTo(foreign);
        }
    }

    @Test
    void aRealSecondProcessIsNoticed() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb db = new LocalGraceDb(file, Duration.ofMillis(50))) {
            db.create();
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            db.watch(q::add);
            Process p = ChildJvm.start(GraceHammer.class, dir.resolve("child.log"), file.toString(), "c", "1");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            until(q, s -> s.isMember("c-0") && s.members().get("c-0").enforcing());
        }
    }

    @Test
    void closedWatchesAndClosedDatabasesStopNotifying() throws Exception {
        Path file = dir.resolve("grace.db");
        LocalGraceDb writer = new LocalGraceDb(file);
        writer.create();
        BlockingQueue<GraceState> first = new LinkedBlockingQueue<>();
        BlockingQueue<GraceState> second = new LinkedBlockingQueue<>();
        LocalGraceDb watched = new LocalGraceDb(file);
        GraceDb.Watch w1 = watched.watch(first::add);
        watched.watch(second::add);
        writer.add("a");
        next(first);
        next(second);
        w1.close();
        w1.close(); // idempotent
        writer.add("b");
        assertThat(next(second).isMember("b")).isTrue();
        assertThat(first.poll(300, TimeUnit.MILLISECONDS)).isNull();
        watched.close(); // closes the remaining watch
        writer.add("c");
        assertThat(second.poll(300, TimeUnit.MILLISECONDS)).isNull();
        writer.close();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb db = new LocalGraceDb(file)) {
            db.create();
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            db.watch(s -> {
                throw new IllegalStateException("listener bug");
            });
            db.watch(q::add);
            db.add("a");
            next(q);
            db.add("b");
            assertThat(next(q).isMember("b")).isTrue();
        }
    }
}
