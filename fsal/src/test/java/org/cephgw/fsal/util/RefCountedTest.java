package org.cephgw.fsal.util;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefCountedTest {

    /** Counts how often it was freed, and fails a use after that. */
    static final class Resource extends RefCounted {
        final AtomicInteger freed = new AtomicInteger();

        @Override
        protected void free() {
            freed.incrementAndGet();
        }

        void use() {
            assertThat(freed.get()).as("used after it was freed").isZero();
        }

        @Override
        public String toString() {
            return "resource";
        }
    }

    @Test
    void theLastCountFreesOnce() {
        Resource r = new Resource();
        assertThat(r.references()).isEqualTo(1);
        assertThat(r.tryAcquire()).isTrue();
        assertThat(r.tryAcquire()).isTrue();
        assertThat(r.references()).isEqualTo(3);
        r.close();
        r.close();
        assertThat(r.freed.get()).isZero();
        assertThat(r.isLive()).isTrue();
        r.close();
        assertThat(r.freed.get()).isEqualTo(1);
        assertThat(r.isLive()).isFalse();
        // gone: no count can be taken again, and giving back more than was taken is a bug
        assertThat(r.tryAcquire()).isFalse();
        assertThatThrownBy(r::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("resource released too often");
        assertThat(r.freed.get()).isEqualTo(1);
    }

    @Test
    void abandonDropsEveryCountWithoutFreeing() {
        Resource r = new Resource();
        r.tryAcquire();
        assertThat(r.abandon()).isTrue();
        assertThat(r.abandon()).isFalse();
        assertThat(r.tryAcquire()).isFalse();
        assertThat(r.freed.get()).isZero();
    }

    /** The creator closes while threads use it: it is freed exactly once, after the last use. */
    @Test
    void closingWhileOtherThreadsUseItFreesAfterTheLastUse() throws Exception {
        for (int round = 0; round < 200; round++) {
            Resource r = new Resource();
            int n = 4;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] ts = new Thread[n];
            Throwable[] failure = new Throwable[1];
            for (int i = 0; i < n; i++) {
                ts[i] = new Thread(() -> {
                    try {
                        start.await();
                        for (int k = 0; k < 100; k++) {
                            if (!r.tryAcquire()) {
                                return; // freed: a caller then reports the handle closed
                            }
                            try {
                                r.use();
                            } finally {
                                r.close();
                            }
                        }
                    } catch (Throwable t) {
                        synchronized (failure) {
                            failure[0] = t;
                        }
                    }
                });
                ts[i].start();
            }
            start.countDown();
            r.close(); // the creator's count
            for (Thread t : ts) {
                t.join();
            }
            assertThat(failure[0]).isNull();
            assertThat(r.freed.get()).isEqualTo(1);
            assertThat(r.references()).isZero();
        }
    }
}
