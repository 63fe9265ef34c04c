package org.cephgw.persistence.rados;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.recovery.RecoveryDb;
import org.cephgw.persistence.recovery.RecoveryEntry;
import org.cephgw.persistence.recovery.RecoveryRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The recovery databases in RADOS; mirrors LocalRecoveryDbTest, node ids unique per run. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class RadosRecoveryDbTest {
    static final int ENOENT = -2;
    static final int EINVAL = -22;
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

    static RecoveryRecord rec(String address, String owner) {
        return new RecoveryRecord(address, owner.getBytes(StandardCharsets.US_ASCII));
    }

    static int errno(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.errno();
        }
        throw new AssertionError("no StoreException");
    }

    /** A db for a fresh node; its objects of the given epochs are removed after the class. */
    static RadosRecoveryDb db(RadosCluster c, String node, long... epochs) {
        for (long e : epochs) {
            RadosTestSupport.created(RecoveryDb.objectName(e, node));
        }
        return new RadosRecoveryDb(c, node);
    }

    @Test
    void lifecycleOfOneHead() {
        String node = RadosTestSupport.uniqueNode("node");
        try (RadosRecoveryDb db = db(c1, node, 2, 3)) {
            assertThat(db.exists(2)).isFalse();
            assertThat(errno(() -> db.list(2))).isEqualTo(ENOENT);
            assertThat(errno(() -> db.put(2, 1, rec("10.0.0.1", "c1")))).isEqualTo(ENOENT);
            assertThat(errno(() -> db.remove(2, 1))).isEqualTo(ENOENT);
            assertThat(db.exists(2)).as("put/remove must not create it").isFalse();

            db.clear(2);
            assertThat(db.exists(2)).isTrue();
            assertThat(db.list(2)).isEmpty();

            db.put(2, -1L, rec("10.0.0.3", "c3"));
            db.put(2, 10, rec("10.0.0.2", "c2"));
            db.put(2, 5, rec("10.0.0.1", "c1"));
            assertThat(db.list(2).keySet()).containsExactly(5L, 10L, -1L); // unsigned order
            db.put(2, 10, rec("10.0.0.9", "c2").withRevokedHandle(new byte[] {1, 2, 3}));
            assertThat(db.list(2).get(10L).encode()).isEqualTo("10.0.0.9-(2:c2)#AQID");
            db.remove(2, 5);
            db.remove(2, 5); // absent: nothing happens
            assertThat(db.list(2).keySet()).containsExactly(10L, -1L);

            db.create(2); // keeps the records
            assertThat(db.list(2)).hasSize(2);
            db.create(3);
            assertThat(db.epochs()).containsExactly(2L, 3L);

            db.clear(2);
            assertThat(db.list(2)).isEmpty();
            assertThat(db.delete(2)).isTrue();
            assertThat(db.delete(2)).isFalse();
            assertThat(db.exists(2)).isFalse();
            assertThat(db.epochs()).containsExactly(3L);
            assertThat(errno(() -> db.create(0))).isEqualTo(EINVAL);
        }
    }

    /** The object and its omap as nfs-ganesha writes them: name rec-%016x:node, key decimal, value the record. */
    @Test
    void manyRecordsGoInOneOmapWriteNextToTheOnesThere() {
        String node = RadosTestSupport.uniqueNode("many");
        try (RadosRecoveryDb db = db(c1, node, 5)) {
            assertThat(errno(() -> db.putAll(5, java.util.Map.of(1L, rec("10.0.0.1", "c1"))))).isEqualTo(ENOENT);
            db.create(5);
            db.put(5, 1, rec("10.0.0.1", "c1"));
            java.util.Map<Long, RecoveryRecord> many = new java.util.HashMap<>();
            for (long id = 100; id < 1100; id++) {
                many.put(id, rec("10.0.0.2", "client-" + id));
            }
            db.putAll(5, many);
            assertThat(db.list(5)).hasSize(1001);
            assertThat(db.list(5).get(777L).encode()).isEqualTo("10.0.0.2-(10:client-777)");
        }
    }

    @Test
    void objectNameKeysAndValuesAreNfsGaneshas() {
        String node = RadosTestSupport.uniqueNode("fmt");
        try (RadosRecoveryDb db = db(c1, node, 0x1234abcdL)) {
            db.clear(0x1234abcdL);
            db.put(0x1234abcdL, 258, rec("::1", "ab"));
            RadosCluster.ReadResult r = c1.read("rec-000000001234abcd:" + node, -1, "", 10, null);
            assertThat(r.omap()).containsOnlyKeys("258");
            assertThat(new String(r.omap().get("258"), StandardCharsets.US_ASCII)).isEqualTo("::1-(2:ab)");
        }
    }

    @Test
    void reclaimsAreMatchedOnTheOwnerWhateverTheAddress() {
        String node = RadosTestSupport.uniqueNode("h");
        try (RadosRecoveryDb db = db(c1, node, 7)) {
            db.create(7);
            db.put(7, 100, rec("10.0.0.1", "Linux NFSv4.2 alpha"));
            db.put(7, 101, new RecoveryRecord("10.0.0.2", new byte[] {0, 1, '/'}));
            db.put(7, 102, rec("10.0.0.3", "Linux NFSv4.2 beta"));
            List<RecoveryEntry> found = db.findByOwner(7, "Linux NFSv4.2 alpha".getBytes(StandardCharsets.US_ASCII));
            assertThat(found).containsExactly(new RecoveryEntry(100, rec("10.0.0.1", "Linux NFSv4.2 alpha")));
            assertThat(db.findByOwner(7, new byte[] {0, 1, '/'})).extracting(RecoveryEntry::clientId).containsExactly(101L);
            assertThat(db.findByOwner(7, "nobody".getBytes(StandardCharsets.US_ASCII))).isEmpty();
            assertThat(errno(() -> db.findByOwner(8, new byte[] {1}))).isEqualTo(ENOENT);
        }
    }

    @Test
    void eachNodeHasItsOwnDatabases() {
        String na = RadosTestSupport.uniqueNode("a");
        String nb = RadosTestSupport.uniqueNode("b");
        try (RadosRecoveryDb a = db(c1, na, 2); RadosRecoveryDb b = db(c1, nb, 2, 4)) {
            a.create(2);
            b.create(2);
            b.create(4);
            a.put(2, 1, rec("h", "x"));
            assertThat(b.list(2)).isEmpty();
            assertThat(a.epochs()).containsExactly(2L);
            assertThat(b.epochs()).containsExactly(2L, 4L);
        }
    }

    @Test
    void aValueThatIsNotARecordOrAKeyThatIsNotAClientidIsCorrupt() {
        String node = RadosTestSupport.uniqueNode("bad");
        try (RadosRecoveryDb db = db(c1, node, 5, 6)) {
            db.create(5);
            RadosCluster.Write w = new RadosCluster.Write();
            w.omapSet.put("77", "garbage".getBytes(StandardCharsets.US_ASCII));
            assertThat(c1.write(RecoveryDb.objectName(5, node), w)).isZero();
            StoreException e = catchStore(() -> db.list(5));
            assertThat(e.errno()).isEqualTo(ENOTRECOVERABLE);
            assertThat(e.getMessage()).contains("clientid 77").contains("garbage");

            db.create(6);
            RadosCluster.Write k = new RadosCluster.Write();
            k.omapSet.put("007", "h-(1:x)".getBytes(StandardCharsets.US_ASCII));
            assertThat(c1.write(RecoveryDb.objectName(6, node), k)).isZero();
            assertThat(errno(() -> db.list(6))).isEqualTo(ENOTRECOVERABLE);
            db.clear(6); // discards the content anyway
            assertThat(db.list(6)).isEmpty();
        }
    }

    @Test
    void listingReadsPagesAsOneVersion() {
        String node = RadosTestSupport.uniqueNode("pages");
        RadosTestSupport.created(RecoveryDb.objectName(9, node));
        try (RadosRecoveryDb db = new RadosRecoveryDb(c1, node, 4)) {
            db.create(9);
            for (int i = 1; i <= 11; i++) {
                db.put(9, i, rec("10.0.0." + i, "o" + i));
            }
            assertThat(db.list(9)).hasSize(11);
            assertThat(db.list(9).get(11L)).isEqualTo(rec("10.0.0.11", "o11"));
        }
    }

    @Test
    void concurrentWritersOnTwoConnectionsLoseNoRecord() throws Exception {
        String node = RadosTestSupport.uniqueNode("conc");
        try (RadosRecoveryDb d1 = db(c1, node, 9); RadosRecoveryDb d2 = new RadosRecoveryDb(c2, node)) {
            d1.create(9);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                RadosRecoveryDb[] dbs = {d1, d2};
                for (int t = 0; t < 2; t++) {
                    int base = t * 1000;
                    RadosRecoveryDb db = dbs[t];
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            db.put(9, base + i, rec("10.0.0." + (i % 250), "owner-" + (base + i)));
                            if (i % 3 == 0) {
                                db.remove(9, base + i);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<Long> expected = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < 60; i++) {
                    if (i % 3 != 0) {
                        expected.add((long) (t * 1000 + i));
                    }
                }
            }
            assertThat(d2.list(9).keySet()).containsExactlyElementsOf(expected);
        }
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
