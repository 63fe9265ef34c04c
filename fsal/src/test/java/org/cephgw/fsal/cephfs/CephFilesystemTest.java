package org.cephgw.fsal.cephfs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** Every SPI operation against CephFS, mirroring LocalFilesystemTest where the semantics are the same. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephFilesystemTest extends CephFsTestSupport {

    @Test
    void rootAndInfo() {
        Stat st = fs.getattr(ROOT, fs.root());
        assertThat(st.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(st.fileId()).isEqualTo(admin.getattr(ROOT, exportInAdmin).fileId());
        assertThat(st.mode()).isEqualTo(0777);
        FsInfo info = fs.info();
        assertThat(info.maxRead()).isEqualTo(1 << 20);
        assertThat(info.maxWrite()).isEqualTo(1 << 20);
        assertThat(info.maxNameLength()).isEqualTo(255);
        assertThat(info.timeDeltaNanos()).isEqualTo(1);
        assertThat(info.symlinks() && info.hardLinks() && info.specialFiles() && info.exclusiveCreateUsesTimes()).isTrue();
        assertThat(info.fsidMajor()).isEqualTo(fs.fscid());
        assertThat(info.fsidMinor()).isEqualTo(st.fileId());
        assertThat(fs.root().length()).isEqualTo(26);
        assertThat(fs.root()).isEqualTo(reopen().root()); // the same on every mount
    }

    @Test
    void lookupFindsCreatedFilesAndRejectsBadNames() {
        FileHandle f = createFile(fs.root(), "file");
        Filesystem.Lookup l = fs.lookup(ROOT, fs.root(), "file");
        assertThat(l.handle()).isEqualTo(f);
        assertThat(l.stat().type()).isEqualTo(FileType.REGULAR);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "missing"))).isEqualTo(FsError.NOENT);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "."))).isEqualTo(FsError.NOENT);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), ".."))).isEqualTo(FsError.NOENT);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), ""))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "a/b"))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "a\0b"))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "x".repeat(256)))).isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> fs.lookup(ROOT, f, "x"))).isEqualTo(FsError.NOTDIR);
        String ok = "é".repeat(127) + "x";
        createFile(fs.root(), ok);
        assertThat(fs.lookup(ROOT, fs.root(), ok).handle()).isNotNull();
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "é".repeat(128), CreateHow.GUARDED, SetAttributes.NONE)))
                .isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> fs.mkdir(ROOT, fs.root(), "..", SetAttributes.NONE))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> fs.remove(ROOT, fs.root(), "."))).isEqualTo(FsError.INVAL);
        // names created by another client are found
        admin.create(ROOT, exportInAdmin, "from-admin", CreateHow.GUARDED, SetAttributes.NONE);
        assertThat(fs.lookup(ROOT, fs.root(), "from-admin").stat().type()).isEqualTo(FileType.REGULAR);
    }

    @Test
    void lookupParent() {
        FileHandle a = mkdir(fs.root(), "a");
        FileHandle b = mkdir(a, "b");
        assertThat(fs.lookupParent(ROOT, b).handle()).isEqualTo(a);
        assertThat(fs.lookupParent(ROOT, a).handle()).isEqualTo(fs.root());
        assertThat(fs.lookupParent(ROOT, a).stat().fileId()).isEqualTo(fs.getattr(ROOT, fs.root()).fileId());
        assertThat(errorOf(() -> fs.lookupParent(ROOT, fs.root()))).isEqualTo(FsError.NOENT);
        FileHandle f = createFile(a, "f");
        assertThat(errorOf(() -> fs.lookupParent(ROOT, f))).isEqualTo(FsError.NOTDIR);
        // after a restart, with nothing cached
        reopen();
        assertThat(fs.lookupParent(ROOT, b).handle()).isEqualTo(a);
        assertThat(fs.lookupParent(ROOT, a).handle()).isEqualTo(fs.root());
    }

    @Test
    void createGuardedUncheckedAndModes() {
        Filesystem.Created c = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, new SetAttributes(0600, null, null, null, null, null));
        assertThat(c.created()).isTrue();
        assertThat(c.stat().mode()).isEqualTo(0600);
        assertThat(c.dirChange().after()).isGreaterThan(c.dirChange().before());
        assertThat(admin.lookup(ROOT, exportInAdmin, "f").stat().mode()).isEqualTo(0600);
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, SetAttributes.NONE))).isEqualTo(FsError.EXIST);

        createFile(fs.root(), "g", "0123456789".getBytes(StandardCharsets.UTF_8));
        Filesystem.Created u = fs.create(ROOT, fs.root(), "g", CreateHow.UNCHECKED, new SetAttributes(0600, null, null, 4L, null, null));
        assertThat(u.created()).isFalse();
        assertThat(u.handle()).isEqualTo(fs.lookup(ROOT, fs.root(), "g").handle());
        assertThat(u.stat().size()).isEqualTo(4);
        assertThat(u.stat().mode()).isEqualTo(0644); // only the size applies to an existing file
        assertThat(u.dirChange().after()).isEqualTo(u.dirChange().before());

        Filesystem.Created w = fs.create(ROOT, fs.root(), "w", CreateHow.GUARDED, new SetAttributes(0777, null, null, null, null, null));
        assertThat(w.stat().mode()).isEqualTo(0777);
        Filesystem.Created d = fs.mkdir(ROOT, fs.root(), "d", new SetAttributes(01777, null, null, null, null, null));
        assertThat(d.stat().mode()).isEqualTo(01777);
        assertThat(fs.create(ROOT, fs.root(), "def", CreateHow.GUARDED, SetAttributes.NONE).stat().mode()).isEqualTo(0644);
        assertThat(fs.mkdir(ROOT, fs.root(), "defdir", SetAttributes.NONE).stat().mode()).isEqualTo(0755);

        mkdir(fs.root(), "adir");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "adir", CreateHow.UNCHECKED, SetAttributes.NONE))).isEqualTo(FsError.ISDIR);
        fs.symlink(ROOT, fs.root(), "alink", "g", SetAttributes.NONE);
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "alink", CreateHow.UNCHECKED, SetAttributes.NONE))).isEqualTo(FsError.SYMLINK);
        // UNCHECKED of a new name creates it
        Filesystem.Created n = fs.create(ROOT, fs.root(), "new", CreateHow.UNCHECKED, SetAttributes.NONE);
        assertThat(n.created()).isTrue();
        assertThat(fs.openHandles()).isZero(); // create's own Fh is closed again
    }

    @Test
    void createWithOwner() {
        Filesystem.Created c = fs.create(ROOT, fs.root(), "owned", CreateHow.GUARDED, new SetAttributes(0640, 1234, 5678, null, null, null));
        assertThat(c.stat().uid()).isEqualTo(1234);
        assertThat(c.stat().gid()).isEqualTo(5678);
        assertThat(c.stat().mode()).isEqualTo(0640);
        Stat other = admin.lookup(ROOT, exportInAdmin, "owned").stat();
        assertThat(other.uid()).isEqualTo(1234);
        assertThat(other.gid()).isEqualTo(5678);
    }

    @Test
    void exclusiveCreateRetrySemantics() {
        byte[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        Filesystem.Created c = fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v), SetAttributes.NONE);
        assertThat(c.created()).isTrue();
        assertThat(c.stat().atime().seconds()).isEqualTo(0x01020304L);
        assertThat(c.stat().mtime().seconds()).isEqualTo(0x05060708L);
        Filesystem.Created again = fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v.clone()), SetAttributes.NONE);
        assertThat(again.created()).isFalse();
        assertThat(again.handle()).isEqualTo(c.handle());
        // the retry may come through another gateway node
        CephFilesystem other = secondClient(options());
        assertThat(other.create(ROOT, other.root(), "x", new CreateHow.Exclusive(v.clone()), SetAttributes.NONE).handle()).isEqualTo(c.handle());
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}), SetAttributes.NONE)))
                .isEqualTo(FsError.EXIST);
        byte[] hi = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, 0, 0, 2};
        Filesystem.Created h = fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE);
        assertThat(h.created()).isTrue();
        assertThat(fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE).created()).isFalse();
        fs.setattr(ROOT, c.handle(), new SetAttributes(null, null, null, null, SetAttributes.TimeSet.SERVER, SetAttributes.TimeSet.SERVER));
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
        createFile(fs.root(), "plain");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "plain", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
    }

    @Test
    void symlinkAndReadlink() {
        Filesystem.Created c = fs.symlink(ROOT, fs.root(), "ln", "../some/where é", SetAttributes.NONE);
        assertThat(c.stat().type()).isEqualTo(FileType.SYMLINK);
        assertThat(c.stat().size()).isEqualTo("../some/where é".getBytes(StandardCharsets.UTF_8).length);
        assertThat(fs.readlink(ROOT, c.handle())).isEqualTo("../some/where é");
        assertThat(admin.readlink(ROOT, admin.lookup(ROOT, exportInAdmin, "ln").handle())).isEqualTo("../some/where é");
        Filesystem.Lookup l = fs.lookup(ROOT, fs.root(), "ln");
        assertThat(l.handle()).isEqualTo(c.handle());
        assertThat(l.stat().type()).isEqualTo(FileType.SYMLINK);
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> fs.readlink(ROOT, f))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.symlink(ROOT, fs.root(), "ln2", "", SetAttributes.NONE))).isEqualTo(FsError.INVAL);
        String longTarget = "t/".repeat(1500);
        assertThat(fs.readlink(ROOT, fs.symlink(ROOT, fs.root(), "long", longTarget, SetAttributes.NONE).handle())).isEqualTo(longTarget);
        // a symbolic link is never followed
        fs.symlink(ROOT, fs.root(), "up", "/", SetAttributes.NONE);
        FileHandle up = fs.lookup(ROOT, fs.root(), "up").handle();
        assertThat(errorOf(() -> fs.lookup(ROOT, up, "etc"))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.readdir(ROOT, up, 0, 10))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.open(ROOT, up, Access.READ))).isEqualTo(FsError.SYMLINK);
        // after a restart the handle still names the link
        reopen();
        assertThat(fs.readlink(ROOT, c.handle())).isEqualTo("../some/where é");
    }

    @Test
    void mknodFifoSocketAndDevices() {
        Filesystem.Created fifo = fs.mknod(ROOT, fs.root(), "fifo", FileType.FIFO, 0, 0, SetAttributes.NONE);
        assertThat(fifo.stat().type()).isEqualTo(FileType.FIFO);
        assertThat(fs.getattr(ROOT, fifo.handle()).type()).isEqualTo(FileType.FIFO);
        Filesystem.Created sock = fs.mknod(ROOT, fs.root(), "sock", FileType.SOCKET, 0, 0, new SetAttributes(0600, null, null, null, null, null));
        assertThat(sock.stat().type()).isEqualTo(FileType.SOCKET);
        assertThat(sock.stat().mode()).isEqualTo(0600);
        assertThat(errorOf(() -> fs.mknod(ROOT, fs.root(), "reg", FileType.REGULAR, 0, 0, SetAttributes.NONE))).isEqualTo(FsError.BADTYPE);
        assertThat(errorOf(() -> fs.open(ROOT, fifo.handle(), Access.READ))).isEqualTo(FsError.WRONG_TYPE);
        Filesystem.Created chr = fs.mknod(ROOT, fs.root(), "null", FileType.CHAR, 1, 3, SetAttributes.NONE);
        assertThat(chr.stat().type()).isEqualTo(FileType.CHAR);
        assertThat(chr.stat().rdevMajor()).isEqualTo(1);
        assertThat(chr.stat().rdevMinor()).isEqualTo(3);
        Filesystem.Created blk = fs.mknod(ROOT, fs.root(), "blk", FileType.BLOCK, 259, 70000, SetAttributes.NONE);
        assertThat(blk.stat().type()).isEqualTo(FileType.BLOCK);
        assertThat(blk.stat().rdevMajor()).isEqualTo(259);
        assertThat(blk.stat().rdevMinor()).isEqualTo(70000);
        reopen();
        Stat again = fs.getattr(ROOT, blk.handle());
        assertThat(again.rdevMajor()).isEqualTo(259);
        assertThat(again.rdevMinor()).isEqualTo(70000);
    }

    @Test
    void hardLinks() {
        FileHandle a = mkdir(fs.root(), "a");
        FileHandle f = createFile(fs.root(), "f", new byte[] {1, 2, 3});
        ChangeInfo ci = fs.link(ROOT, f, a, "g");
        assertThat(ci.after()).isGreaterThan(ci.before());
        Filesystem.Lookup g = fs.lookup(ROOT, a, "g");
        assertThat(g.handle()).isEqualTo(f);
        assertThat(g.stat().nlink()).isEqualTo(2);
        assertThat(fs.getattr(ROOT, f).nlink()).isEqualTo(2);
        assertThat(errorOf(() -> fs.link(ROOT, f, a, "g"))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> fs.link(ROOT, a, fs.root(), "dirlink"))).isEqualTo(FsError.ISDIR);
        fs.remove(ROOT, fs.root(), "f");
        assertThat(fs.getattr(ROOT, f).nlink()).isEqualTo(1);
        assertThat(readAll(f)).containsExactly(1, 2, 3);
        // and after a restart, through the remaining name's inode
        reopen();
        assertThat(fs.getattr(ROOT, f).nlink()).isEqualTo(1);
        assertThat(readAll(f)).containsExactly(1, 2, 3);
        FileHandle s = fs.symlink(ROOT, fs.root(), "s", "nowhere", SetAttributes.NONE).handle();
        fs.link(ROOT, s, fs.root(), "s2");
        assertThat(fs.lookup(ROOT, fs.root(), "s2").handle()).isEqualTo(s);
        assertThat(fs.readlink(ROOT, fs.lookup(ROOT, fs.root(), "s2").handle())).isEqualTo("nowhere");
    }

    @Test
    void removeFilesAndDirectories() {
        FileHandle d = mkdir(fs.root(), "d");
        FileHandle f = createFile(d, "f");
        assertThat(errorOf(() -> fs.remove(ROOT, fs.root(), "d"))).isEqualTo(FsError.NOTEMPTY);
        ChangeInfo ci = fs.remove(ROOT, d, "f");
        assertThat(ci.after()).isGreaterThan(ci.before());
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.remove(ROOT, d, "f"))).isEqualTo(FsError.NOENT);
        fs.remove(ROOT, fs.root(), "d");
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "d"))).isEqualTo(FsError.NOENT);
        // a file removed by another client is STALE too, cached or not
        FileHandle g = createFile(fs.root(), "g");
        fs.getattr(ROOT, g);
        admin.remove(ROOT, exportInAdmin, "g");
        assertThat(errorOf(() -> fs.getattr(ROOT, g))).isEqualTo(FsError.STALE);
        FileHandle h = createFile(fs.root(), "h");
        reopen();
        admin.remove(ROOT, exportInAdmin, "h");
        assertThat(errorOf(() -> fs.getattr(ROOT, h))).isEqualTo(FsError.STALE);
    }

    @Test
    void renameWithinAndAcrossDirectories() {
        FileHandle a = mkdir(fs.root(), "a");
        FileHandle b = mkdir(fs.root(), "b");
        FileHandle x = createFile(a, "x", new byte[] {42});
        Filesystem.Renamed r = fs.rename(ROOT, a, "x", b, "y");
        assertThat(r.fromDir().after()).isGreaterThan(r.fromDir().before());
        assertThat(r.toDir().after()).isGreaterThan(r.toDir().before());
        assertThat(errorOf(() -> fs.lookup(ROOT, a, "x"))).isEqualTo(FsError.NOENT);
        assertThat(fs.lookup(ROOT, b, "y").handle()).isEqualTo(x);
        assertThat(readAll(x)).containsExactly(42);
        Filesystem.Renamed r2 = fs.rename(ROOT, b, "y", b, "z");
        assertThat(r2.fromDir()).isEqualTo(r2.toDir());
        assertThat(fs.lookup(ROOT, b, "z").handle()).isEqualTo(x);
        // over an existing file: the old target is gone
        FileHandle victim = createFile(a, "v");
        fs.rename(ROOT, b, "z", a, "v");
        assertThat(fs.lookup(ROOT, a, "v").handle()).isEqualTo(x);
        assertThat(errorOf(() -> fs.getattr(ROOT, victim))).isEqualTo(FsError.STALE);
        // two names of one file: nothing happens
        fs.link(ROOT, x, a, "v2");
        Filesystem.Renamed same = fs.rename(ROOT, a, "v", a, "v2");
        assertThat(same.fromDir().after()).isEqualTo(same.fromDir().before());
        assertThat(fs.lookup(ROOT, a, "v").handle()).isEqualTo(x);
        // directories move with their contents
        FileHandle sub = mkdir(a, "sub");
        FileHandle inner = createFile(sub, "inner");
        fs.rename(ROOT, a, "sub", b, "sub2");
        assertThat(fs.lookup(ROOT, fs.lookup(ROOT, b, "sub2").handle(), "inner").handle()).isEqualTo(inner);
        assertThat(fs.lookupParent(ROOT, sub).handle()).isEqualTo(b);
        // errors
        assertThat(errorOf(() -> fs.rename(ROOT, a, "missing", b, "q"))).isEqualTo(FsError.NOENT);
        assertThat(errorOf(() -> fs.rename(ROOT, fs.root(), "b", sub, "b"))).isEqualTo(FsError.INVAL); // into itself
        createFile(b, "file");
        assertThat(errorOf(() -> fs.rename(ROOT, b, "file", b, "sub2"))).isEqualTo(FsError.ISDIR);
        assertThat(errorOf(() -> fs.rename(ROOT, b, "sub2", b, "file"))).isEqualTo(FsError.NOTDIR);
        mkdir(b, "full");
        createFile(fs.lookup(ROOT, b, "full").handle(), "content");
        mkdir(b, "empty");
        assertThat(errorOf(() -> fs.rename(ROOT, b, "empty", b, "full"))).isEqualTo(FsError.NOTEMPTY);
        fs.rename(ROOT, b, "full", b, "empty"); // over an empty directory
        assertThat(fs.lookup(ROOT, fs.lookup(ROOT, b, "empty").handle(), "content").handle()).isNotNull();
    }

    @Test
    void setattrModeOwnerSizeTimes() {
        FileHandle f = createFile(fs.root(), "f", new byte[100]);
        Stat s1 = fs.setattr(ROOT, f, new SetAttributes(0751, null, null, null, null, null));
        assertThat(s1.mode()).isEqualTo(0751);
        Stat s2 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, 10L, null, null));
        assertThat(s2.size()).isEqualTo(10);
        assertThat(admin.lookup(ROOT, exportInAdmin, "f").stat().size()).isEqualTo(10);
        Stat s3 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, 5000L, null, null));
        assertThat(s3.size()).isEqualTo(5000);
        Stat s4 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, null,
                SetAttributes.TimeSet.of(new Timestamp(1_000_000_000L, 123_456_789)),
                SetAttributes.TimeSet.of(new Timestamp(1_100_000_000L, 5))));
        assertThat(s4.atime()).isEqualTo(new Timestamp(1_000_000_000L, 123_456_789));
        assertThat(s4.mtime()).isEqualTo(new Timestamp(1_100_000_000L, 5));
        long before = System.currentTimeMillis() / 1000 - 5;
        Stat s5 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, null, null, SetAttributes.TimeSet.SERVER));
        assertThat(s5.mtime().seconds()).isGreaterThanOrEqualTo(before);
        assertThat(s5.atime()).isEqualTo(s4.atime());
        assertThat(s5.change()).isGreaterThan(s4.change());
        Stat s6 = fs.setattr(ROOT, f, new SetAttributes(null, 4321, 8765, null, null, null));
        assertThat(s6.uid()).isEqualTo(4321);
        assertThat(s6.gid()).isEqualTo(8765);
        assertThat(admin.lookup(ROOT, exportInAdmin, "f").stat().uid()).isEqualTo(4321);
        FileHandle d = mkdir(fs.root(), "d");
        assertThat(errorOf(() -> fs.setattr(ROOT, d, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.ISDIR);
        assertThat(fs.setattr(ROOT, d, new SetAttributes(0700, null, null, null, null, null)).mode()).isEqualTo(0700);
        FileHandle l = fs.symlink(ROOT, fs.root(), "l", "f", SetAttributes.NONE).handle();
        Stat sl = fs.setattr(ROOT, l, new SetAttributes(0600, null, null, null, null, SetAttributes.TimeSet.of(new Timestamp(12345, 0))));
        assertThat(sl.mtime()).isEqualTo(new Timestamp(12345, 0));
        assertThat(fs.getattr(ROOT, f).mtime()).isEqualTo(s5.mtime());
        assertThat(fs.setattr(ROOT, f, SetAttributes.NONE).size()).isEqualTo(5000);
        FileHandle fifo = fs.mknod(ROOT, fs.root(), "p", FileType.FIFO, 0, 0, SetAttributes.NONE).handle();
        assertThat(errorOf(() -> fs.setattr(ROOT, fifo, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.INVAL);
    }

    @Test
    void accessFromModeBits() {
        FileHandle f = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, new SetAttributes(0644, null, null, null, null, null)).handle();
        int all = Access.READ | Access.WRITE | Access.EXECUTE | Access.LOOKUP | Access.MODIFY_DIR;
        assertThat(fs.access(ROOT, f, all)).isEqualTo(Access.READ | Access.WRITE | Access.LOOKUP | Access.MODIFY_DIR);
        fs.setattr(ROOT, f, new SetAttributes(0744, null, null, null, null, null));
        assertThat(fs.access(ROOT, f, Access.EXECUTE)).isEqualTo(Access.EXECUTE);
        fs.setattr(ROOT, f, new SetAttributes(0640, null, null, null, null, null));
        Creds other = new Creds(1000, 1000, new int[0]);
        Creds group = new Creds(1000, 1000, new int[] {0});
        assertThat(fs.access(other, f, all)).isZero();
        assertThat(fs.access(group, f, all)).isEqualTo(Access.READ);
        FileHandle d = fs.mkdir(ROOT, fs.root(), "d", new SetAttributes(0755, null, null, null, null, null)).handle();
        assertThat(fs.access(other, d, all)).isEqualTo(Access.READ | Access.LOOKUP);
        assertThat(fs.access(ROOT, d, all)).isEqualTo(all);
    }

    @Test
    void statfs() {
        FsStats st = fs.statfs(ROOT, fs.root());
        // without a ceph-mgr the cluster reports 0 blocks; with one, real numbers
        assertThat(st.totalBytes()).isNotNegative();
        assertThat(st.freeBytes()).isBetween(0L, st.totalBytes());
        assertThat(st.availBytes()).isBetween(0L, st.freeBytes());
        assertThat(st.totalFiles()).isPositive();
        assertThat(st.freeFiles()).isBetween(0L, st.totalFiles());
        assertThat(st.availFiles()).isBetween(0L, st.totalFiles());
    }

    @Test
    void changeAttributeOfDirectoriesMovesOnEveryModification() {
        FileHandle d = mkdir(fs.root(), "d");
        long last = fs.getattr(ROOT, d).change();
        for (int i = 0; i < 50; i++) {
            Filesystem.Created c = fs.create(ROOT, d, "f" + i, CreateHow.GUARDED, SetAttributes.NONE);
            assertThat(c.dirChange().before()).isEqualTo(last);
            assertThat(c.dirChange().after()).isGreaterThan(last);
            long now = fs.getattr(ROOT, d).change();
            assertThat(now).isEqualTo(c.dirChange().after());
            last = now;
        }
        // a change made by another client moves it as well, and every node sees the same value
        admin.create(ROOT, admin.lookup(ROOT, exportInAdmin, "d").handle(), "from-admin", CreateHow.GUARDED, SetAttributes.NONE);
        long seen = fs.getattr(ROOT, d).change();
        assertThat(seen).isGreaterThan(last);
        assertThat(secondClient(options()).getattr(ROOT, d).change()).isEqualTo(seen);
    }

    @Test
    void extendedAttributes() {
        FileHandle f = createFile(fs.root(), "f");
        assertThat(fs.listxattr(ROOT, f)).isEmpty();
        fs.setxattr(ROOT, f, "user.color", "blue".getBytes(StandardCharsets.UTF_8), XattrSetMode.EITHER);
        fs.setxattr(ROOT, f, "user.empty", new byte[0], XattrSetMode.CREATE);
        assertThat(fs.getxattr(ROOT, f, "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
        assertThat(fs.getxattr(ROOT, f, "user.empty")).isEmpty();
        List<String> names = fs.listxattr(ROOT, f);
        assertThat(names).contains("user.color", "user.empty");
        assertThat(errorOf(() -> fs.setxattr(ROOT, f, "user.color", new byte[1], XattrSetMode.CREATE))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> fs.setxattr(ROOT, f, "user.nope", new byte[1], XattrSetMode.REPLACE))).isEqualTo(FsError.NOXATTR);
        byte[] big = new byte[60_000];
        big[59_999] = 7;
        fs.setxattr(ROOT, f, "user.big", big, XattrSetMode.EITHER);
        assertThat(fs.getxattr(ROOT, f, "user.big")).isEqualTo(big);
        // visible to another client
        assertThat(admin.getxattr(ROOT, admin.lookup(ROOT, exportInAdmin, "f").handle(), "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
        fs.removexattr(ROOT, f, "user.color");
        assertThat(errorOf(() -> fs.getxattr(ROOT, f, "user.color"))).isEqualTo(FsError.NOXATTR);
        assertThat(errorOf(() -> fs.removexattr(ROOT, f, "user.color"))).isEqualTo(FsError.NOXATTR);
        assertThat(fs.listxattr(ROOT, f)).doesNotContain("user.color");
        // permissions apply: a stranger may not set attributes of root's 0644 file
        Creds user = new Creds(1000, 1000, new int[0]);
        assertThat(errorOf(() -> fs.setxattr(user, f, "user.x", new byte[1], XattrSetMode.EITHER))).isIn(FsError.ACCES, FsError.PERM);
    }
}
