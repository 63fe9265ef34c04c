package org.cephgw.persistence.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on separate instances (same JVM) and in separate processes hammer one file; every
 * update must survive: each node ends a member with E exactly when its index is even.
 */
class LocalGraceDbConcurrencyTest {
    static final int PER_WRITER = 60;
    static final int PER_PROCESS = 150;

    @TempDir
    Path dir;

    @Test
    void twoThreadsOnTwoInstancesLoseNoUpdate() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb d1 = new LocalGraceDb(file); LocalGraceDb d2 = new LocalGraceDb(file)) {
            d1.create();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                LocalGraceDb[] dbs = {d1, d2};
                for (int t = 0; t < 2; t++) {
                    LocalGraceDb db = dbs[t];
                    String prefix = "t" + t;
                    done.add(pool.submit(() -> {
                        for (int k = 0; k < PER_WRITER; k++) {
                            GraceHammer.step(db, prefix + "-" + k, k);
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
            verify(d1.read(), List.of("t0", "t1"), PER_WRITER);
        }
    }

    @Test
    void twoOtherProcessesAndThisOneLoseNoUpdate() throws Exception {
        Path file = dir.resolve("grace.db");
        try (LocalGraceDb db = new LocalGraceDb(file)) {
            db.create();
            List<Process> children = new ArrayList<>();
            for (String p : List.of("p0", "p1")) {
                children.add(ChildJvm.start(GraceHammer.class, dir.resolve(p + ".log"), file.toString(), p,
                        String.valueOf(PER_PROCESS)));
            }
            // start only when both children are writing, so that all three contend for the lock
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(db.member("p0-0") && db.member("p1-0")) && System.nanoTime() < deadline
                    && children.stream().allMatch(Process::isAlive)) {
                Thread.sleep(5);
            }
            assertThat(db.member("p0-0", "p1-0")).as("children started").isTrue();
            for (int k = 0; k < PER_PROCESS; k++) {
                GraceHammer.step(db, "main-" + k, k);
            }
            for (Process c : children) {
                assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
            for (String p : List.of("p0", "p1")) {
                assertThat(Files.readString(dir.resolve(p + ".log"))).as(p + " output").contains("done");
            }
            verify(db.read(), List.of("p0", "p1", "main"), PER_PROCESS);
        }
    }

    static void verify(GraceState s, List<String> prefixes, int perWriter) {
        Map<String, Boolean> expected = new TreeMap<>();
        for (String p : prefixes) {
            for (int k = 0; k < perWriter; k++) {
                expected.put(p + "-" + k, k % 2 == 0);
            }
        }
        assertThat(s.members().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, Boolean> enforcing = new TreeMap<>();
        for (Map.Entry<String, Flags> e : s.members().entrySet()) {
            enforcing.put(e.getKey(), e.getValue().enforcing());
        }
        assertThat(enforcing).isEqualTo(expected);
        assertThat(s.rec() == 0 || s.rec() == s.cur() - 1).isTrue();
        assertThat(s.cur()).isGreaterThan(1);
    }
}
