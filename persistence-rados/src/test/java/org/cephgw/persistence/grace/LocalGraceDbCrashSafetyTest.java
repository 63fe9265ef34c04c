package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes leave the last committed state; damaged files are refused, never repaired. */
class LocalGraceDbCrashSafetyTest {
    static final int ENOTRECOVERABLE = -131;

    @TempDir
    Path dir;
    Path file;
    LocalGraceDb db;

    @BeforeEach
    void setUp() {
        file = dir.resolve("grace.db");
        db = new LocalGraceDb(file);
        db.create();
        db.add("a", "b");
        db.start("a");
    }

    @Test
    void aLeftoverTempFileIsNeverTakenForTheState() throws Exception {
        String committed = db.dump();
        Path temp = dir.resolve("grace.db.tmp");
        Files.write(temp, "half-written garbage".getBytes(StandardCharsets.US_ASCII));
        assertThat(db.dump()).isEqualTo(committed);
        db.enforce("b"); // the next writer discards it and commits normally
        assertThat(Files.exists(temp)).isFalse();
        assertThat(db.dump()).isEqualTo(committed);
        db.lift("a");
        assertThat(db.read().rec()).isZero();
    }

    /** A writer that died after its fsync but before the rename never committed: its state is dropped. */
    @Test
    void aCompleteButUncommittedTempFileIsDiscarded() throws Exception {
        GraceState before = db.read();
        TreeMap<String, Flags> ghost = new TreeMap<>(before.members());
        ghost.put("ghost", Flags.NE);
        Files.write(dir.resolve("grace.db.tmp"),
                LocalGraceFormat.encode(99, new GraceState(before.cur() + 5, 0, ghost)));
        assertThat(db.read()).isEqualTo(before);
        db.add("c");
        assertThat(db.member("ghost")).isFalse();
        assertThat(db.read().cur()).isEqualTo(before.cur());
    }

    @Test
    void truncatedFilesAreRefusedAndLeftAlone() throws Exception {
        byte[] good = Files.readAllBytes(file);
        for (int len : new int[] {0, 1, 8, 15, 16, 20, 36, 40, good.length - 5, good.length - 4, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, len);
            Files.write(file, cut);
            expectCorrupt("truncated to " + len, cut);
        }
    }

