package org.cephgw.fsal.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Filesystem#readdir}: pages, cookies, entries with handles and attributes. */
public abstract class ReaddirContract extends BackendContract {

    @Test
    void fiveThousandEntriesInPagesOfHundred() {
        FileHandle d = mkdir(fs.root(), "big");
        for (int i = 0; i < 5000; i++) {
            // made outside, so the back end knows nothing of them
            fixture.outside().createFile("big/entry-" + i);
        }
        Set<String> seen = new HashSet<>();
        long cookie = 0;
        int pages = 0;
        for (;;) {
            Filesystem.DirList page = fs.readdir(ROOT, d, cookie, 100);
            pages++;
            assertThat(page.entries().size()).isLessThanOrEqualTo(100);
            for (Filesystem.DirEntry e : page.entries()) {
                assertThat(e.cookie()).isNotIn(0L, 1L, 2L);
                assertThat(seen.add(e.name())).as("%s returned twice", e.name()).isTrue();
                assertThat(e.stat().type()).isEqualTo(FileType.REGULAR);
            }
            if (page.eof()) {
                break;
            }
            assertThat(page.entries()).hasSize(100);
            cookie = page.entries().get(page.entries().size() - 1).cookie();
            assertThat(pages).isLessThan(60);
        }
        assertThat(seen).hasSize(5000);
        assertThat(pages).isBetween(50, 51);
        // cookies are positions in the file system: another gateway node resumes at them
        Filesystem.DirList first = fs.readdir(ROOT, d, 0, 100);
        long mid = first.entries().get(99).cookie();
        Filesystem other = fixture.secondClient();
        Filesystem.DirList next = other.readdir(ROOT, d, mid, 100);
        Filesystem.DirList here = fs.readdir(ROOT, d, mid, 100);
        assertThat(next.entries()).extracting(Filesystem.DirEntry::name)
                .containsExactlyElementsOf(here.entries().stream().map(Filesystem.DirEntry::name).toList());
        assertThat(next.entries()).extracting(Filesystem.DirEntry::name)
                .doesNotContainAnyElementsOf(first.entries().stream().map(Filesystem.DirEntry::name).toList());
    }

    @Test
    void resumingAfterOtherEntriesWereRemovedAndAdded() {
        FileHandle d = mkdir(fs.root(), "dir");
        for (int i = 0; i < 2000; i++) {
            createFile(d, "n" + i);
        }
        List<String> read = new ArrayList<>();
        long cookie = 0;
        for (int p = 0; p < 5; p++) {
            Filesystem.DirList page = fs.readdir(ROOT, d, cookie, 100);
            page.entries().forEach(e -> read.add(e.name()));
            cookie = page.entries().get(99).cookie();
        }
        Set<String> removed = new HashSet<>();
        // remove some already-read names (including the one the cookie came from) and some unread ones
        for (int i = 0; i < 2000; i += 7) {
            fs.remove(ROOT, d, "n" + i);
            removed.add("n" + i);
        }
        fs.remove(ROOT, d, read.get(read.size() - 1));
        removed.add(read.get(read.size() - 1));
        for (int i = 0; i < 300; i++) {
            createFile(d, "added" + i);
        }
        Set<String> rest = new HashSet<>();
        for (;;) {
            Filesystem.DirList page = fs.readdir(ROOT, d, cookie, 100);
            for (Filesystem.DirEntry e : page.entries()) {
                assertThat(rest.add(e.name())).isTrue();
            }
            if (page.eof()) {
                break;
            }
            cookie = page.entries().get(page.entries().size() - 1).cookie();
        }
        for (int i = 0; i < 2000; i++) {
            String n = "n" + i;
            if (removed.contains(n)) {
                assertThat(rest).doesNotContain(n);
            } else if (!read.contains(n)) {
                assertThat(rest).as("unread %s", n).contains(n);
            } else {
                assertThat(rest).as("already read %s", n).doesNotContain(n);
            }
        }
    }

