package org.cephgw.actors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.cephgw.actors.TestKits;
import org.cephgw.fsal.FileHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The I/O worker pool: one file's work in order, on the I/O dispatcher, failures contained. */
class IoPoolTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final IoPool pool = IoPool.spawn(kit.system(), 3);

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @Test
    void oneFilesWorkRunsInSubmissionOrder() throws Exception {
        FileHandle f = new FileHandle(new byte[] {1});
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            all.add(pool.submit(f, () -> {
                seen.add(n);
                return n;
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
            assertThat(all.get(i).get()).isEqualTo(i);
        }
    }

    @Test
    void workRunsOnTheIoDispatcher() throws Exception {
        String thread = pool.submit(new FileHandle(new byte[] {2}), () -> Thread.currentThread().getName())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(thread).contains("io-dispatcher");
        assertThat(pool.size()).isEqualTo(3);
    }

    @Test
    void aFailureFailsOnlyItsOwnFuture() throws Exception {
        FileHandle f = new FileHandle(new byte[] {3});
        CompletableFuture<Object> bad = pool.submit(f, () -> {
            throw new IllegalStateException("boom");
        }).toCompletableFuture();
        CompletableFuture<String> good = pool.submit(f, () -> "fine").toCompletableFuture();
        assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        // no file at all, and negative spreads, still land on a worker
        assertThat(pool.submit((FileHandle) null, () -> 1).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(pool.submit(Integer.MIN_VALUE, () -> 2).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }
}