    @Test
    void everySingleBitFlipIsDetected() throws Exception {
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(file, bad);
                assertThat(errno(() -> db.read())).as("flip byte " + i + " bit " + bit).isEqualTo(ENOTRECOVERABLE);
            }
        }
    }

    @Test
    void appendedBytesAndForeignFilesAreRefused() throws Exception {
        byte[] good = Files.readAllBytes(file);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        Files.write(file, longer);
        expectCorrupt("3 bytes appended", longer);
        byte[] radosBlob = new byte[16]; // the RADOS object's data alone is not a local database
        radosBlob[0] = 1;
        Files.write(file, radosBlob);
        expectCorrupt("16-byte blob", radosBlob);
        byte[] text = ("cur=1 rec=0\n" + "=".repeat(54) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(file, text);
        StoreException e = expectCorrupt("text", text);
        assertThat(e.getMessage()).contains("does not start with \"CGWGRACE\"");
    }

    /** Well-sealed files (valid checksum) whose content breaks the format's rules. */
    @Test
    void structurallyInvalidContentIsRefused() throws Exception {
        checkSealed("epoch 0", b -> b.putLong(1).putLong(0).putLong(0).putInt(0), "current epoch 0");
        checkSealed("unknown flag bits", b -> b.putLong(1).putLong(2).putLong(1).putInt(1)
                .putShort((short) 1).put((byte) 'a').put((byte) 0x07), "unknown flag bits");
        checkSealed("unsorted", b -> b.putLong(1).putLong(2).putLong(1).putInt(2)
                .putShort((short) 1).put((byte) 'b').put((byte) 2)
                .putShort((short) 1).put((byte) 'a').put((byte) 2), "out of order");
        checkSealed("duplicate", b -> b.putLong(1).putLong(2).putLong(1).putInt(2)
                .putShort((short) 1).put((byte) 'a').put((byte) 2)
                .putShort((short) 1).put((byte) 'a').put((byte) 2), "out of order or duplicated");
        checkSealed("empty node id", b -> b.putLong(1).putLong(2).putLong(1).putInt(1)
                .putShort((short) 0).put((byte) 2).put((byte) 0), "node id of 0 bytes");
        checkSealed("bad UTF-8", b -> b.putLong(1).putLong(2).putLong(1).putInt(1)
                .putShort((short) 1).put((byte) 0xff).put((byte) 2), "not valid UTF-8");
        checkSealed("count beyond the data", b -> b.putLong(1).putLong(2).putLong(1).putInt(5)
                .putShort((short) 1).put((byte) 'a').put((byte) 2), "runs past the end");
        checkSealed("trailing bytes", b -> b.putLong(1).putLong(2).putLong(1).putInt(0).putShort((short) 0),
                "unexpected bytes");
    }

    private void checkSealed(String what, Consumer<ByteBuffer> body, String message) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        body.accept(b);
        ByteBuffer sealed = LocalGraceFormat.ENVELOPE.newBuffer(b.position());
        sealed.put(b.array(), 0, b.position());
        byte[] content = LocalGraceFormat.ENVELOPE.seal(sealed);
        Files.write(file, content);
        assertThat(expectCorrupt(what, content).getMessage()).as(what).contains(message);
    }

    private StoreException expectCorrupt(String what, byte[] content) throws Exception {
        StoreException read = catchStore(() -> db.read());
        assertThat(read.errno()).as(what).isEqualTo(ENOTRECOVERABLE);
        assertThat(read.getMessage()).as(what).contains("corrupt grace database " + file).contains("refusing");
        assertThat(read.cliMessage()).isEqualTo("Failure: -131");
        assertThat(errno(() -> db.add("c"))).as(what).isEqualTo(ENOTRECOVERABLE);
        assertThat(errno(() -> db.lift("a"))).as(what).isEqualTo(ENOTRECOVERABLE);
        assertThat(errno(() -> db.create())).as(what).isEqualTo(ENOTRECOVERABLE);
        assertThat(errno(() -> db.enforcing("a"))).as(what).isEqualTo(ENOTRECOVERABLE);
        assertThat(Files.readAllBytes(file)).as(what + ": never repaired").isEqualTo(content);
        return read;
    }

    /** kill -9 a writer at random moments, again and again: the file is always a committed state. */
    @Test
    void killedWritersNeverLeaveAHalfWrittenState() throws Exception {
        db.enforce("b");
        db.lift("a");
        Random random = new Random(42);
        int committed = 0;
        int leftovers = 0;
        for (int round = 0; round < 6; round++) {
            Process child = ChildJvm.start(GraceHammer.class, dir.resolve("crash.log"), file.toString(), "k", "-1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int target = committed + 5;
            while (countK(db.read()) < target && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(child.isAlive()).as("writer alive in round " + round + ": "
                    + Files.readString(dir.resolve("crash.log"))).isTrue();
            Thread.sleep(random.nextInt(40));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (Files.exists(dir.resolve("grace.db.tmp"))) {
                leftovers++;
            }
            GraceState s = db.read(); // always decodes: a committed state
            int m = countK(s);
            assertThat(m).isGreaterThanOrEqualTo(target);
            for (int k = 0; k < m; k++) {
                assertThat(s.isMember("k-" + k)).as("k-" + k + " of " + m).isTrue();
            }
            assertThat(s.rec() == 0 || s.rec() == s.cur() - 1).isTrue();
            committed = m;
        }
        db.add("after"); // and the next writer carries on (discarding a leftover temp file, if any)
        assertThat(Files.exists(dir.resolve("grace.db.tmp"))).isFalse();
        assertThat(db.member("after")).isTrue();
        System.out.println("killed 6 writers; " + leftovers + " left a temp file behind");
    }

    private static int countK(GraceState s) {
        return (int) s.members().keySet().stream().filter(n -> n.startsWith("k-")).count();
    }

    static int errno(Runnable r) {
        return catchStore(r).errno();
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
