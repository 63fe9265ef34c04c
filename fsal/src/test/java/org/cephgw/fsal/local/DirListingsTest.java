package org.cephgw.fsal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The recorded listings without a file system. */
class DirListingsTest {
    private final DirListings listings = new DirListings();

    private static DirListings.Entry entry(String name, long ino, long cookie) {
        return new DirListings.Entry(name, name.getBytes(StandardCharsets.UTF_8), ino, cookie);
    }

    @Test
    void aListingGrowsOnlyWhereItEndsAndHoldsForItsChangeValue() {
        DirListings.Listing l = listings.start(10, 500);
        l.append(0, entry("a", 1, 100));
        l.append(100, entry("b", 2, 200));
        // a reader that went on from elsewhere does not tear it
        l.append(100, entry("x", 9, 900));
        l.append(0, entry("y", 9, 901));
        assertThat(l.size()).isEqualTo(2);
        assertThat(l.indexAfter(0)).isZero();
        assertThat(l.indexAfter(100)).isEqualTo(1);
        assertThat(l.indexAfter(200)).isEqualTo(2);
        assertThat(l.indexAfter(150)).as("a cookie it never gave").isEqualTo(-1);
        l.end(100);
        assertThat(l.complete()).as("not where it ends").isFalse();
        l.end(200);
        assertThat(l.complete()).isTrue();
        l.append(200, entry("c", 3, 300));
        assertThat(l.size()).as("complete: nothing more").isEqualTo(2);
        assertThat(listings.get(10, 500)).isSameAs(l);
        // the directory changed: a miss, and the old listing is gone
        assertThat(listings.get(10, 501)).isNull();
        assertThat(listings.get(10, 500)).isNull();
    }

    @Test
    void aHandleIsReusedOnlyForTheSameInodeAndGeneration() {
        DirListings.Entry e = entry("a", 7, 100);
        org.cephgw.fsal.FileHandle h = new org.cephgw.fsal.FileHandle(new byte[] {1, 2, 3});
        assertThat(e.handle(7, 55)).isNull();
        e.remember(7, 55, h, null, ChangeTracker.UNTRACKED, 0);
        assertThat(e.handle(7, 55)).isEqualTo(h);
        assertThat(e.handle(7, 56)).as("the inode number came back for a new file").isNull();
        assertThat(e.handle(8, 55)).as("the name is another file now").isNull();
        e.remember(8, 56, h, null, ChangeTracker.UNTRACKED, 0);
        assertThat(e.handle(8, 56)).as("only for the inode it was recorded with").isNull();
    }

    @Test
    void attributesAreReusedWhileYoungEnoughAndUnderTheSameToken() {
        DirListings.Entry e = entry("a", 7, 100);
        org.cephgw.fsal.FileHandle h = new org.cephgw.fsal.FileHandle(new byte[] {1, 2, 3});
        org.cephgw.fsal.Stat st = stat(7, 4096);
        e.remember(7, 55, h, st, 1234, 1_000);
        assertThat(e.attributes(1_000, 1234)).isNotNull().satisfies(m -> {
            assertThat(m.stat()).isSameAs(st);
            assertThat(m.handle()).isSameAs(h);
        });
        assertThat(e.attributes(999, 1234)).as("younger than the limit").isNotNull();
        assertThat(e.attributes(1_001, 1234)).as("read before the limit: too old").isNull();
        assertThat(e.attributes(1_000, 1235)).as("modified through the back end since").isNull();
        assertThat(e.attributes(1_000, ChangeTracker.DIRTY)).as("written since").isNull();
        e.remember(7, 55, h, st, ChangeTracker.DIRTY, 2_000);
        assertThat(e.attributes(1_000, ChangeTracker.DIRTY)).as("read while dirty: never reused").isNull();
        assertThat(e.handle(7, 55)).as("the handle still is").isEqualTo(h);
        e.remember(7, 55, h, null, 1234, 3_000);
        assertThat(e.attributes(1_000, 1234)).as("none remembered").isNull();
    }

    private static org.cephgw.fsal.Stat stat(long ino, long size) {
        org.cephgw.fsal.Timestamp t = new org.cephgw.fsal.Timestamp(1, 2);
        return new org.cephgw.fsal.Stat(org.cephgw.fsal.FileType.REGULAR, 0644, 1, 0, 0, size, size, 0, 0, ino, t, t, t, t, 5);
    }

    @Test
    void theLeastRecentlyUsedListingsGoWhenTheEntriesExceedTheBudget() {
        int half = DirListings.MAX_ENTRIES / 2;
        DirListings.Listing a = fill(1, half);
        DirListings.Listing b = fill(2, half);
        assertThat(listings.listings()).isEqualTo(2);
        assertThat(listings.get(1, 0)).isSameAs(a);
        // one more entry: b is now the least recently used
        DirListings.Listing c = fill(3, 1);
        assertThat(listings.get(2, 0)).isNull();
        assertThat(listings.get(1, 0)).isSameAs(a);
        assertThat(listings.get(3, 0)).isSameAs(c);
        assertThat(b.size()).isEqualTo(half);
        // a single directory larger than the budget is recorded up to it
        DirListings.Listing huge = fill(4, DirListings.MAX_ENTRIES + 10);
        assertThat(huge.size()).isEqualTo(DirListings.MAX_ENTRIES);
        assertThat(listings.listings()).isEqualTo(1);
    }

    private DirListings.Listing fill(long dir, int n) {
        DirListings.Listing l = listings.start(dir, 0);
        long after = 0;
        for (int i = 0; i < n; i++) {
            long cookie = 3 + i;
            l.append(after, entry("e" + i, i, cookie));
            after = cookie;
        }
        return l;
    }
}
