package org.cephgw.actors.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.cephgw.actors.TestKits;

/** {@link SharedIo} driven by random single-threaded schedules (jqwik; its own actor system). */
class SharedIoPropertiesTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final IoPool pool = IoPool.spawn(kit.system(), 2);

    @AfterContainer
    static void shutdown() {
        kit.shutdownTestKit();
    }

    // ------------------------------------------------------------------ one thread, any order

    sealed interface Step {
    }

    record Acquire() implements Step {
    }

    record Release() implements Step {
    }

    record Retire() implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.<Step>of(new Acquire(), new Release(), new Retire()).list().ofMaxSize(30);
    }

    /**
     * Against a model: acquire succeeds until retired, releases never outnumber successful
     * acquires (the caller's contract), and the handle is closed exactly when it is retired
     * and nobody holds it.
     */
    @Property(tries = 200)
    void closesExactlyWhenRetiredAndUnused(@ForAll("steps") List<Step> steps) throws Exception {
        FakeIoHandle h = FakeIoHandle.unique();
        SharedIo io = new SharedIo(h, pool);
        int users = 0;
        boolean retired = false;
        for (Step s : steps) {
            if (s instanceof Acquire) {
                boolean ok = io.acquire();
                assertThat(ok).isEqualTo(!retired);
                if (ok) {
                    users++;
                }
            } else if (s instanceof Release) {
                if (users > 0) {
                    io.release();
                    users--;
                }
            } else {
                io.retire();
                retired = true;
            }
        }
        h.awaitQueued(pool);
        assertThat(h.closes()).as("closes after %s", steps).isEqualTo(retired && users == 0 ? 1 : 0);
    }
}
