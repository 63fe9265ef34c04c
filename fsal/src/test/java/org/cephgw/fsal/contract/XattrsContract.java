package org.cephgw.fsal.contract;

import java.nio.charset.StandardCharsets;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Filesystem#xattrs()}: the "user." extended attributes, named without the prefix. */
public abstract class XattrsContract extends BackendContract {
    protected Filesystem.Xattrs x;

    @BeforeEach
    void xattrs() {
        assumeTrue(fs.xattrs().isPresent(), "the export's file system has no user xattrs");
        x = fs.xattrs().orElseThrow();
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createReplaceEitherGetAndRemove() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(x.list(ROOT, f)).isEmpty();

        x.set(ROOT, f, "color", utf8("blue"), XattrSetMode.CREATE);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("blue"));
        // the file system's name is user.<name>, also for everyone outside the gateway
        assertThat(fixture.outside().getXattr("f", "user.color")).isEqualTo(utf8("blue"));
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
        assertThat(fixture.outside().xattrNames("f")).contains("user.shape").doesNotContain("user.color");
    }

    @Test
    void attributesSetOutsideTheGatewayAreSeenAndOtherNamespacesAreNot() {
        createFile(fs.root(), "g", utf8("data"));
        fixture.outside().setXattr("g", "user.from-outside", utf8("hello"));
        fixture.outside().setXattr("g", "user.é/ü", utf8("unicode"));
        // trusted.*, system.* (ACLs): must stay invisible to NFS clients
        String foreign = fixture.outside().setForeignXattr("g");
        FileHandle g = fs.lookup(ROOT, fs.root(), "g").handle();
        assertThat(x.list(ROOT, g)).containsExactlyInAnyOrder("from-outside", "é/ü");
        assertThat(x.get(ROOT, g, "from-outside")).isEqualTo(utf8("hello"));
        assertThat(x.get(ROOT, g, "é/ü")).isEqualTo(utf8("unicode"));
        // the foreign name as a client name is user.<name>, which does not exist
        assertThat(errorOf(() -> x.get(ROOT, g, foreign))).isEqualTo(FsError.NOXATTR);
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
        // below 64 KiB: either kept whole or XATTR2BIG, never a generic error
        byte[] big = new byte[60_000];
        big[59_999] = 7;
        try {
            x.set(ROOT, f, "big", big, XattrSetMode.EITHER);
            assertThat(x.get(ROOT, f, "big")).isEqualTo(big);
        } catch (FsException e) {
            assertThat(fixture.keepsLargeXattrValues()).as("60 KB kept").isFalse();
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
        // the link itself, never the file it points to; Linux keeps no user.* on links
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
    void callsRunAsTheCaller() {
        assumeTrue(fixture.switchesCredentials(), "the back end cannot act as other users here (local: needs root)");
        FileHandle readable = fs.create(ROOT, fs.root(), "readable", CreateHow.GUARDED, mode(0644)).handle();
        x.set(ROOT, readable, "a", utf8("1"), XattrSetMode.EITHER);
        // reading needs read permission, writing write permission
        assertThat(x.get(USER, readable, "a")).isEqualTo(utf8("1"));
        assertThat(x.list(USER, readable)).containsExactly("a");
        assertThat(errorOf(() -> x.set(USER, readable, "a", utf8("2"), XattrSetMode.EITHER))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> x.remove(USER, readable, "a"))).isEqualTo(FsError.ACCES);

        FileHandle secret = fs.create(ROOT, fs.root(), "secret", CreateHow.GUARDED, mode(0600)).handle();
        x.set(ROOT, secret, "a", utf8("1"), XattrSetMode.EITHER);
        assertThat(errorOf(() -> x.get(USER, secret, "a"))).isEqualTo(FsError.ACCES);

        FileHandle mine = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, mode(0600)).handle();
        x.set(USER, mine, "a", utf8("mine"), XattrSetMode.CREATE);
        assertThat(x.get(USER, mine, "a")).isEqualTo(utf8("mine"));
        x.remove(USER, mine, "a");
        // root afterwards, on the same thread, has its rights back
        x.set(ROOT, secret, "b", utf8("2"), XattrSetMode.EITHER);
        fixture.assertCallerIdentityRestored();
    }
}
