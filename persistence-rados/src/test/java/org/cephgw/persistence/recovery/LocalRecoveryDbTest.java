package org.cephgw.persistence.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.cephgw.persistence.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRecoveryDbTest {
    static final int ENOENT = -2;
    static final int EINVAL = -22;
    static final int ENOTRECOVERABLE = -131;

    @TempDir
    Path dir;

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

    @Test
    void objectNamesAndKeysAreNfsGaneshas() {
        assertThat(RecoveryDb.objectName(3, "node-a")).isEqualTo("rec-0000000000000003:node-a");
        assertThat(RecoveryDb.objectName(0x1234abcdL, "h")).isEqualTo("rec-000000001234abcd:h");
        assertThat(RecoveryDb.objectName(-1L, "h")).isEqualTo("rec-ffffffffffffffff:h");
        assertThat(errno(() -> RecoveryDb.objectName(0, "h"))).isEqualTo(EINVAL);
        assertThat(RecoveryDb.key(42)).isEqualTo("42");
        assertThat(RecoveryDb.key(-1L)).isEqualTo("18446744073709551615");
    }

    @Test
    void manyRecordsGoInOneWriteNextToTheOnesThere() {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "node-a")) {
            assertThat(errno(() -> db.putAll(4, Map.of(1L, rec("10.0.0.1", "c1"))))).isEqualTo(ENOENT);
            db.create(4);
            db.put(4, 1, rec("10.0.0.1", "c1"));
            Map<Long, RecoveryRecord> many = new java.util.HashMap<>();
            for (long id = 100; id < 1100; id++) {
                many.put(id, rec("10.0.0.2", "client-" + id));
            }
            many.put(1L, rec("10.0.0.9", "c1"));
            db.putAll(4, many);
            assertThat(db.list(4)).hasSize(1001);
            assertThat(db.list(4).get(1L).encode()).isEqualTo("10.0.0.9-(2:c1)");
            assertThat(db.list(4).get(777L).encode()).isEqualTo("10.0.0.2-(10:client-777)");
        }
    }

    @Test
    void lifecycleOfOneHead() {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "node-a")) {
            assertThat(db.exists(2)).isFalse();
            assertThat(errno(() -> db.list(2))).isEqualTo(ENOENT);
            assertThat(errno(() -> db.put(2, 1, rec("10.0.0.1", "c1")))).isEqualTo(ENOENT);
            assertThat(errno(() -> db.remove(2, 1))).isEqualTo(ENOENT);

            db.clear(2);
            assertThat(db.exists(2)).isTrue();
            assertThat(Files.exists(dir.resolve("rec-0000000000000002:node-a"))).isTrue();
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

    @Test
    void reclaimsAreMatchedOnTheOwnerWhateverTheAddress() {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "h0")) {
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
        try (LocalRecoveryDb a = new LocalRecoveryDb(dir, "a"); LocalRecoveryDb b = new LocalRecoveryDb(dir, "b")) {
            a.create(2);
            b.create(2);
            b.create(4);
            a.put(2, 1, rec("h", "x"));
            assertThat(b.list(2)).isEmpty();
            assertThat(a.epochs()).containsExactly(2L);
            assertThat(b.epochs()).containsExactly(2L, 4L);
        }
    }

    /** The file, assembled by hand from the documented format. */
    @Test
    void fileFormatIsAsDocumented() throws Exception {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "n1")) {
            db.create(2);
            db.put(2, 258, rec("::1", "ab"));
            String body = "4347575245434442" + "01000000" // "CGWRECDB", format 1
                    + "0200000000000000" // epoch 2
                    + "0200" + "6e31" // node "n1"
                    + "01000000" // 1 record
                    + "0201000000000000" // clientid 258
                    + "0a000000" + HexFormat.of().formatHex("::1-(2:ab)".getBytes(StandardCharsets.US_ASCII));
            CRC32C crc = new CRC32C();
            crc.update(HexFormat.of().parseHex(body));
            int c = (int) crc.getValue();
            String trailer = String.format("%02x%02x%02x%02x", c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24);
            assertThat(HexFormat.of().formatHex(Files.readAllBytes(db.path(2)))).isEqualTo(body + trailer);
        }
    }

    @Test
    void corruptFilesAreRefusedButClearMayReplaceThem() throws Exception {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "n")) {
            db.create(2);
            db.put(2, 1, rec("h", "x"));
            Path f = db.path(2);
            byte[] good = Files.readAllBytes(f);
            byte[] cut = Arrays.copyOf(good, good.length - 1);
            Files.write(f, cut);
            StoreException e = catchStore(() -> db.list(2));
            assertThat(e.errno()).isEqualTo(ENOTRECOVERABLE);
            assertThat(e.getMessage()).contains("corrupt recovery database " + f);
            assertThat(errno(() -> db.put(2, 2, rec("h", "y")))).isEqualTo(ENOTRECOVERABLE);
            assertThat(errno(() -> db.remove(2, 1))).isEqualTo(ENOTRECOVERABLE);
            assertThat(errno(() -> db.create(2))).isEqualTo(ENOTRECOVERABLE);
            assertThat(Files.readAllBytes(f)).isEqualTo(cut);
            db.clear(2); // discards the content anyway
            assertThat(db.list(2)).isEmpty();
        }
    }

    @Test
    void aFileUnderAnotherNameIsRefused() throws Exception {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "n")) {
            db.create(1);
            db.put(1, 1, rec("h", "x"));
            Files.copy(db.path(1), db.path(2));
            assertThat(catchStore(() -> db.list(2)).getMessage()).contains("not what its name says");
            try (LocalRecoveryDb other = new LocalRecoveryDb(dir, "m")) {
                Files.copy(db.path(1), other.path(1));
                assertThat(errno(() -> other.list(1))).isEqualTo(ENOTRECOVERABLE);
            }
        }
    }

    @Test
    void aValueThatIsNotARecordIsReportedAsCorrupt() throws Exception {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "n")) {
            byte[] v = "garbage".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = LocalRecoveryDb.ENVELOPE.newBuffer(8 + 2 + 1 + 4 + 8 + 4 + v.length);
            b.putLong(5).putShort((short) 1).put((byte) 'n').putInt(1).putLong(77).putInt(v.length).put(v);
            Files.write(db.path(5), LocalRecoveryDb.ENVELOPE.seal(b));
            StoreException e = catchStore(() -> db.list(5));
            assertThat(e.errno()).isEqualTo(ENOTRECOVERABLE);
            assertThat(e.getMessage()).contains("clientid 77").contains("garbage");
        }
    }

    @Test
    void leftoverTempFilesAreDiscarded() throws Exception {
        try (LocalRecoveryDb db = new LocalRecoveryDb(dir, "n")) {
            db.create(2);
            Path temp = dir.resolve("rec-0000000000000002:n.tmp");
            Files.writeString(temp, "junk");
            assertThat(db.list(2)).isEmpty();
            assertThat(db.epochs()).containsExactly(2L);
            db.put(2, 1, rec("h", "x"));
            assertThat(Files.exists(temp)).isFalse();
            assertThat(db.list(2)).hasSize(1);
        }
    }

    @Test
    void nodeIdsMustFitInAFileName() {
        assertThat(errno(() -> new LocalRecoveryDb(dir, "a/b"))).isEqualTo(EINVAL);
        assertThat(errno(() -> new LocalRecoveryDb(dir, ""))).isEqualTo(EINVAL);
        assertThat(errno(() -> new LocalRecoveryDb(dir, "x".repeat(201)))).isEqualTo(EINVAL);
        assertThat(errno(() -> new LocalRecoveryDb(dir, "a\nb"))).isEqualTo(EINVAL);
        new LocalRecoveryDb(dir, "x".repeat(200)).create(-1L);
        assertThat(Files.exists(dir.resolve("rec-ffffffffffffffff:" + "x".repeat(200)))).isTrue();
    }

    @Test
    void concurrentWritersOnTwoInstancesLoseNoRecord() throws Exception {
        try (LocalRecoveryDb d1 = new LocalRecoveryDb(dir, "n"); LocalRecoveryDb d2 = new LocalRecoveryDb(dir, "n")) {
            d1.create(9);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                LocalRecoveryDb[] dbs = {d1, d2};
                for (int t = 0; t < 2; t++) {
                    int base = t * 1000;
                    LocalRecoveryDb db = dbs[t];
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            db.put(9, base + i, rec("10.0.0." + (i % 250), "owner-" + (base + i)));
                            if (i % 3 == 0) {
                                db.remove(9, base + i);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<Long> expected = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < 100; i++) {
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
