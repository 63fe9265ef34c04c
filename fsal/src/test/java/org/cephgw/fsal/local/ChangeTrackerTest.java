package org.cephgw.fsal.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change attribute logic with a frozen ctime, as ext4 shows it on kernels without multigrain
 * timestamps (before 6.13), where several modifications within one jiffy leave the same ctime.
 * (On newer kernels ctime is fine-grained once read, so the file-system tests alone would not
 * notice a broken tracker.)
 */
class ChangeTrackerTest {
    static final long T = 1_700_000_000_123_000_000L;

    @Test
    void everyModificationMovesTheValueEvenWithAFrozenCtime() {
        ChangeTracker c = new ChangeTracker(1024);
        long last = c.observe(7, T);
        assertThat(last).isEqualTo(T);
        for (int i = 0; i < 50; i++) {
            long m = c.modified(7, T);
            assertThat(m).isGreaterThan(last);
            assertThat(c.observe(7, T)).isEqualTo(m);
            last = m;
        }
    }

    @Test
    void dirtyMarksFromWritesMoveTheNextObservation() {
        ChangeTracker c = new ChangeTracker(1024);
        assertThat(c.markDirty(9)).isFalse(); // untracked: the caller must use modified()
        c.track(9, T);
        long last = c.observe(9, T);
        for (int i = 0; i < 50; i++) {
            assertThat(c.markDirty(9)).isTrue();
            long now = c.observe(9, T);
            assertThat(now).isGreaterThan(last);
            assertThat(c.observe(9, T)).isEqualTo(now);
            last = now;
        }
    }

    @Test
    void modificationsBehindOurBackMoveItWhenCtimeMoves() {
        ChangeTracker c = new ChangeTracker(1024);
        long a = c.modified(3, T);
        long b = c.modified(3, T);
        assertThat(c.observe(3, T + 1)).isGreaterThan(b); // ctime moved less than our increments
        assertThat(c.observe(3, T + 4_000_000)).isEqualTo(T + 4_000_000);
        assertThat(a).isLessThan(b);
        // never backwards, even if a later ctime reads lower (clock stepped back)
        long v = c.observe(3, T + 4_000_000);
        assertThat(c.observe(3, T)).isEqualTo(v);
        assertThat(c.modified(3, T)).isGreaterThan(v);
    }

    @Test
    void theTokenMovesWithEveryModificationThroughTheBackEnd() {
        ChangeTracker c = new ChangeTracker(1024);
        assertThat(c.token(5)).isEqualTo(ChangeTracker.UNTRACKED);
        c.observe(5, T);
        assertThat(c.token(5)).as("reading creates no entry").isEqualTo(ChangeTracker.UNTRACKED);
        long m = c.modified(5, T);
        assertThat(c.token(5)).isEqualTo(m);
        assertThat(c.token(5)).as("unchanged while nothing happens").isEqualTo(m);
        assertThat(c.markDirty(5)).isTrue();
        assertThat(c.token(5)).isEqualTo(ChangeTracker.DIRTY);
        long o = c.observe(5, T);
        assertThat(c.token(5)).isEqualTo(o).isNotEqualTo(m);
        c.modified(5, T);
        assertThat(c.token(5)).isNotEqualTo(o);
    }

    @Test
    void boundedAndFallsBackToCtime() {
        ChangeTracker c = new ChangeTracker(16);
        for (long ino = 0; ino < 1000; ino++) {
            c.modified(ino, T);
        }
        assertThat(c.observe(0, T)).isEqualTo(T); // evicted long ago
        assertThat(c.observe(999, T)).isEqualTo(T + 1);
    }
}
