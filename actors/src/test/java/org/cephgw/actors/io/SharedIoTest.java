package org.cephgw.actors.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.cephgw.actors.TestKits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The reference-counted back-end handle: closed exactly once, never while in use. */
class SharedIoTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final IoPool pool = IoPool.spawn(kit.system(), 4);

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private static FakeIoHandle handle() {
        return FakeIoHandle.unique();
    }

    private static void drain(FakeIoHandle h) throws Exception {
        h.awaitQueued(pool);
    }

    @Test
    void retireWithoutUsersClosesOnce() throws Exception {
        FakeIoHandle h = handle();
        SharedIo io = new SharedIo(h, pool);
        assertThat(io.handle()).isSameAs(h);
        io.retire();
        assertThat(h.awaitClose(3000)).isTrue();
        io.retire();
        assertThat(io.acquire()).as("no use after retire").isFalse();
        drain(h);
        assertThat(h.closes()).isEqualTo(1);
    }

    @Test
    void closeWaitsForTheLastRelease() throws Exception {
        FakeIoHandle h = handle();
        SharedIo io = new SharedIo(h, pool);
        assertThat(io.acquire()).isTrue();
        assertThat(io.acquire()).isTrue();
        io.retire();
        assertThat(io.acquire()).isFalse();
        io.release();
        drain(h);
        assertThat(h.isClosed()).isFalse();
        io.release();
        assertThat(h.awaitClose(3000)).isTrue();
        drain(h);
        assertThat(h.closes()).isEqualTo(1);
    }

    @Test
    void usesWithoutRetireNeverClose() throws Exception {
        FakeIoHandle h = handle();
        SharedIo io = new SharedIo(h, pool);
        for (int i = 0; i < 10; i++) {
            assertThat(io.acquire()).isTrue();
            io.release();
        }
        drain(h);
        assertThat(h.isClosed()).isFalse();
    }

    // ------------------------------------------------------------------ many threads

    @Test
    void concurrentUsesAndRetireCloseExactlyOnceAfterTheLastRelease() throws Exception {
        int rounds = 200;
        int threads = 6;
        List<FakeIoHandle> handles = new ArrayList<>();
        AtomicInteger violations = new AtomicInteger();
        for (int round = 0; round < rounds; round++) {
            FakeIoHandle h = handle();
            handles.add(h);
            SharedIo io = new SharedIo(h, pool);
            AtomicInteger inUse = new AtomicInteger();
            AtomicInteger retiredFlag = new AtomicInteger();
            AtomicInteger retiredDone = new AtomicInteger();
            h.onClose(() -> {
                if (inUse.get() != 0 || retiredFlag.get() == 0) {
                    violations.incrementAndGet();
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean retirer = t == 0;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 200; i++) {
                        if (retirer && i == rnd.nextInt(200)) {
                            retiredFlag.set(1);
                            io.retire();
                            retiredDone.set(1);
                        }
                        boolean wasRetired = retiredDone.get() == 1;
                        if (io.acquire()) {
                            if (wasRetired) {
                                // retired before we tried: acquire must have failed
                                violations.incrementAndGet();
                            }
                            inUse.incrementAndGet();
                            if (h.isClosed()) {
                                violations.incrementAndGet();
                            }
                            Thread.onSpinWait();
                            inUse.decrementAndGet();
                            io.release();
                        }
                    }
                    if (retirer && retiredFlag.get() == 0) {
                        retiredFlag.set(1);
                        io.retire();
                        retiredDone.set(1);
                    }
                });
                ts.add(th);
                th.start();
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertThat(io.acquire()).isFalse();
        }
        for (FakeIoHandle h : handles) {
            assertThat(h.awaitClose(5000)).isTrue();
            drain(h);
            assertThat(h.closes()).isEqualTo(1);
        }
        assertThat(violations.get()).isZero();
    }
}
