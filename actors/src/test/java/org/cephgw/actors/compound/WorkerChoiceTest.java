package org.cephgw.actors.compound;

import java.util.HashSet;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a COMPOUND's back-end calls pick their I/O worker (as {@code IoPool.submit} does:
 * the spread modulo the number of workers).
 */
class WorkerChoiceTest {

    private static int worker(int spread, int workers) {
        return Math.floorMod(spread, workers);
    }

    @Property
    void oneClientsSlotsInOneDirectoryNeverShareAWorker(@ForAll long clientId, @ForAll int directorySpread,
                                                        @ForAll @IntRange(min = 1, max = 256) int workers,
                                                        @ForAll @IntRange(min = 1, max = 64) int slots) {
        Set<Integer> used = new HashSet<>();
        int n = Math.min(slots, workers);
        for (int slot = 0; slot < n; slot++) {
            used.add(worker(CompoundContext.ioSpread(directorySpread, CompoundContext.callerSalt(clientId, slot)), workers));
        }
        assertThat(used).hasSize(n);
    }

    @Property
    void consecutiveMebibytesOfAReadGoToConsecutiveWorkers(@ForAll int fileSpread, @ForAll @IntRange(min = 0, max = 0x3fff_fffe) int mib,
                                                           @ForAll @IntRange(min = 2, max = 256) int workers) {
        int a = worker(CompoundContext.ioSpread(fileSpread, mib), workers);
        int b = worker(CompoundContext.ioSpread(fileSpread, mib + 1), workers);
        // the same file's next MiB runs beside it (read-ahead in parallel); up to 1 PiB, where the salt wraps
        assertThat(b).isEqualTo((a + 1) % workers);
    }

    @Property
    void clientsAreSpreadOverTheWorkers(@ForAll int directorySpread, @ForAll @IntRange(min = 0, max = 0xff_ffff) int boot) {
        int workers = 16;
        int[] count = new int[workers];
        for (long counter = 1; counter <= 1600; counter++) {
            long clientId = 1L << 56 | (long) boot << 32 | counter; // [head][boot][counter], as the gateway makes them
            count[worker(CompoundContext.ioSpread(directorySpread, CompoundContext.callerSalt(clientId, 0)), workers)]++;
        }
        // clients whose ids differ only in a counter do not crowd onto a few workers
        assertThat(java.util.Arrays.stream(count).min().getAsInt()).isGreaterThanOrEqualTo(50);
        assertThat(java.util.Arrays.stream(count).max().getAsInt()).isLessThanOrEqualTo(150);
    }
}
