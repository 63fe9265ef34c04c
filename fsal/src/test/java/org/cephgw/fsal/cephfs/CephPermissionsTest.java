package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** Operations run as the caller (UserPerm): CephFS enforces the permissions. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephPermissionsTest extends CephFsTestSupport {
    static final Creds USER = new Creds(1000, 1000, new int[0]);
    static final Creds USER_IN_2000 = new Creds(1000, 1000, new int[] {2000});

    @Test
    void aUserCannotWriteARootOwnedFile() {
        FileHandle f = fs.create(ROOT, fs.root(), "rootfile", CreateHow.GUARDED, new SetAttributes(0644, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.open(USER, f, Access.WRITE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ | Access.WRITE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.setattr(USER, f, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.setattr(USER, f, new SetAttributes(0666, null, null, null, null, null)))).isEqualTo(FsError.PERM);
        assertThat(errorOf(() -> fs.setattr(USER, f, new SetAttributes(null, null, null, null, null,
                SetAttributes.TimeSet.of(new Timestamp(1, 0)))))).isEqualTo(FsError.PERM);
        try (IoHandle r = fs.open(USER, f, Access.READ)) {
            assertThat(r.read(0, 10).eof()).isTrue();
        }
        // and root still can, right after, through the same mount
        try (IoHandle w = fs.open(ROOT, f, Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
        }
    }

    @Test
    void filesCreatedByAUserBelongToThem() {
        Filesystem.Created c = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(c.stat().uid()).isEqualTo(1000);
        assertThat(c.stat().gid()).isEqualTo(1000);
        Stat seen = admin.lookup(ROOT, exportInAdmin, "mine").stat();
        assertThat(seen.uid()).isEqualTo(1000);
        assertThat(seen.gid()).isEqualTo(1000);
        Stat d = fs.mkdir(USER, fs.root(), "mydir", SetAttributes.NONE).stat();
        assertThat(d.uid()).isEqualTo(1000);
        assertThat(d.gid()).isEqualTo(1000);
        Stat l = fs.symlink(USER, fs.root(), "mylink", "x", SetAttributes.NONE).stat();
        assertThat(l.uid()).isEqualTo(1000);
        try (IoHandle w = fs.open(USER, c.handle(), Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}), IoHandle.Stability.UNSTABLE);
        }
        assertThat(fs.setattr(USER, c.handle(), new SetAttributes(0600, null, null, null, null, null)).mode()).isEqualTo(0600);
        assertThat(fs.setattr(USER, c.handle(), new SetAttributes(null, null, null, null, null,
                SetAttributes.TimeSet.of(new Timestamp(5, 0)))).mtime()).isEqualTo(new Timestamp(5, 0));
        assertThat(errorOf(() -> fs.setattr(USER, c.handle(), new SetAttributes(null, 0, null, null, null, null)))).isEqualTo(FsError.PERM);
        assertThat(errorOf(() -> fs.mknod(USER, fs.root(), "dev", FileType.CHAR, 1, 3, SetAttributes.NONE))).isEqualTo(FsError.PERM);
        assertThat(fs.mknod(USER, fs.root(), "fifo", FileType.FIFO, 0, 0, SetAttributes.NONE).stat().uid()).isEqualTo(1000);
        // 0600 now: another user cannot read it
        assertThat(errorOf(() -> fs.open(new Creds(1001, 1001, new int[0]), c.handle(), Access.READ))).isEqualTo(FsError.ACCES);
    }

    @Test
    void directoryPermissionsAndSupplementaryGroups() {
        FileHandle closed = fs.mkdir(ROOT, fs.root(), "closed", new SetAttributes(0755, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.create(USER, closed, "x", CreateHow.GUARDED, SetAttributes.NONE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.mkdir(USER, closed, "x", SetAttributes.NONE))).isEqualTo(FsError.ACCES);
        createFile(closed, "inside");
        assertThat(errorOf(() -> fs.remove(USER, closed, "inside"))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.rename(USER, closed, "inside", fs.root(), "out"))).isEqualTo(FsError.ACCES);
        assertThat(fs.lookup(USER, closed, "inside").handle()).isNotNull();

        FileHandle group = fs.mkdir(ROOT, fs.root(), "group", new SetAttributes(0770, null, 2000, null, null, null)).handle();
        assertThat(errorOf(() -> fs.create(USER, group, "x", CreateHow.GUARDED, SetAttributes.NONE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.lookup(USER, group, "x"))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.readdir(USER, group, 0, 10))).isEqualTo(FsError.ACCES);
        Filesystem.Created c = fs.create(USER_IN_2000, group, "x", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(c.stat().uid()).isEqualTo(1000);
        assertThat(fs.readdir(USER_IN_2000, group, 0, 10).entries()).hasSize(1);

        FileHandle secret = fs.mkdir(ROOT, fs.root(), "secret", new SetAttributes(0700, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.readdir(USER, secret, 0, 10))).isEqualTo(FsError.ACCES);
        FileHandle xonly = fs.mkdir(ROOT, fs.root(), "xonly", new SetAttributes(0711, null, null, null, null, null)).handle();
        createFile(xonly, "known");
        assertThat(fs.lookup(USER, xonly, "known").handle()).isNotNull();
        assertThat(errorOf(() -> fs.readdir(USER, xonly, 0, 10))).isEqualTo(FsError.ACCES);
        FileHandle ronly = fs.mkdir(ROOT, fs.root(), "ronly", new SetAttributes(0744, null, null, null, null, null)).handle();
        createFile(ronly, "hidden");
        assertThat(errorOf(() -> fs.readdir(USER, ronly, 0, 10))).isEqualTo(FsError.ACCES);
        assertThat(fs.readdir(ROOT, ronly, 0, 10).entries()).hasSize(1);
        // sticky directory: others' files cannot be removed
        FileHandle tmpDir = fs.mkdir(ROOT, fs.root(), "tmp", new SetAttributes(01777, null, null, null, null, null)).handle();
        fs.create(new Creds(1001, 1001, new int[0]), tmpDir, "theirs", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(errorOf(() -> fs.remove(USER, tmpDir, "theirs"))).isIn(FsError.PERM, FsError.ACCES);
        fs.create(USER, tmpDir, "ours", CreateHow.GUARDED, SetAttributes.NONE);
        fs.remove(USER, tmpDir, "ours");
    }

    @Test
    void executeOnlyFilesCanBeReadForExecution() {
        FileHandle f = fs.create(ROOT, fs.root(), "prog", CreateHow.GUARDED, new SetAttributes(0711, null, null, null, null, null)).handle();
        try (IoHandle r = fs.open(USER, f, Access.READ)) {
            assertThat(r.read(0, 1).eof()).isTrue();
        }
        fs.setattr(ROOT, f, new SetAttributes(0700, null, null, null, null, null));
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.open(USER, f, Access.WRITE))).isEqualTo(FsError.ACCES);
    }

    @Test
    void writesRunAsTheOpenerSoSetIdBitsAreCleared() {
        FileHandle f = fs.create(ROOT, fs.root(), "suid", CreateHow.GUARDED, new SetAttributes(04777, 1000, 1000, null, null, null)).handle();
        assertThat(fs.getattr(ROOT, f).mode()).isEqualTo(04777);
        Creds other = new Creds(1001, 1001, new int[0]);
        try (IoHandle w = fs.open(other, f, Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.FILE_SYNC);
        }
        assertThat(fs.getattr(ROOT, f).mode() & 04000).isZero();
    }

    @Test
    void posixAclsAreEnforced() {
        FileHandle f = fs.create(ROOT, fs.root(), "acl", CreateHow.GUARDED, new SetAttributes(0600, null, null, null, null, null)).handle();
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ | Access.WRITE))).isEqualTo(FsError.ACCES);
        // system.posix_acl_access: version 2, then {tag u16, perm u16, id u32} little-endian
        ByteBuffer acl = ByteBuffer.allocate(4 + 5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        acl.putInt(2);
        acl.putShort((short) 0x01).putShort((short) 6).putInt(-1);   // user::rw-
        acl.putShort((short) 0x02).putShort((short) 6).putInt(1000); // user:1000:rw-
        acl.putShort((short) 0x04).putShort((short) 0).putInt(-1);   // group::---
        acl.putShort((short) 0x10).putShort((short) 6).putInt(-1);   // mask::rw-
        acl.putShort((short) 0x20).putShort((short) 0).putInt(-1);   // other::---
        fs.setxattr(ROOT, f, "system.posix_acl_access", acl.array(), XattrSetMode.EITHER);
        try (IoHandle io = fs.open(USER, f, Access.READ | Access.WRITE)) {
            io.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
        }
        assertThat(errorOf(() -> fs.open(new Creds(1001, 1001, new int[0]), f, Access.READ))).isEqualTo(FsError.ACCES);
    }

    @Test
    void manyDistinctCallersShareTheMount() {
        // more distinct credentials than the UserPerm cache holds
        for (int uid = 2000; uid < 3200; uid++) {
            Creds c = new Creds(uid, uid, new int[] {uid + 1, uid + 2});
            fs.getattr(c, fs.root());
        }
        Filesystem.Created c = fs.create(new Creds(3000, 3001, new int[] {7}), fs.root(), "late", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(c.stat().uid()).isEqualTo(3000);
        assertThat(c.stat().gid()).isEqualTo(3001);
    }
}
