package org.cephgw.persistence.rados;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** RADOS specifics of the grace database: the stored bytes, paging, corruption, watch/notify across connections. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class RadosGraceDbTest {
    static final int ENOTRECOVERABLE = -131;
    private static RadosCluster c1;
    private static RadosCluster c2;

    @BeforeAll
    static void connect() {
        c1 = RadosTestSupport.connect();
        c2 = RadosTestSupport.connect();
    }

    @AfterAll
    static void disconnect() {
        if (c1 != null) {
            RadosTestSupport.cleanup(c1);
            c1.close();
        }
        if (c2 != null) {
            c2.close();
        }
    }

    static int errno(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.errno();
        }
        throw new AssertionError("no StoreException");
    }

    @Test
    void theObjectHoldsSixteenLittleEndianBytesAndOneFlagBytePerMember() throws Exception {
        String oid = RadosTestSupport.uniqueOid("format");
        try (RadosGraceDb db = new RadosGraceDb(c1, oid)) {
            db.create();
            byte[] data = new byte[64];
            int n = c1.ioCtx().read(oid, data.length, 0, data);
            assertThat(n).isEqualTo(16);
            assertThat(java.util.Arrays.copyOf(data, 16)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            db.add("a", "b");
            db.start("a");
            n = c1.ioCtx().read(oid, data.length, 0, data);
            ByteBuffer b = ByteBuffer.wrap(data, 0, n).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(n).isEqualTo(16);
            assertThat(b.getLong()).isEqualTo(2);
            assertThat(b.getLong()).isEqualTo(1);
            RadosCluster.ReadResult r = c1.read(oid, -1, "", 100, null);
            assertThat(r.omap().keySet()).containsExactly("a", "b");
            assertThat(r.omap().get("a")).containsExactly(3);
            assertThat(r.omap().get("b")).containsExactly(2);
        }
    }

    @Test
    void membersAreReadInPagesAsOneVersion() {
        String oid = RadosTestSupport.uniqueOid("paging");
        try (RadosGraceDb small = new RadosGraceDb(c1, oid, Duration.ofSeconds(2), Duration.ofSeconds(60), 3)) {
            small.create();
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                nodes.add("n" + i);
            }
            small.add(nodes);
            small.start("n7");
            GraceState s = small.read();
            assertThat(s.members()).hasSize(10);
            assertThat(s.members().get("n7")).isEqualTo(Flags.NE);
            assertThat(s.cur()).isEqualTo(2);
        }
    }

    @Test
    void aWrongDataLengthIsCorruptAndNotRepaired() throws Exception {
        String oid = RadosTestSupport.uniqueOid("corrupt");
        c1.ioCtx().write(oid, new byte[] {1, 2, 3});
        try (RadosGraceDb db = new RadosGraceDb(c1, oid)) {
            StoreException e = catchStore(db::read);
            assertThat(e.errno()).isEqualTo(ENOTRECOVERABLE);
            assertThat(e.getMessage()).contains("corrupt grace database").contains(oid).contains("3 bytes");
            assertThat(errno(() -> db.add("a"))).isEqualTo(ENOTRECOVERABLE);
            assertThat(errno(() -> db.start("a"))).isEqualTo(ENOTRECOVERABLE);
            assertThat(db.create()).isFalse();
            byte[] data = new byte[64];
            assertThat(c1.ioCtx().read(oid, data.length, 0, data)).isEqualTo(3);
            assertThat(c1.read(oid, -1, "", 10, null).omap()).isEmpty();
        }
        String longer = RadosTestSupport.uniqueOid("corrupt");
        c1.ioCtx().write(longer, new byte[17]);
        try (RadosGraceDb db = new RadosGraceDb(c1, longer)) {
            assertThat(errno(db::dump)).isEqualTo(ENOTRECOVERABLE);
        }
    }

    @Test
    void aChangeThroughOneConnectionReachesAListenerOfAnother() throws Exception {
        String oid = RadosTestSupport.uniqueOid("watch");
        // polling effectively off: only notifies can deliver within the test's time
        try (RadosGraceDb writer = new RadosGraceDb(c1, oid);
                RadosGraceDb watched = new RadosGraceDb(c2, oid, Duration.ofHours(1), Duration.ofHours(1))) {
            writer.create();
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            GraceDb.Watch w = watched.watch(q::add);
            writer.add("a", "b");
            assertThat(next(q)).isEqualTo(writer.read());
            writer.start("a");
            GraceState s = next(q);
            assertThat(s.rec()).isEqualTo(1);
            assertThat(s.members().get("a")).isEqualTo(Flags.NE);
            writer.add("a"); // no change: nothing written, nothing reported
            assertThat(q.poll(500, TimeUnit.MILLISECONDS)).isNull();
            w.close();
            writer.lift("a");
            assertThat(q.poll(1, TimeUnit.SECONDS)).as("no call after close").isNull();
        }
    }

    @Test
    void listenersSeeStatesInOrderAndEndWithTheLatest() throws Exception {
        String oid = RadosTestSupport.uniqueOid("order");
        try (RadosGraceDb writer = new RadosGraceDb(c1, oid);
                RadosGraceDb watched = new RadosGraceDb(c2, oid, Duration.ofHours(1), Duration.ofHours(1))) {
            writer.create();
            List<GraceState> seen = Collections.synchronizedList(new ArrayList<>());
            watched.watch(seen::add);
            for (int i = 0; i < 20; i++) {
                writer.add("n" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((seen.isEmpty() || seen.get(seen.size() - 1).members().size() < 20) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(seen.size() - 1)).isEqualTo(writer.read());
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).members().size()).isGreaterThan(seen.get(i - 1).members().size());
            }
        }
    }

    /** A database that does not exist yet cannot be watched in RADOS: the watcher polls until it appears. */
    @Test
    void aWatchOnAMissingObjectRecoversWhenItIsCreated() throws Exception {
        String oid = RadosTestSupport.uniqueOid("late");
        try (RadosGraceDb writer = new RadosGraceDb(c1, oid);
                RadosGraceDb watched = new RadosGraceDb(c2, oid, Duration.ofMillis(200), Duration.ofHours(1))) {
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            watched.watch(q::add);
            writer.create();
            assertThat(until(q, s -> s.equals(GraceState.initial()))).isNotNull();
            // by now the watch is established (the poll that saw the object re-established it first)
            Thread.sleep(500);
            writer.add("x");
            assertThat(until(q, s -> s.isMember("x"))).isNotNull();
        }
    }

    /** Changes by a process that sends no notify (e.g. a raw write) are still seen, by the safety poll. */
    @Test
    void theSafetyPollCatchesAChangeWithoutNotify() throws Exception {
        String oid = RadosTestSupport.uniqueOid("silent");
        try (RadosGraceDb db = new RadosGraceDb(c2, oid, Duration.ofMillis(200), Duration.ofMillis(300))) {
            db.create();
            BlockingQueue<GraceState> q = new LinkedBlockingQueue<>();
            db.watch(q::add);
            RadosCluster.Write w = new RadosCluster.Write();
            w.omapSet.put("quiet", new byte[] {1});
            assertThat(c1.write(oid, w)).isZero();
            GraceState s = until(q, st -> st.isMember("quiet"));
            assertThat(s.members().get("quiet")).isEqualTo(Flags.N);
        }
    }

    static GraceState next(BlockingQueue<GraceState> q) throws InterruptedException {
        GraceState s = q.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a notification").isNotNull();
        return s;
    }

    static GraceState until(BlockingQueue<GraceState> q, Predicate<GraceState> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            GraceState s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && p.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching notification");
    }

    static StoreException catchStore(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e;
        }
        throw new AssertionError("no StoreException");
    }
}
