package org.cephgw.actors.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.awaitility.Awaitility;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.metrics.NfsObserver;
import org.cephgw.actors.metrics.NfsObservers;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What an I/O pool tells metrics: its queue depth per worker and how long each back-end call ran. */
class IoPoolMetricsTest {
    private static final ActorTestKit kit = TestKits.create();

    /** The observer installed on the system before the pool starts, as the gateway does. */
    private static final class Recording implements NfsObserver {
        final List<IoPool> pools = new CopyOnWriteArrayList<>();
        final List<long[]> calls = new CopyOnWriteArrayList<>();

        @Override
        public void ioPoolStarted(IoPool pool) {
            pools.add(pool);
        }

        @Override
        public void backendCall(int opnum, long nanos) {
            calls.add(new long[] {opnum, nanos});
        }
    }

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @Test
    void callsWaitingForABusyWorkerAreItsQueueDepthAndEachCallIsTimed() throws Exception {
        Recording rec = new Recording();
        NfsObservers.install(kit.system(), rec);
        IoPool pool = IoPool.spawn(kit.system(), 2);
        assertThat(rec.pools).containsExactly(pool);
        assertThat(pool.queued()).isZero();

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        // worker 0 blocks in its first call; two more wait behind it
        CompletableFuture<Integer> first = pool.submit(0, NfsOpnum4.OP_WRITE, () -> {
            started.countDown();
            await(release);
            return 1;
        }).toCompletableFuture();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = pool.submit(2, NfsOpnum4.OP_READ, () -> 2).toCompletableFuture();
        CompletableFuture<Integer> third = pool.submit(0, () -> 3).toCompletableFuture();
        assertThat(pool.queued(0)).isEqualTo(2);
        assertThat(pool.queued(1)).isZero();
        assertThat(pool.queued()).isEqualTo(2);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS) + second.get(5, TimeUnit.SECONDS) + third.get(5, TimeUnit.SECONDS)).isEqualTo(6);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> rec.calls.size() == 3);
        assertThat(pool.queued()).isZero();
        assertThat(rec.calls).extracting(c -> (int) c[0])
                .containsExactly(NfsOpnum4.OP_WRITE, NfsOpnum4.OP_READ, IoPool.NO_OPERATION);
        // the blocked call ran at least as long as the others waited behind it
        assertThat(rec.calls.get(0)[1]).isGreaterThan(rec.calls.get(1)[1]);
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
