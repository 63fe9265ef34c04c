package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** User extended attributes of the local back end, against the real file system of the temp dir. */
class LocalXattrsTest extends LocalFsTestSupport {
    static final Creds USER = new Creds(1000, 1000, new int[0]);

    Filesystem.Xattrs x;

    @BeforeEach
    void xattrs() {
        assumeTrue(fs.xattrs().isPresent(), "the temp dir's file system has no user xattrs");
        x = fs.xattrs().orElseThrow();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static UserDefinedFileAttributeView onDisk(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
    }

    static byte[] readOnDisk(Path p, String name) throws Exception {
        UserDefinedFileAttributeView v = onDisk(p);
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        return b.array();
    }

    @Test
    void createReplaceEitherGetAndRemove() throws Exception {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(x.list(ROOT, f)).isEmpty();

        x.set(ROOT, f, "color", utf8("blue"), XattrSetMode.CREATE);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("blue"));
        // the back end's name is user.<name>; Java's view names user attributes without the prefix
        assertThat(readOnDisk(export.resolve("f"), "color")).isEqualTo(utf8("blue"));
        assertThat(errorOf(() -> x.set(ROOT, f, "color", utf8("red"), XattrSetMode.CREATE))).isEqualTo(FsError.EXIST);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("blue"));

        x.set(ROOT, f, "color", utf8("green"), XattrSetMode.REPLACE);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("green"));
        assertThat(errorOf(() -> x.set(ROOT, f, "shape", utf8("round"), XattrSetMode.REPLACE))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> x.get(ROOT, f, "shape"))).isEqualTo(FsError.NOXATTR);

        x.set(ROOT, f, "color", utf8("cyan"), XattrSetMode.EITHER);
        x.set(ROOT, f, "shape", new byte[0], XattrSetMode.EITHER);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("cyan"));
        assertThat(x.get(ROOT, f, "shape")).isEmpty();
        assertThat(x.list(ROOT, f)).containsExactlyInAnyOrder("color", "shape");

        x.remove(ROOT, f, "color");
        assertThat(errorOf(() -> x.get(ROOT, f, "color"))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> x.remove(ROOT, f, "color"))).isEqualTo(FsError.NOXATTR);
        assertThat(x.list(ROOT, f)).containsExactly("shape");
        assertThat(onDisk(export.resolve("f")).list()).containsExactly("shape");
    }

    @Test
    void attributesSetOutsideTheGatewayAreSeenAndOtherNamespacesAreNot() throws Exception {
        Path p = Files.writeString(export.resolve("g"), "data");
        onDisk(p).write("from-outside", ByteBuffer.wrap(utf8("hello")));
        onDisk(p).write("é/ü", ByteBuffer.wrap(utf8("unicode")));
        if (runningAsRoot()) {
            // trusted.* needs CAP_SYS_ADMIN; it must stay invisible to NFS clients
            setRaw(p, "trusted.cephgw", utf8("hidden"));
        }
        FileHandle g = fs.lookup(ROOT, fs.root(), "g").handle();
        assertThat(x.list(ROOT, g)).containsExactlyInAnyOrder("from-outside", "é/ü");
        assertThat(x.get(ROOT, g, "from-outside")).isEqualTo(utf8("hello"));
        assertThat(x.get(ROOT, g, "é/ü")).isEqualTo(utf8("unicode"));
        // "trusted.cephgw" as a client name is user.trusted.cephgw, which does not exist
        assertThat(errorOf(() -> x.get(ROOT, g, "trusted.cephgw"))).isEqualTo(FsError.NOXATTR);
    }

    private static void setRaw(Path p, String name, byte[] value) {
        Scratch s = Scratch.get();
        Scratch.putCString(s.path1, utf8(p.toString()));
        Scratch.putCString(s.path2, utf8(name));
        jnr.ffi.Pointer v = s.io(Math.max(1, value.length));
        v.put(0, value, 0, value.length);
        assertThat(Native.LIBC.setxattr(s.path1P, s.path2P, v, value.length, 0)).as("setxattr %s", name).isZero();
    }

    @Test
    void namesAreCheckedWithThePrefixCounted() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> x.set(ROOT, f, "", utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> x.get(ROOT, f, ""))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> x.set(ROOT, f, "a\0b", utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.INVAL);
        // Linux's 255 bytes include "user."
        String longest = "n".repeat(250);
        x.set(ROOT, f, longest, utf8("v"), XattrSetMode.CREATE);
        assertThat(x.list(ROOT, f)).containsExactly(longest);
        assertThat(errorOf(() -> x.set(ROOT, f, "n".repeat(251), utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> x.get(ROOT, f, "é".repeat(126)))).isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> x.remove(ROOT, f, "n".repeat(251)))).isEqualTo(FsError.NAMETOOLONG);
    }

    @Test
    void valuesTooLargeAreXattr2big() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> x.set(ROOT, f, "huge", new byte[65537], XattrSetMode.EITHER))).isEqualTo(FsError.XATTR2BIG);
        // what fits below 64 KiB depends on the file system (ext4: about one block); either it
        // is kept whole or it is XATTR2BIG, never a generic error
        byte[] big = new byte[60_000];
        big[59_999] = 7;
        try {
            x.set(ROOT, f, "big", big, XattrSetMode.EITHER);
            assertThat(x.get(ROOT, f, "big")).isEqualTo(big);
        } catch (org.cephgw.fsal.FsException e) {
            assertThat(e.error()).isEqualTo(FsError.XATTR2BIG);
        }
        byte[] small = new byte[1000];
        small[999] = 9;
        x.set(ROOT, f, "small", small, XattrSetMode.EITHER);
        assertThat(x.get(ROOT, f, "small")).isEqualTo(small);
    }

    @Test
    void setAndRemoveReportTheFilesChange() {
        FileHandle f = createFile(fs.root(), "f");
        long start = fs.getattr(ROOT, f).change();
        ChangeInfo set = x.set(ROOT, f, "a", utf8("1"), XattrSetMode.EITHER);
        assertThat(set.before()).isEqualTo(start);
        assertThat(set.after()).isGreaterThan(set.before());
        assertThat(fs.getattr(ROOT, f).change()).isEqualTo(set.after());
        // twice within one ctime tick still moves it
        ChangeInfo again = x.set(ROOT, f, "a", utf8("2"), XattrSetMode.EITHER);
        assertThat(again.before()).isEqualTo(set.after());
        assertThat(again.after()).isGreaterThan(again.before());
        ChangeInfo removed = x.remove(ROOT, f, "a");
        assertThat(removed.before()).isEqualTo(again.after());
        assertThat(removed.after()).isGreaterThan(removed.before());
        assertThat(fs.getattr(ROOT, f).change()).isEqualTo(removed.after());
    }

    @Test
    void directoriesHaveThemSymbolicLinksDoNot() {
        FileHandle d = mkdir(fs.root(), "d");
        x.set(ROOT, d, "on-dir", utf8("yes"), XattrSetMode.CREATE);
        assertThat(x.get(ROOT, d, "on-dir")).isEqualTo(utf8("yes"));
        assertThat(x.list(ROOT, d)).containsExactly("on-dir");

        FileHandle target = createFile(fs.root(), "target");
        x.set(ROOT, target, "t", utf8("target's"), XattrSetMode.CREATE);
        FileHandle link = fs.symlink(ROOT, fs.root(), "link", "target", SetAttributes.NONE).handle();
        // the link itself, never the file it points to
        assertThat(x.list(ROOT, link)).isEmpty();
        assertThat(errorOf(() -> x.get(ROOT, link, "t"))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> x.set(ROOT, link, "t", utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.PERM);
        assertThat(x.get(ROOT, target, "t")).isEqualTo(utf8("target's"));
    }

    @Test
    void aRemovedFileIsStale() {
        FileHandle f = createFile(fs.root(), "f");
        x.set(ROOT, f, "a", utf8("1"), XattrSetMode.EITHER);
        fs.remove(ROOT, fs.root(), "f");
        assertThat(errorOf(() -> x.get(ROOT, f, "a"))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> x.set(ROOT, f, "a", utf8("2"), XattrSetMode.EITHER))).isEqualTo(FsError.STALE);
    }

    @Test
    void callsRunAsTheCaller() throws Exception {
        assumeTrue(runningAsRoot(), "needs root to switch credentials");
        Files.setPosixFilePermissions(export, PosixFilePermissions.fromString("rwxrwxrwx"));
        FileHandle readable = fs.create(ROOT, fs.root(), "readable", CreateHow.GUARDED,
                new SetAttributes(0644, null, null, null, null, null)).handle();
        x.set(ROOT, readable, "a", utf8("1"), XattrSetMode.EITHER);
        // reading needs read permission, writing write permission
        assertThat(x.get(USER, readable, "a")).isEqualTo(utf8("1"));
        assertThat(x.list(USER, readable)).containsExactly("a");
        assertThat(errorOf(() -> x.set(USER, readable, "a", utf8("2"), XattrSetMode.EITHER))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> x.remove(USER, readable, "a"))).isEqualTo(FsError.ACCES);

        FileHandle secret = fs.create(ROOT, fs.root(), "secret", CreateHow.GUARDED,
                new SetAttributes(0600, null, null, null, null, null)).handle();
        x.set(ROOT, secret, "a", utf8("1"), XattrSetMode.EITHER);
        assertThat(errorOf(() -> x.get(USER, secret, "a"))).isEqualTo(FsError.ACCES);

        FileHandle mine = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED,
                new SetAttributes(0600, null, null, null, null, null)).handle();
        x.set(USER, mine, "a", utf8("mine"), XattrSetMode.CREATE);
        assertThat(x.get(USER, mine, "a")).isEqualTo(utf8("mine"));
        x.remove(USER, mine, "a");
        // root afterwards, on the same thread, has its rights back
        x.set(ROOT, secret, "b", utf8("2"), XattrSetMode.EITHER);
        assertThat(LocalPermissionsTest.fsuidOfThisThread()).isZero();
    }
}
