package org.cephgw.fsal.contract;

import java.nio.charset.StandardCharsets;

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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every namespace operation of the SPI: lookups, creation, links, removal, rename, attributes. */
public abstract class NamespaceContract extends BackendContract {

    @Test
    void rootAndInfo() {
        Stat st = fs.getattr(ROOT, fs.root());
        assertThat(st.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(st.fileId()).isEqualTo(fixture.outside().stat(".").fileId());
        assertThat(st.mode()).isEqualTo(0777);
        FsInfo info = fs.info();
        assertThat(info.maxRead()).isEqualTo(1 << 20);
        assertThat(info.maxWrite()).isEqualTo(1 << 20);
        assertThat(info.maxNameLength()).isEqualTo(255);
        assertThat(info.timeDeltaNanos()).isEqualTo(1);
        assertThat(info.symlinks() && info.hardLinks() && info.specialFiles() && info.exclusiveCreateUsesTimes()).isTrue();
        assertThat(info.fsidMajor() != 0 || info.fsidMinor() != 0).isTrue();
        assertThat(fs.root().length()).isLessThanOrEqualTo(FileHandle.MAX_BYTES);
        if (fixture.handlesSurviveRestart()) {
            assertThat(fs.root()).isEqualTo(fixture.secondClient().root()); // the same on every instance
        }
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
        // 255 bytes of UTF-8 is fine, 256 is not
        String ok = "é".repeat(127) + "x";
        createFile(fs.root(), ok);
        assertThat(fs.lookup(ROOT, fs.root(), ok).handle()).isNotNull();
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "é".repeat(128), CreateHow.GUARDED, SetAttributes.NONE)))
                .isEqualTo(FsError.NAMETOOLONG);
        assertThat(errorOf(() -> fs.mkdir(ROOT, fs.root(), "..", SetAttributes.NONE))).isEqualTo(FsError.EXIST);
        assertThat(errorOf(() -> fs.remove(ROOT, fs.root(), "."))).isEqualTo(FsError.INVAL);
        // names made outside the gateway are found
        fixture.outside().createFile("from-outside");
        assertThat(fs.lookup(ROOT, fs.root(), "from-outside").stat().type()).isEqualTo(FileType.REGULAR);
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
        if (fixture.handlesSurviveRestart()) {
            // after a restart, with nothing cached
            reopen();
            assertThat(fs.lookupParent(ROOT, b).handle()).isEqualTo(a);
            assertThat(fs.lookupParent(ROOT, a).handle()).isEqualTo(fs.root());
        }
    }

    @Test
    void createGuardedUncheckedAndModes() {
        Filesystem.Created c = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, mode(0600));
        assertThat(c.created()).isTrue();
        assertThat(c.stat().mode()).isEqualTo(0600);
        assertThat(c.dirChange().after()).isGreaterThan(c.dirChange().before());
        assertThat(fixture.outside().stat("f").mode()).isEqualTo(0600);
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, SetAttributes.NONE))).isEqualTo(FsError.EXIST);

        createFile(fs.root(), "g", "0123456789".getBytes(StandardCharsets.UTF_8));
        Filesystem.Created u = fs.create(ROOT, fs.root(), "g", CreateHow.UNCHECKED, new SetAttributes(0600, null, null, 4L, null, null));
        assertThat(u.created()).isFalse();
        assertThat(u.handle()).isEqualTo(fs.lookup(ROOT, fs.root(), "g").handle());
        assertThat(u.stat().size()).isEqualTo(4);
        assertThat(u.stat().mode()).isEqualTo(0644); // only the size applies to an existing file
        assertThat(u.dirChange().after()).isEqualTo(u.dirChange().before());

        // the process umask (usually 022) does not take bits away from what the client asked for
        Filesystem.Created w = fs.create(ROOT, fs.root(), "w", CreateHow.GUARDED, mode(0777));
        assertThat(w.stat().mode()).isEqualTo(0777);
        Filesystem.Created d = fs.mkdir(ROOT, fs.root(), "d", mode(01777));
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
        assertThat(fs.openHandles()).isZero(); // what create opened is closed again
    }

    @Test
    void createWithOwner() {
        assumeTrue(fixture.switchesCredentials(), "only root can give files away");
        Filesystem.Created c = fs.create(ROOT, fs.root(), "owned", CreateHow.GUARDED, new SetAttributes(0640, 1234, 5678, null, null, null));
        assertThat(c.stat().uid()).isEqualTo(1234);
        assertThat(c.stat().gid()).isEqualTo(5678);
        assertThat(c.stat().mode()).isEqualTo(0640);
        BackendFixture.Seen outside = fixture.outside().stat("owned");
        assertThat(outside.uid()).isEqualTo(1234);
        assertThat(outside.gid()).isEqualTo(5678);
    }

    @Test
    void exclusiveCreateRetrySemantics() {
        byte[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        Filesystem.Created c = fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v), SetAttributes.NONE);
        assertThat(c.created()).isTrue();
        assertThat(c.stat().atime().seconds()).isEqualTo(0x01020304L);
        assertThat(c.stat().mtime().seconds()).isEqualTo(0x05060708L);
        // a retry of the same request (say, the reply was lost) succeeds
        Filesystem.Created again = fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v.clone()), SetAttributes.NONE);
        assertThat(again.created()).isFalse();
        assertThat(again.handle()).isEqualTo(c.handle());
        if (fixture.handlesSurviveRestart()) {
            // the retry may come through another gateway node
            Filesystem other = fixture.secondClient();
            assertThat(other.create(ROOT, other.root(), "x", new CreateHow.Exclusive(v.clone()), SetAttributes.NONE).handle()).isEqualTo(c.handle());
        }
        // another client's verifier does not
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}), SetAttributes.NONE)))
                .isEqualTo(FsError.EXIST);
        // high bit set in the verifier halves (times beyond 2038 as unsigned seconds)
        byte[] hi = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, 0, 0, 2};
        Filesystem.Created h = fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE);
        assertThat(h.created()).isTrue();
        assertThat(fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE).created()).isFalse();
        // once the client set the real times, the verifier is gone
        fs.setattr(ROOT, c.handle(), new SetAttributes(null, null, null, null, SetAttributes.TimeSet.SERVER, SetAttributes.TimeSet.SERVER));
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
        // an existing file that never held a verifier
        createFile(fs.root(), "plain");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "plain", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
    }

    @Test
    void symlinkAndReadlink() {
        Filesystem.Created c = fs.symlink(ROOT, fs.root(), "ln", "../some/where é", SetAttributes.NONE);
        assertThat(c.stat().type()).isEqualTo(FileType.SYMLINK);
        assertThat(c.stat().size()).isEqualTo("../some/where é".getBytes(StandardCharsets.UTF_8).length);
        assertThat(fs.readlink(ROOT, c.handle())).isEqualTo("../some/where é");
        assertThat(fixture.outside().readlink("ln")).isEqualTo("../some/where é");
        Filesystem.Lookup l = fs.lookup(ROOT, fs.root(), "ln");
        assertThat(l.handle()).isEqualTo(c.handle());
        assertThat(l.stat().type()).isEqualTo(FileType.SYMLINK);
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> fs.readlink(ROOT, f))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.symlink(ROOT, fs.root(), "ln2", "", SetAttributes.NONE))).isEqualTo(FsError.INVAL);
        String longTarget = "t/".repeat(1500);
        assertThat(fs.readlink(ROOT, fs.symlink(ROOT, fs.root(), "long", longTarget, SetAttributes.NONE).handle())).isEqualTo(longTarget);
        // a symbolic link is never followed: lookup through it fails
        fs.symlink(ROOT, fs.root(), "up", "/", SetAttributes.NONE);
        FileHandle up = fs.lookup(ROOT, fs.root(), "up").handle();
        assertThat(errorOf(() -> fs.lookup(ROOT, up, "etc"))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.readdir(ROOT, up, 0, 10))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.open(ROOT, up, Access.READ))).isEqualTo(FsError.SYMLINK);
        if (fixture.handlesSurviveRestart()) {
            reopen();
            assertThat(fs.readlink(ROOT, c.handle())).isEqualTo("../some/where é");
        }
    }

    @Test
    void mknodFifoSocketAndDevices() {
        Filesystem.Created fifo = fs.mknod(ROOT, fs.root(), "fifo", FileType.FIFO, 0, 0, SetAttributes.NONE);
        assertThat(fifo.stat().type()).isEqualTo(FileType.FIFO);
        assertThat(fs.getattr(ROOT, fifo.handle()).type()).isEqualTo(FileType.FIFO);
        Filesystem.Created sock = fs.mknod(ROOT, fs.root(), "sock", FileType.SOCKET, 0, 0, mode(0600));
        assertThat(sock.stat().type()).isEqualTo(FileType.SOCKET);
        assertThat(sock.stat().mode()).isEqualTo(0600);
        assertThat(errorOf(() -> fs.mknod(ROOT, fs.root(), "reg", FileType.REGULAR, 0, 0, SetAttributes.NONE))).isEqualTo(FsError.BADTYPE);
        assertThat(errorOf(() -> fs.open(ROOT, fifo.handle(), Access.READ))).isEqualTo(FsError.WRONG_TYPE);
        assumeTrue(fixture.switchesCredentials(), "devices need root");
        Filesystem.Created chr = fs.mknod(ROOT, fs.root(), "null", FileType.CHAR, 1, 3, SetAttributes.NONE);
        assertThat(chr.stat().type()).isEqualTo(FileType.CHAR);
        assertThat(chr.stat().rdevMajor()).isEqualTo(1);
        assertThat(chr.stat().rdevMinor()).isEqualTo(3);
        Filesystem.Created blk = fs.mknod(ROOT, fs.root(), "blk", FileType.BLOCK, 259, 70000, SetAttributes.NONE);
        assertThat(blk.stat().type()).isEqualTo(FileType.BLOCK);
        assertThat(blk.stat().rdevMajor()).isEqualTo(259);
        assertThat(blk.stat().rdevMinor()).isEqualTo(70000);
        if (fixture.handlesSurviveRestart()) {
            reopen();
            Stat again = fs.getattr(ROOT, blk.handle());
            assertThat(again.rdevMajor()).isEqualTo(259);
            assertThat(again.rdevMinor()).isEqualTo(70000);
        }
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
        // removing one name leaves the file reachable under its handle
        fs.remove(ROOT, fs.root(), "f");
        assertThat(fs.getattr(ROOT, f).nlink()).isEqualTo(1);
        assertThat(readAll(f)).containsExactly(1, 2, 3);
        if (fixture.handlesSurviveRestart()) {
            // and after a restart, through the remaining name
            reopen();
            assertThat(fs.getattr(ROOT, f).nlink()).isEqualTo(1);
            assertThat(readAll(f)).containsExactly(1, 2, 3);
        }
        // a symlink can be hard-linked too (the link itself, not its target)
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
        fixture.assertRemovedFilesReleased();
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.remove(ROOT, d, "f"))).isEqualTo(FsError.NOENT);
        fs.remove(ROOT, fs.root(), "d");
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "d"))).isEqualTo(FsError.NOENT);
        // a file removed outside the gateway is STALE too, cached or not
        FileHandle g = createFile(fs.root(), "g");
        fs.getattr(ROOT, g);
        fixture.outside().remove("g");
        assertThat(errorOf(() -> fs.getattr(ROOT, g))).isEqualTo(FsError.STALE);
        if (fixture.handlesSurviveRestart()) {
            FileHandle h = createFile(fs.root(), "h");
            reopen();
            fixture.outside().remove("h");
            assertThat(errorOf(() -> fs.getattr(ROOT, h))).isEqualTo(FsError.STALE);
        }
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
        // within one directory
        Filesystem.Renamed r2 = fs.rename(ROOT, b, "y", b, "z");
        assertThat(r2.fromDir()).isEqualTo(r2.toDir());
        assertThat(fs.lookup(ROOT, b, "z").handle()).isEqualTo(x);
        // over an existing file: the old target is gone
        FileHandle victim = createFile(a, "v");
        fs.rename(ROOT, b, "z", a, "v");
        fixture.assertRemovedFilesReleased();
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
        Stat s1 = fs.setattr(ROOT, f, mode(0751));
        assertThat(s1.mode()).isEqualTo(0751);
        Stat s2 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, 10L, null, null));
        assertThat(s2.size()).isEqualTo(10);
        assertThat(fixture.outside().stat("f").size()).isEqualTo(10);
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
        if (fixture.switchesCredentials()) {
            Stat s6 = fs.setattr(ROOT, f, new SetAttributes(null, 4321, 8765, null, null, null));
            assertThat(s6.uid()).isEqualTo(4321);
            assertThat(s6.gid()).isEqualTo(8765);
            assertThat(fixture.outside().stat("f").uid()).isEqualTo(4321);
        }
        FileHandle d = mkdir(fs.root(), "d");
        assertThat(errorOf(() -> fs.setattr(ROOT, d, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.ISDIR);
        assertThat(fs.setattr(ROOT, d, mode(0700)).mode()).isEqualTo(0700);
        // symbolic links: times and owner apply to the link itself, mode is ignored
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
        FileHandle f = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, mode(0644)).handle();
        int all = Access.READ | Access.WRITE | Access.EXECUTE | Access.LOOKUP | Access.MODIFY_DIR;
        assertThat(fs.access(ROOT, f, all)).isEqualTo(Access.READ | Access.WRITE | Access.LOOKUP | Access.MODIFY_DIR);
        fs.setattr(ROOT, f, mode(0744));
        assertThat(fs.access(ROOT, f, Access.EXECUTE)).isEqualTo(Access.EXECUTE);
        fs.setattr(ROOT, f, mode(0640));
        Creds group = new Creds(1000, 1000, new int[] {0});
        assertThat(fs.access(USER, f, all)).isZero();
        assertThat(fs.access(group, f, all)).isEqualTo(Access.READ);
        FileHandle d = fs.mkdir(ROOT, fs.root(), "d", mode(0755)).handle();
        assertThat(fs.access(USER, d, all)).isEqualTo(Access.READ | Access.LOOKUP);
        assertThat(fs.access(ROOT, d, all)).isEqualTo(all);
    }

    @Test
    void statfs() {
        FsStats st = fs.statfs(ROOT, fs.root());
        // CephFS without a ceph-mgr reports 0 blocks
        assertThat(st.totalBytes()).isNotNegative();
        assertThat(st.freeBytes()).isBetween(0L, st.totalBytes());
        assertThat(st.availBytes()).isBetween(0L, st.freeBytes());
        assertThat(st.totalFiles()).isPositive();
        assertThat(st.freeFiles()).isBetween(0L, st.totalFiles());
        assertThat(st.availFiles()).isBetween(0L, st.totalFiles());
    }

    @Test
    void changeAttributeOfDirectoriesMovesOnEveryModification() throws Exception {
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
        // a change made outside the gateway moves it as well
        Thread.sleep(20); // more than a ctime tick
        fixture.outside().createFile("d/from-outside");
        long seen = fs.getattr(ROOT, d).change();
        assertThat(seen).isGreaterThan(last);
        if (fixture.changeAttributeIsShared()) {
            assertThat(fixture.secondClient().getattr(ROOT, d).change()).as("every node sees the same value").isEqualTo(seen);
        }
    }
}
