package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalReaddirTest extends LocalFsTestSupport {

    @Test
    void fiveThousandEntriesInPagesOfHundred() throws Exception {
        FileHandle d = mkdir(fs.root(), "big");
        for (int i = 0; i < 5000; i++) {
            Files.createFile(export.resolve("big").resolve("entry-" + i));
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
    }

    @Test
    void resumingAfterOtherEntriesWereRemovedAndAdded() throws Exception {
        FileHandle d = mkdir(fs.root(), "dir");
        for (int i = 0; i < 2000; i++) {
            Files.createFile(export.resolve("dir").resolve("n" + i));
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
        fs.symlink(ROOT, d, "link", "file", org.cephgw.fsal.SetAttributes.NONE);
        Filesystem.DirList l = fs.readdir(ROOT, d, 0, 100);
        assertThat(l.eof()).isTrue();
        assertThat(l.entries()).extracting(Filesystem.DirEntry::name).containsExactlyInAnyOrder("file", "sub", "link");
        for (Filesystem.DirEntry e : l.entries()) {
            assertThat(e.handle()).isEqualTo(fs.lookup(ROOT, d, e.name()).handle());
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
        assertThat(errorOf(() -> fs.readdir(ROOT, f, 0, 10))).isEqualTo(FsError.NOTDIR);
    }

    @Test
    void badCookies() {
        FileHandle d = mkdir(fs.root(), "d");
        createFile(d, "x");
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 1, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 2, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(errorOf(() -> fs.readdir(ROOT, d, 0x8000_0000_0000_0010L, 10))).isEqualTo(FsError.BAD_COOKIE);
    }
}
