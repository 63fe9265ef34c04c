package org.cephgw.fsal.contract;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Operations run as the caller's {@link Creds}: the back end enforces the permissions. */
public abstract class PermissionsContract extends BackendContract {

    @BeforeEach
    void needCredentials() {
        assumeTrue(fixture.switchesCredentials(), "the back end cannot act as other users here (local: needs root)");
    }

    @Test
    void aUserCannotWriteARootOwnedFile() {
        FileHandle f = fs.create(ROOT, fs.root(), "rootfile", CreateHow.GUARDED, mode(0644)).handle();
        assertThat(errorOf(() -> fs.open(USER, f, Access.WRITE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ | Access.WRITE))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.setattr(USER, f, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.setattr(USER, f, mode(0666)))).isEqualTo(FsError.PERM);
        assertThat(errorOf(() -> fs.setattr(USER, f, new SetAttributes(null, null, null, null, null,
                SetAttributes.TimeSet.of(new Timestamp(1, 0)))))).isEqualTo(FsError.PERM);
        try (IoHandle r = fs.open(USER, f, Access.READ)) {
            assertThat(r.read(0, 10).eof()).isTrue();
        }
        // and root still can, right after, on the same thread
        try (IoHandle w = fs.open(ROOT, f, Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
        }
        fixture.assertCallerIdentityRestored();
    }

    @Test
    void theCreatorOfAFileMayWriteItWhateverItsMode() {
        Filesystem.CreatedOpen made = fs.createOpen(USER, fs.root(), "sealed", CreateHow.GUARDED, mode(0), Access.WRITE);
        assertThat(made.created().created()).isTrue();
        assertThat(made.created().stat().mode()).isZero();
        assertThat(made.created().stat().uid()).isEqualTo(1000);
        try (IoHandle io = made.io()) {
            assertThat(io.accessMask()).isEqualTo(Access.READ | Access.WRITE);
            io.write(0, ByteBuffer.wrap(new byte[] {7, 8}), IoHandle.Stability.FILE_SYNC);
            assertThat(io.read(0, 10).data().remaining()).isEqualTo(2);
        }
        // anyone else, the creator included, now goes by the mode
        assertThat(errorOf(() -> fs.open(USER, made.created().handle(), Access.WRITE))).isEqualTo(FsError.ACCES);
        // an existing name is not opened: the caller opens it as itself
        Filesystem.CreatedOpen again = fs.createOpen(OTHER, fs.root(), "sealed", CreateHow.UNCHECKED, SetAttributes.NONE,
                Access.WRITE);
        assertThat(again.created().created()).isFalse();
        assertThat(again.io()).isNull();
        assertThat(fs.openHandles()).isZero();
        assertThat(fixture.outside().read("sealed")).containsExactly(7, 8);
        fixture.assertCallerIdentityRestored();
    }

    @Test
    void filesCreatedByAUserBelongToThem() {
        Filesystem.Created c = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(c.stat().uid()).isEqualTo(1000);
        assertThat(c.stat().gid()).isEqualTo(1000);
        BackendFixture.Seen seen = fixture.outside().stat("mine");
        assertThat(seen.uid()).isEqualTo(1000);
        assertThat(seen.gid()).isEqualTo(1000);
        Stat d = fs.mkdir(USER, fs.root(), "mydir", SetAttributes.NONE).stat();
        assertThat(d.uid()).isEqualTo(1000);
        assertThat(d.gid()).isEqualTo(1000);
        Stat l = fs.symlink(USER, fs.root(), "mylink", "x", SetAttributes.NONE).stat();
        assertThat(l.uid()).isEqualTo(1000);
        // the owner may write, chmod and set times of its own file
        try (IoHandle w = fs.open(USER, c.handle(), Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}), IoHandle.Stability.UNSTABLE);
        }
        assertThat(fs.setattr(USER, c.handle(), mode(0600)).mode()).isEqualTo(0600);
        assertThat(fs.setattr(USER, c.handle(), new SetAttributes(null, null, null, null, null,
                SetAttributes.TimeSet.of(new Timestamp(5, 0)))).mtime()).isEqualTo(new Timestamp(5, 0));
        // but cannot give it away
        assertThat(errorOf(() -> fs.setattr(USER, c.handle(), new SetAttributes(null, 0, null, null, null, null)))).isEqualTo(FsError.PERM);
        // nor make devices
        assertThat(errorOf(() -> fs.mknod(USER, fs.root(), "dev", FileType.CHAR, 1, 3, SetAttributes.NONE))).isEqualTo(FsError.PERM);
        assertThat(fs.mknod(USER, fs.root(), "fifo", FileType.FIFO, 0, 0, SetAttributes.NONE).stat().uid()).isEqualTo(1000);
        // 0600 now: another user cannot read it
        assertThat(errorOf(() -> fs.open(OTHER, c.handle(), Access.READ))).isEqualTo(FsError.ACCES);
        fixture.assertCallerIdentityRestored();
    }

    @Test
    void directoryPermissionsAndSupplementaryGroups() {
        FileHandle closed = fs.mkdir(ROOT, fs.root(), "closed", mode(0755)).handle();
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

        FileHandle secret = fs.mkdir(ROOT, fs.root(), "secret", mode(0700)).handle();
        assertThat(errorOf(() -> fs.readdir(USER, secret, 0, 10))).isEqualTo(FsError.ACCES);
        // execute-only directory: names can be looked up but not listed
        FileHandle xonly = fs.mkdir(ROOT, fs.root(), "xonly", mode(0711)).handle();
        createFile(xonly, "known");
        assertThat(fs.lookup(USER, xonly, "known").handle()).isNotNull();
        assertThat(errorOf(() -> fs.readdir(USER, xonly, 0, 10))).isEqualTo(FsError.ACCES);
        // read-only directory: names could be listed, but not with their handles and attributes
        FileHandle ronly = fs.mkdir(ROOT, fs.root(), "ronly", mode(0744)).handle();
        createFile(ronly, "hidden");
        assertThat(errorOf(() -> fs.readdir(USER, ronly, 0, 10))).isEqualTo(FsError.ACCES);
        assertThat(fs.readdir(ROOT, ronly, 0, 10).entries()).hasSize(1);
        // sticky directory: others' files cannot be removed (Linux: EPERM), one's own can
        FileHandle tmpDir = fs.mkdir(ROOT, fs.root(), "tmp", mode(01777)).handle();
        fs.create(OTHER, tmpDir, "theirs", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(errorOf(() -> fs.remove(USER, tmpDir, "theirs"))).isEqualTo(FsError.PERM);
        fs.create(USER, tmpDir, "ours", CreateHow.GUARDED, SetAttributes.NONE);
        fs.remove(USER, tmpDir, "ours");
        fixture.assertCallerIdentityRestored();
    }

    @Test
    void executeOnlyFilesCanBeReadForExecution() {
        FileHandle f = fs.create(ROOT, fs.root(), "prog", CreateHow.GUARDED, mode(0711)).handle();
        try (IoHandle r = fs.open(USER, f, Access.READ)) {
            assertThat(r.read(0, 1).eof()).isTrue();
        }
        fs.setattr(ROOT, f, mode(0700));
        assertThat(errorOf(() -> fs.open(USER, f, Access.READ))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> fs.open(USER, f, Access.WRITE))).isEqualTo(FsError.ACCES);
    }

    @Test
    void writesRunAsTheOpenerSoSetIdBitsAreCleared() {
        FileHandle f = fs.create(ROOT, fs.root(), "suid", CreateHow.GUARDED, new SetAttributes(04777, 1000, 1000, null, null, null)).handle();
        assertThat(fs.getattr(ROOT, f).mode()).isEqualTo(04777);
        try (IoHandle w = fs.open(OTHER, f, Access.WRITE)) {
            w.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.FILE_SYNC);
        }
        assertThat(fs.getattr(ROOT, f).mode() & 04000).isZero();
    }

    @Test
    void hardLinksAsAUser() {
        Filesystem.Created c = fs.create(USER, fs.root(), "mine", CreateHow.GUARDED, SetAttributes.NONE);
        fs.link(USER, c.handle(), fs.root(), "mine2");
        assertThat(fs.getattr(USER, c.handle()).nlink()).isEqualTo(2);
        FileHandle closed = fs.mkdir(ROOT, fs.root(), "closed", mode(0755)).handle();
        assertThat(errorOf(() -> fs.link(USER, c.handle(), closed, "x"))).isEqualTo(FsError.ACCES);
    }

    @Test
    void manyDistinctCallersShareTheBackEnd() {
        // more distinct credentials than a back end caches (CephFS: UserPerms)
        for (int uid = 2000; uid < 3200; uid++) {
            Creds c = new Creds(uid, uid, new int[] {uid + 1, uid + 2});
            fs.getattr(c, fs.root());
        }
        Filesystem.Created c = fs.create(new Creds(3000, 3001, new int[] {7}), fs.root(), "late", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(c.stat().uid()).isEqualTo(3000);
        assertThat(c.stat().gid()).isEqualTo(3001);
        fixture.assertCallerIdentityRestored();
    }
}
