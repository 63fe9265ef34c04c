package org.cephgw.fsal.cephfs;

import java.nio.charset.StandardCharsets;

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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** The user extended attributes CephFS offers through the SPI ({@link Filesystem#xattrs()}). */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephXattrsTest extends CephFsTestSupport {
    static final Creds USER = new Creds(1000, 1000, new int[0]);

    Filesystem.Xattrs x;

    @BeforeEach
    void xattrs() {
        x = fs.xattrs().orElseThrow();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createReplaceEitherGetListRemove() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(x.list(ROOT, f)).isEmpty();
        x.set(ROOT, f, "color", utf8("blue"), XattrSetMode.CREATE);
        // the SPI's names are CephFS's user.<name>, also for other clients
        assertThat(admin.getxattr(ROOT, admin.lookup(ROOT, exportInAdmin, "f").handle(), "user.color"))
                .isEqualTo(utf8("blue"));
        assertThat(errorOf(() -> x.set(ROOT, f, "color", utf8("red"), XattrSetMode.CREATE))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> x.set(ROOT, f, "shape", utf8("round"), XattrSetMode.REPLACE))).isEqualTo(FsError.NOXATTR);
        x.set(ROOT, f, "color", utf8("green"), XattrSetMode.REPLACE);
        x.set(ROOT, f, "shape", new byte[0], XattrSetMode.EITHER);
        assertThat(x.get(ROOT, f, "color")).isEqualTo(utf8("green"));
        assertThat(x.get(ROOT, f, "shape")).isEmpty();
        assertThat(errorOf(() -> x.get(ROOT, f, "missing"))).isEqualTo(FsError.NOXATTR);
        assertThat(x.list(ROOT, f)).containsExactlyInAnyOrder("color", "shape");
        x.remove(ROOT, f, "color");
        assertThat(errorOf(() -> x.get(ROOT, f, "color"))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> x.remove(ROOT, f, "color"))).isEqualTo(FsError.NOXATTR);
        assertThat(x.list(ROOT, f)).containsExactly("shape");
    }

    @Test
    void otherNamespacesStayOutOfReach() {
        FileHandle f = createFile(fs.root(), "f");
        fs.setxattr(ROOT, f, "user.visible", utf8("1"), XattrSetMode.EITHER);
        // an ACL is a system.* attribute; CephFS answers ceph.* virtual ones by name only
        fs.setxattr(ROOT, f, "system.posix_acl_access", acl(), XattrSetMode.EITHER);
        assertThat(fs.listxattr(ROOT, f)).contains("user.visible", "system.posix_acl_access");
        assertThat(x.list(ROOT, f)).containsExactly("visible");
        assertThat(errorOf(() -> x.get(ROOT, f, "system.posix_acl_access"))).isEqualTo(FsError.NOXATTR);
    }

    /** system.posix_acl_access: version 2, then {tag u16, perm u16, id u32} little-endian. */
    private static byte[] acl() {
        java.nio.ByteBuffer acl = java.nio.ByteBuffer.allocate(4 + 5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        acl.putInt(2);
        acl.putShort((short) 0x01).putShort((short) 6).putInt(-1); // user::rw-
        acl.putShort((short) 0x02).putShort((short) 4).putInt(1000); // user:1000:r--
        acl.putShort((short) 0x04).putShort((short) 4).putInt(-1); // group::r--
        acl.putShort((short) 0x10).putShort((short) 4).putInt(-1); // mask::r--
        acl.putShort((short) 0x20).putShort((short) 4).putInt(-1); // other::r--
        return acl.array();
    }

    @Test
    void namesAndValuesAreCheckedAsOnTheLocalBackEnd() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> x.set(ROOT, f, "", utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.INVAL);
        x.set(ROOT, f, "n".repeat(250), utf8("v"), XattrSetMode.EITHER);
        assertThat(errorOf(() -> x.set(ROOT, f, "n".repeat(251), utf8("v"), XattrSetMode.EITHER))).isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> x.set(ROOT, f, "huge", new byte[65537], XattrSetMode.EITHER))).isEqualTo(FsError.XATTR2BIG);
        byte[] big = new byte[60_000];
        big[59_999] = 7;
        x.set(ROOT, f, "big", big, XattrSetMode.EITHER);
        assertThat(x.get(ROOT, f, "big")).isEqualTo(big);
    }

    @Test
    void setAndRemoveReportTheFilesChange() {
        FileHandle f = createFile(fs.root(), "f");
        long start = fs.getattr(ROOT, f).change();
        ChangeInfo set = x.set(ROOT, f, "a", utf8("1"), XattrSetMode.EITHER);
        assertThat(set.before()).isEqualTo(start);
        assertThat(set.after()).isGreaterThan(set.before());
        assertThat(fs.getattr(ROOT, f).change()).isEqualTo(set.after());
        ChangeInfo removed = x.remove(ROOT, f, "a");
        assertThat(removed.before()).isEqualTo(set.after());
        assertThat(removed.after()).isGreaterThan(removed.before());
    }

    @Test
    void callsRunAsTheCaller() {
        FileHandle f = fs.create(ROOT, fs.root(), "rootfile", CreateHow.GUARDED,
                new SetAttributes(0644, null, null, null, null, null)).handle();
        x.set(ROOT, f, "a", utf8("1"), XattrSetMode.EITHER);
        assertThat(x.get(USER, f, "a")).isEqualTo(utf8("1"));
        assertThat(errorOf(() -> x.set(USER, f, "a", utf8("2"), XattrSetMode.EITHER))).isIn(FsError.ACCES, FsError.PERM);
        assertThat(errorOf(() -> x.remove(USER, f, "a"))).isIn(FsError.ACCES, FsError.PERM);
        FileHandle mine = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, SetAttributes.NONE).handle();
        x.set(USER, mine, "a", utf8("mine"), XattrSetMode.CREATE);
        assertThat(x.get(USER, mine, "a")).isEqualTo(utf8("mine"));
    }
}