    @Test
    void entriesCarryHandlesAndAttributes() {
        FileHandle d = mkdir(fs.root(), "d");
        FileHandle f = createFile(d, "file", new byte[] {1, 2, 3});
        FileHandle sub = mkdir(d, "sub");
        fs.symlink(ROOT, d, "link", "file", SetAttributes.NONE);
        Filesystem.DirList l = fs.readdir(ROOT, d, 0, 100);
        assertThat(l.eof()).isTrue();
        assertThat(l.entries()).extracting(Filesystem.DirEntry::name).containsExactlyInAnyOrder("file", "sub", "link");
        for (Filesystem.DirEntry e : l.entries()) {
            Filesystem.Lookup byName = fs.lookup(ROOT, d, e.name());
            assertThat(e.handle()).isEqualTo(byName.handle());
            assertThat(e.stat().fileId()).isEqualTo(byName.stat().fileId());
            assertThat(e.stat().change()).isEqualTo(byName.stat().change());
            switch (e.name()) {
                case "file" -> {
                    assertThat(e.handle()).isEqualTo(f);
                    assertThat(e.stat().size()).isEqualTo(3);
                }
                case "sub" -> assertThat(e.stat().type()).isEqualTo(FileType.DIRECTORY);
                default -> assertThat(e.stat().type()).isEqualTo(FileType.SYMLINK);
            }
        }
        assertThat(fs.readdir(ROOT, sub, 0, 10).entries()).isEmpty();
        assertThat(fs.readdir(ROOT, sub, 0, 10).eof()).isTrue();
        Filesystem.DirList none = fs.readdir(ROOT, d, 0, 0);
        assertThat(none.entries()).isEmpty();
        assertThat(none.eof()).isFalse();
        // exactly a page's worth: eof is known on that page
        Filesystem.DirList three = fs.readdir(ROOT, d, 0, 3);
        assertThat(three.entries()).hasSize(3);
        assertThat(three.eof()).isTrue();
        Filesystem.DirList two = fs.readdir(ROOT, d, 0, 2);
        assertThat(two.eof()).isFalse();
        Filesystem.DirList last = fs.readdir(ROOT, d, two.entries().get(1).cookie(), 2);
        assertThat(last.entries()).hasSize(1);
        assertThat(last.eof()).isTrue();
        // the last entry's cookie: nothing follows
        Filesystem.DirList after = fs.readdir(ROOT, d, last.entries().get(0).cookie(), 2);
        assertThat(after.entries()).isEmpty();
        assertThat(after.eof()).isTrue();
        assertThat(errorOf(() -> fs.readdir(ROOT, f, 0, 10))).isEqualTo(FsError.NOTDIR);
        if (fixture.handlesSurviveRestart()) {
            // the handles of entries the back end never looked up resolve
            reopen();
            for (Filesystem.DirEntry e : fs.readdir(ROOT, d, 0, 10).entries()) {
                assertThat(fs.getattr(ROOT, e.handle()).fileId()).isEqualTo(e.stat().fileId());
            }
        }
    }

    @Test
    void aDirectoryListedAgainShowsWhatChangedSince() {
        FileHandle d = mkdir(fs.root(), "again");
        for (int i = 0; i < 40; i++) {
            createFile(d, "f" + i, new byte[] {1});
        }
        List<Filesystem.DirEntry> first = listAll(d, 7);
        assertThat(first).hasSize(40);
        // listed again unchanged: the same entries with the same handles and attributes (CephFS may
        // give the last entry of a fragment another cookie, depending on how far it has read)
        assertThat(listAll(d, 7)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("cookie")
                .containsExactlyElementsOf(first);
        // a file written meanwhile: the directory did not change, its attributes did
        write(fs, fs.lookup(ROOT, d, "f3").handle(), 0, new byte[100]);
        assertThat(entry(listAll(d, 7), "f3").stat().size()).isEqualTo(100);
        fs.remove(ROOT, d, "f5");
        createFile(d, "new");
        fs.rename(ROOT, d, "f6", d, "f6-renamed");
        // replaced by rename: the name is another file now
        fs.rename(ROOT, d, "f7", d, "f8");
        // removed and made again under the same name (the inode number may well come back)
        fs.remove(ROOT, d, "f9");
        FileHandle nine = createFile(d, "f9", new byte[] {1, 2});
        List<Filesystem.DirEntry> later = listAll(d, 7);
        assertThat(later).extracting(Filesystem.DirEntry::name)
                .contains("new", "f6-renamed", "f8", "f9")
                .doesNotContain("f5", "f6", "f7")
                .hasSize(39);
        for (Filesystem.DirEntry e : later) {
            Filesystem.Lookup byName = fs.lookup(ROOT, d, e.name());
            assertThat(e.handle()).as(e.name()).isEqualTo(byName.handle());
            assertThat(e.stat().fileId()).as(e.name()).isEqualTo(byName.stat().fileId());
        }
        assertThat(entry(later, "f9").handle()).isEqualTo(nine);
        assertThat(entry(later, "f9").stat().size()).isEqualTo(2);
    }

    private List<Filesystem.DirEntry> listAll(FileHandle d, int pageSize) {
        List<Filesystem.DirEntry> all = new ArrayList<>();
        long cookie = 0;
        for (int pages = 0; pages < 10_000; pages++) {
            Filesystem.DirList page = fs.readdir(ROOT, d, cookie, pageSize);
            all.addAll(page.entries());
            if (page.eof()) {
                return all;
            }
            cookie = page.entries().get(page.entries().size() - 1).cookie();
        }
        throw new AssertionError("no end of the listing");
    }

    private static Filesystem.DirEntry entry(List<Filesystem.DirEntry> l, String name) {
        return l.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void badCookies() {
        FileHandle d = mkdir(fs.root(), "d");
        createFile(d, "x");
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 1, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 2, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 0x8000_0000_0000_0010L, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(errorOf(() -> fs.readdir(ROOT, d, -1L, 10))).isEqualTo(FsError.BAD_COOKIE);
        fixture.cookieBeyondEveryPosition().ifPresent(c ->
                assertThat(errorOf(() -> fs.readdir(ROOT, d, c, 10))).isEqualTo(FsError.BAD_COOKIE));
    }
}
