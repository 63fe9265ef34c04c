package org.cephgw.fsal.cephfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.DirEntry;
import org.junit.jupiter.api.Test;

/** The READDIR streams kept between pages, without libcephfs (a stream is a number here). */
class OpenDirsTest {
    private static final FileHandle DIR = new FileHandle(new byte[] {1});
    private static final Creds ALICE = new Creds(1000, 1000, new int[] {1000, 27});

    private final List<Long> released = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final OpenDirs dirs = new OpenDirs(released::add, now::get);

    private static OpenDirs.Key key(long cookie, Creds c) {
        return OpenDirs.Key.of(DIR, cookie, c);
    }

    @Test
    void aStreamIsTakenOnceByTheSameCallerAtTheCookieItEndedWith() {
        DirEntry pending = new DirEntry("next", 9, DIR, null);
        dirs.give(key(5, ALICE), 100, 7, pending);
        assertThat(dirs.take(key(6, ALICE), 7)).isNull();
        // the same ids, a new array: the same caller
        assertThat(dirs.take(key(5, new Creds(1000, 1000, new int[] {1000, 27})), 7)).isEqualTo(new OpenDirs.Stream(100, 7, pending, 0));
        assertThat(dirs.take(key(5, ALICE), 7)).isNull();
        dirs.give(key(5, ALICE), 101, 7, null);
        assertThat(dirs.take(key(5, ALICE), 8)).as("the directory changed").isNull();
        assertThat(released).containsExactly(101L);
        dirs.give(key(5, ALICE), 102, 7, null);
        assertThat(dirs.take(key(5, new Creds(1000, 1000, new int[] {1000})), 7)).as("other groups").isNull();
        assertThat(dirs.take(key(5, new Creds(0, 0, new int[0])), 7)).as("another user").isNull();
        assertThat(released).containsExactly(101L);
    }

    @Test
    void idleStreamsAndTheOldestBeyondTheLimitAreReleased() {
        dirs.give(key(1, ALICE), 1, 7, null);
        now.addAndGet(OpenDirs.IDLE_NANOS + 1);
        dirs.give(key(2, ALICE), 2, 7, null);
        assertThat(released).containsExactly(1L);
        for (int i = 0; i < OpenDirs.MAX_OPEN; i++) {
            dirs.give(key(100 + i, ALICE), 100 + i, 7, null);
        }
        assertThat(released).containsExactly(1L, 2L);
        assertThat(dirs.size()).isEqualTo(OpenDirs.MAX_OPEN);
        // given twice at one key: the older stream goes
        dirs.give(key(100, ALICE), 999, 7, null);
        assertThat(released).contains(100L);
    }

    @Test
    void aStreamHoldingAnEntryReadLongAgoIsNotUsed() {
        dirs.give(key(1, ALICE), 1, 7, new DirEntry("x", 2, DIR, null));
        dirs.give(key(3, ALICE), 3, 7, null);
        now.addAndGet(OpenDirs.PENDING_NANOS + 1);
        assertThat(dirs.take(key(1, ALICE), 7)).isNull();
        assertThat(released).containsExactly(1L);
        assertThat(dirs.take(key(3, ALICE), 7)).as("nothing read ahead: still good").isNotNull();
    }

    @Test
    void closingReleasesEverythingAndWhatIsGivenLater() {
        dirs.give(key(1, ALICE), 1, 7, null);
        dirs.give(key(2, ALICE), 2, 7, null);
        dirs.close(true);
        assertThat(released).containsExactlyInAnyOrder(1L, 2L);
        dirs.give(key(3, ALICE), 3, 7, null);
        assertThat(released).contains(3L);
        assertThat(dirs.take(key(3, ALICE), 7)).isNull();
        OpenDirs aborted = new OpenDirs(released::add, now::get);
        aborted.give(key(4, ALICE), 4, 7, null);
        aborted.close(false);
        assertThat(released).doesNotContain(4L);
    }
}
