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

    private static DirEntry entry(long cookie) {
        return new DirEntry("e" + cookie, cookie, DIR, null);
    }

    /** a page of one entry at {@code cookie} */
    private void give(long cookie, long dirp, long change, DirEntry ahead) {
        dirs.give(key(cookie, ALICE), dirp, change, List.of(entry(cookie)), ahead == null ? List.of() : List.of(ahead));
    }

    @Test
    void aStreamIsTakenOnceByTheSameCallerAtTheCookieItEndedWith() {
        DirEntry pending = new DirEntry("next", 9, DIR, null);
        give(5, 100, 7, pending);
        assertThat(dirs.take(key(6, ALICE), 7)).isNull();
        // the same ids, a new array: the same caller
        assertThat(dirs.take(key(5, new Creds(1000, 1000, new int[] {1000, 27})), 7)).isEqualTo(new OpenDirs.Stream(100, 7, List.of(pending)));
        assertThat(dirs.take(key(5, ALICE), 7)).isNull();
        give(5, 101, 7, null);
        assertThat(dirs.take(key(5, ALICE), 8)).as("the directory changed").isNull();
        assertThat(released).containsExactly(101L);
        give(5, 102, 7, null);
        assertThat(dirs.take(key(5, new Creds(1000, 1000, new int[] {1000})), 7)).as("other groups").isNull();
        assertThat(dirs.take(key(5, new Creds(0, 0, new int[0])), 7)).as("another user").isNull();
        assertThat(released).containsExactly(101L);
    }

    @Test
    void aReplyThatEndedInsideThePageGoesOnWithThePagesOtherEntries() {
        List<DirEntry> page = List.of(entry(10), entry(11), entry(12), entry(13));
        dirs.give(key(13, ALICE), 100, 7, page, List.of(entry(14)));
        assertThat(dirs.take(key(11, new Creds(1000, 1000, new int[] {1000})), 7)).as("another caller").isNull();
        assertThat(dirs.take(key(9, ALICE), 7)).as("not of the page").isNull();
        // maxcount filled the reply after cookie 11: the next READDIR asks for what follows 11
        assertThat(dirs.take(key(11, ALICE), 7)).isEqualTo(new OpenDirs.Stream(100, 7, List.of(entry(12), entry(13), entry(14))));
        assertThat(dirs.size()).isZero();
        assertThat(released).isEmpty();

        dirs.give(key(13, ALICE), 101, 7, page, List.of());
        assertThat(dirs.take(key(10, ALICE), 8)).as("the directory changed").isNull();
        assertThat(released).containsExactly(101L);
        dirs.give(key(13, ALICE), 102, 7, page, List.of());
        now.addAndGet(OpenDirs.PENDING_NANOS + 1);
        assertThat(dirs.take(key(12, ALICE), 7)).as("entry 13 was read too long ago").isNull();
        assertThat(released).containsExactly(101L, 102L);
    }

    @Test
    void idleStreamsAndTheOldestBeyondTheLimitAreReleased() {
        give(1, 1, 7, null);
        now.addAndGet(OpenDirs.IDLE_NANOS + 1);
        give(2, 2, 7, null);
        assertThat(released).containsExactly(1L);
        for (int i = 0; i < OpenDirs.MAX_OPEN; i++) {
            give(100 + i, 100 + i, 7, null);
        }
        assertThat(released).containsExactly(1L, 2L);
        assertThat(dirs.size()).isEqualTo(OpenDirs.MAX_OPEN);
        // given twice at one key: the older stream goes
        give(100, 999, 7, null);
        assertThat(released).contains(100L);
    }

    @Test
    void aStreamHoldingAnEntryReadLongAgoIsNotUsed() {
        give(1, 1, 7, new DirEntry("x", 2, DIR, null));
        give(3, 3, 7, null);
        now.addAndGet(OpenDirs.PENDING_NANOS + 1);
        assertThat(dirs.take(key(1, ALICE), 7)).isNull();
        assertThat(released).containsExactly(1L);
        assertThat(dirs.take(key(3, ALICE), 7)).as("nothing read ahead: still good").isNotNull();
    }

    @Test
    void closingReleasesEverythingAndWhatIsGivenLater() {
        give(1, 1, 7, null);
        give(2, 2, 7, null);
        dirs.close(true);
        assertThat(released).containsExactlyInAnyOrder(1L, 2L);
        give(3, 3, 7, null);
        assertThat(released).contains(3L);
        assertThat(dirs.take(key(3, ALICE), 7)).isNull();
        OpenDirs aborted = new OpenDirs(released::add, now::get);
        aborted.give(key(4, ALICE), 4, 7, List.of(entry(4)), List.of());
        aborted.close(false);
        assertThat(released).doesNotContain(4L);
    }
}
