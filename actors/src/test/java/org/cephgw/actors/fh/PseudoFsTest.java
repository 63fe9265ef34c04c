package org.cephgw.actors.fh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.DirEntry;
import org.cephgw.fsal.Filesystem.DirList;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.junit.jupiter.api.Test;

/** The read-only directories that lead to the exports. */
class PseudoFsTest {
    private static final Creds C = new Creds(1000, 1000, new int[0]);

    private static PseudoFs fs() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(1, "/data");
        m.put(2, "/home/alice");
        m.put(3, "/home/bob/");
        return new PseudoFs(m);
    }

    private static List<String> names(DirList l) {
        return l.entries().stream().map(DirEntry::name).toList();
    }

    private static FsError error(Runnable r) {
        try {
            r.run();
        } catch (FsException e) {
            return e.error();
        }
        throw new AssertionError("no FsException");
    }

    @Test
    void treeOfExportsWithJunctions() {
        PseudoFs fs = fs();
        FileHandle root = fs.root();
        assertThat(names(fs.readdir(C, root, 0, 100))).containsExactly("data", "home");
        FileHandle data = fs.lookup(C, root, "data").handle();
        FileHandle home = fs.lookup(C, root, "home").handle();
        FileHandle alice = fs.lookup(C, home, "alice").handle();
        FileHandle bob = fs.lookup(C, home, "bob").handle();
        assertThat(fs.junction(data)).isEqualTo(1);
        assertThat(fs.junction(alice)).isEqualTo(2);
        assertThat(fs.junction(bob)).isEqualTo(3);
        assertThat(fs.junction(home)).isZero();
        assertThat(fs.junction(root)).isZero();
        assertThat(fs.mountPoint(1)).isEqualTo(data);
        assertThat(fs.mountPoint(3)).isEqualTo(bob);
        assertThat(error(() -> fs.mountPoint(9))).isEqualTo(FsError.STALE);
        assertThat(error(() -> fs.lookup(C, home, "carol"))).isEqualTo(FsError.NOENT);
        assertThat(fs.lookup(C, root, "home").stat().fileId()).isEqualTo(fs.fileId(home));
        assertThat(List.of(fs.fileId(root), fs.fileId(data), fs.fileId(home), fs.fileId(alice), fs.fileId(bob)))
                .doesNotHaveDuplicates();
    }

    @Test
    void lookupParentWalksUpToTheRoot() {
        PseudoFs fs = fs();
        FileHandle home = fs.lookup(C, fs.root(), "home").handle();
        FileHandle alice = fs.lookup(C, home, "alice").handle();
        assertThat(fs.lookupParent(C, alice).handle()).isEqualTo(home);
        assertThat(fs.lookupParent(C, home).handle()).isEqualTo(fs.root());
        assertThat(error(() -> fs.lookupParent(C, fs.root()))).isEqualTo(FsError.NOENT);
    }

    @Test
    void readdirCookiesResumeAfterTheLastEntry() {
        PseudoFs fs = fs();
        FileHandle home = fs.lookup(C, fs.root(), "home").handle();
        DirList all = fs.readdir(C, home, 0, 100);
        assertThat(all.eof()).isTrue();
        assertThat(all.entries()).extracting(DirEntry::cookie).containsExactly(3L, 4L);
        DirList first = fs.readdir(C, home, 0, 1);
        assertThat(names(first)).containsExactly("alice");
        assertThat(first.eof()).isFalse();
        DirList rest = fs.readdir(C, home, first.entries().get(0).cookie(), 1);
        assertThat(names(rest)).containsExactly("bob");
        assertThat(rest.eof()).isTrue();
        DirList after = fs.readdir(C, home, 4, 10);
        assertThat(after.entries()).isEmpty();
        assertThat(after.eof()).isTrue();
        assertThat(error(() -> fs.readdir(C, home, 99, 10))).isEqualTo(FsError.BAD_COOKIE);
        assertThat(error(() -> fs.readdir(C, home, -1, 10))).as("cookies are unsigned").isEqualTo(FsError.BAD_COOKIE);
        // entries carry their handles and attributes
        DirEntry e = all.entries().get(1);
        assertThat(e.handle()).isEqualTo(fs.lookup(C, home, "bob").handle());
        assertThat(e.stat().type()).isEqualTo(FileType.DIRECTORY);
    }

    @Test
    void attributesAndReadOnlyness() {
        PseudoFs fs = fs();
        Stat st = fs.getattr(C, fs.root());
        assertThat(st.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(st.mode()).isEqualTo(0555);
        assertThat(st.nlink()).isEqualTo(4);
        assertThat(fs.access(C, fs.root(), Filesystem.Access.READ | Filesystem.Access.WRITE | Filesystem.Access.LOOKUP))
                .isEqualTo(Filesystem.Access.READ | Filesystem.Access.LOOKUP);
        FileHandle root = fs.root();
        assertThat(error(() -> fs.mkdir(C, root, "x", SetAttributes.NONE))).isEqualTo(FsError.ROFS);
        assertThat(error(() -> fs.remove(C, root, "data"))).isEqualTo(FsError.ROFS);
        assertThat(error(() -> fs.setattr(C, root, SetAttributes.NONE))).isEqualTo(FsError.ROFS);
        assertThat(error(() -> fs.open(C, root, Filesystem.Access.READ))).isEqualTo(FsError.ISDIR);
        assertThat(error(() -> fs.getattr(C, new FileHandle(new byte[] {1, 2})))).isEqualTo(FsError.BADHANDLE);
        assertThat(error(() -> fs.getattr(C, new FileHandle(new byte[] {0, 0, 0, 0, 0, 0, 0, 99}))))
                .isEqualTo(FsError.STALE);
    }

    @Test
    void invalidLayouts() {
        assertThatThrownBy(() -> new PseudoFs(Map.of(1, "/"))).isInstanceOf(IllegalArgumentException.class);
        Map<Integer, String> twice = new LinkedHashMap<>();
        twice.put(1, "/data");
        twice.put(2, "/data/");
        // the second would silently hide the first
        assertThatThrownBy(() -> new PseudoFs(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/data");
        // lookups enter export 1 at /data: export 2 below it could never be reached
        Map<Integer, String> nested = new LinkedHashMap<>();
        nested.put(1, "/data");
        nested.put(2, "/data/more");
        assertThatThrownBy(() -> new PseudoFs(nested)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/data");
        Map<Integer, String> nestedFirst = new LinkedHashMap<>();
        nestedFirst.put(2, "/data/more");
        nestedFirst.put(1, "/data");
        assertThatThrownBy(() -> new PseudoFs(nestedFirst)).isInstanceOf(IllegalArgumentException.class);
        // siblings sharing a parent directory are fine
        assertThat(new PseudoFs(Map.of(1, "/data/a", 2, "/data/b")).root()).isNotNull();
    }
}
