package org.cephgw.fsal.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalFilesystemTest extends LocalFsTestSupport {

    @Test
    void constructorRejectsMissingDirectoryAndPlainFile() throws Exception {
        assertThatThrownBy(() -> new LocalFilesystem(tmp.resolve("nope"), options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> new LocalFilesystem(file, options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
    }

    @Test
    void rootAndInfo() throws Exception {
        Stat st = fs.getattr(ROOT, fs.root());
        assertThat(st.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(st.fileId()).isEqualTo(((Number) Files.getAttribute(export, "unix:ino")).longValue());
        FsInfo info = fs.info();
        assertThat(info.maxRead()).isEqualTo(1 << 20);
        assertThat(info.maxWrite()).isEqualTo(1 << 20);
        assertThat(info.maxNameLength()).isEqualTo(255);
        assertThat(info.timeDeltaNanos()).isEqualTo(1);
        assertThat(info.symlinks() && info.hardLinks() && info.specialFiles() && info.exclusiveCreateUsesTimes()).isTrue();
        assertThat(info.fsidMajor() != 0 || info.fsidMinor() != 0).isTrue();
        assertThat(fs.root().length()).isLessThanOrEqualTo(FileHandle.MAX_BYTES);
        if (runningAsRoot()) {
            assertThat(fs.handleKind()).isEqualTo(LocalFilesystem.HandleKind.KERNEL);
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
    }

    @Test
    void createGuardedUncheckedAndModes() throws Exception {
        Filesystem.Created c = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, new SetAttributes(0600, null, null, null, null, null));
        assertThat(c.created()).isTrue();
        assertThat(c.stat().mode()).isEqualTo(0600);
        assertThat(c.dirChange().after()).isGreaterThan(c.dirChange().before());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(export.resolve("f")))).isEqualTo("rw-------");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, SetAttributes.NONE))).isEqualTo(FsError.EXIST);

        createFile(fs.root(), "g", "0123456789".getBytes(StandardCharsets.UTF_8));
        Filesystem.Created u = fs.create(ROOT, fs.root(), "g", CreateHow.UNCHECKED, new SetAttributes(0600, null, null, 4L, null, null));
        assertThat(u.created()).isFalse();
        assertThat(u.handle()).isEqualTo(fs.lookup(ROOT, fs.root(), "g").handle());
        assertThat(u.stat().size()).isEqualTo(4);
        assertThat(u.stat().mode()).isEqualTo(0644); // only the size applies to an existing file
        assertThat(u.dirChange().after()).isEqualTo(u.dirChange().before());

        // the process umask (usually 022) does not take bits away from what the client asked for
        Filesystem.Created w = fs.create(ROOT, fs.root(), "w", CreateHow.GUARDED, new SetAttributes(0777, null, null, null, null, null));
        assertThat(w.stat().mode()).isEqualTo(0777);
        Filesystem.Created d = fs.mkdir(ROOT, fs.root(), "d", new SetAttributes(01777, null, null, null, null, null));
        assertThat(d.stat().mode()).isEqualTo(01777);
        assertThat(fs.create(ROOT, fs.root(), "def", CreateHow.GUARDED, SetAttributes.NONE).stat().mode()).isEqualTo(0644);

        mkdir(fs.root(), "adir");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "adir", CreateHow.UNCHECKED, SetAttributes.NONE))).isEqualTo(FsError.ISDIR);
        fs.symlink(ROOT, fs.root(), "alink", "g", SetAttributes.NONE);
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "alink", CreateHow.UNCHECKED, SetAttributes.NONE))).isEqualTo(FsError.SYMLINK);
    }

    @Test
    void createWithOwnerAsRoot() {
        assumeTrue(runningAsRoot());
        Filesystem.Created c = fs.create(ROOT, fs.root(), "owned", CreateHow.GUARDED, new SetAttributes(0640, 1234, 5678, null, null, null));
        assertThat(c.stat().uid()).isEqualTo(1234);
        assertThat(c.stat().gid()).isEqualTo(5678);
        assertThat(c.stat().mode()).isEqualTo(0640);
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
        // another client's verifier does not
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}), SetAttributes.NONE)))
                .isEqualTo(FsError.EXIST);
        // high bit set in the verifier halves (times beyond 2038 as unsigned seconds)
        byte[] hi = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80, 0, 0, 2};
        Filesystem.Created h = fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE);
        assertThat(fs.create(ROOT, fs.root(), "hi", new CreateHow.Exclusive(hi), SetAttributes.NONE).created()).isFalse();
        assertThat(h.created()).isTrue();
        // once the client set the real times, the verifier is gone
        fs.setattr(ROOT, c.handle(), new SetAttributes(null, null, null, null, SetAttributes.TimeSet.SERVER, SetAttributes.TimeSet.SERVER));
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "x", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
        // an existing file that never held a verifier
        createFile(fs.root(), "plain");
        assertThat(errorOf(() -> fs.create(ROOT, fs.root(), "plain", new CreateHow.Exclusive(v), SetAttributes.NONE))).isEqualTo(FsError.EXIST);
    }

    @Test
    void symlinkAndReadlink() throws Exception {
        Filesystem.Created c = fs.symlink(ROOT, fs.root(), "ln", "../some/where é", SetAttributes.NONE);
        assertThat(c.stat().type()).isEqualTo(FileType.SYMLINK);
        assertThat(c.stat().size()).isEqualTo("../some/where é".getBytes(StandardCharsets.UTF_8).length);
        assertThat(fs.readlink(ROOT, c.handle())).isEqualTo("../some/where é");
        assertThat(Files.readSymbolicLink(export.resolve("ln")).toString()).isEqualTo("../some/where é");
        Filesystem.Lookup l = fs.lookup(ROOT, fs.root(), "ln");
        assertThat(l.handle()).isEqualTo(c.handle());
        assertThat(l.stat().type()).isEqualTo(FileType.SYMLINK);
        FileHandle f = createFile(fs.root(), "f");
        assertThat(errorOf(() -> fs.readlink(ROOT, f))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.symlink(ROOT, fs.root(), "ln2", "", SetAttributes.NONE))).isEqualTo(FsError.INVAL);
        // a symbolic link is never followed: lookup through it fails
        fs.symlink(ROOT, fs.root(), "up", "/", SetAttributes.NONE);
        FileHandle up = fs.lookup(ROOT, fs.root(), "up").handle();
        assertThat(errorOf(() -> fs.lookup(ROOT, up, "etc"))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.readdir(ROOT, up, 0, 10))).isEqualTo(FsError.NOTDIR);
        assertThat(errorOf(() -> fs.open(ROOT, up, Access.READ))).isEqualTo(FsError.SYMLINK);
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
        if (runningAsRoot()) {
            Filesystem.Created chr = fs.mknod(ROOT, fs.root(), "null", FileType.CHAR, 1, 3, SetAttributes.NONE);
            assertThat(chr.stat().type()).isEqualTo(FileType.CHAR);
            assertThat(chr.stat().rdevMajor()).isEqualTo(1);
            assertThat(chr.stat().rdevMinor()).isEqualTo(3);
            Filesystem.Created blk = fs.mknod(ROOT, fs.root(), "blk", FileType.BLOCK, 259, 70000, SetAttributes.NONE);
            assertThat(blk.stat().rdevMajor()).isEqualTo(259);
            assertThat(blk.stat().rdevMinor()).isEqualTo(70000);
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
        assertThat(openDeletedFilesBelow(export)).isZero();
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.remove(ROOT, d, "f"))).isEqualTo(FsError.NOENT);
        fs.remove(ROOT, fs.root(), "d");
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.lookup(ROOT, fs.root(), "d"))).isEqualTo(FsError.NOENT);
        // a file removed behind the gateway's back is STALE too
        FileHandle g = createFile(fs.root(), "g");
        fs.getattr(ROOT, g);
        export.resolve("g").toFile().delete();
        assertThat(errorOf(() -> fs.getattr(ROOT, g))).isEqualTo(FsError.STALE);
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
        // its cached descriptor is dropped at once, so that its space is freed
        assertThat(openDeletedFilesBelow(export)).isZero();
        assertThat(fs.lookup(ROOT, a, "v").handle()).isEqualTo(x);
        assertThat(errorOf(() -> fs.getattr(ROOT, victim))).isEqualTo(FsError.STALE);
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
    }

    @Test
    void setattrModeOwnerSizeTimes() throws Exception {
        FileHandle f = createFile(fs.root(), "f", new byte[100]);
        Stat s1 = fs.setattr(ROOT, f, new SetAttributes(0751, null, null, null, null, null));
        assertThat(s1.mode()).isEqualTo(0751);
        Stat s2 = fs.setattr(ROOT, f, new SetAttributes(null, null, null, 10L, null, null));
        assertThat(s2.size()).isEqualTo(10);
        assertThat(Files.size(export.resolve("f"))).isEqualTo(10);
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
        if (runningAsRoot()) {
            Stat s6 = fs.setattr(ROOT, f, new SetAttributes(null, 4321, 8765, null, null, null));
            assertThat(s6.uid()).isEqualTo(4321);
            assertThat(s6.gid()).isEqualTo(8765);
            assertThat(((Number) Files.getAttribute(export.resolve("f"), "unix:uid")).intValue()).isEqualTo(4321);
        }
        FileHandle d = mkdir(fs.root(), "d");
        assertThat(errorOf(() -> fs.setattr(ROOT, d, new SetAttributes(null, null, null, 0L, null, null)))).isEqualTo(FsError.ISDIR);
        assertThat(fs.setattr(ROOT, d, new SetAttributes(0700, null, null, null, null, null)).mode()).isEqualTo(0700);
        // symbolic links: times and owner apply to the link itself, mode is ignored
        FileHandle l = fs.symlink(ROOT, fs.root(), "l", "f", SetAttributes.NONE).handle();
        Stat sl = fs.setattr(ROOT, l, new SetAttributes(0600, null, null, null, null, SetAttributes.TimeSet.of(new Timestamp(12345, 0))));
        assertThat(sl.mtime()).isEqualTo(new Timestamp(12345, 0));
        assertThat(fs.getattr(ROOT, f).mtime()).isEqualTo(s5.mtime());
        assertThat(fs.setattr(ROOT, f, SetAttributes.NONE).size()).isEqualTo(5000);
    }

    @Test
    void accessFromModeBits() {
        FileHandle f = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, new SetAttributes(0644, null, null, null, null, null)).handle();
        int all = Access.READ | Access.WRITE | Access.EXECUTE | Access.LOOKUP | Access.MODIFY_DIR;
        assertThat(fs.access(ROOT, f, all)).isEqualTo(Access.READ | Access.WRITE | Access.LOOKUP | Access.MODIFY_DIR);
        fs.setattr(ROOT, f, new SetAttributes(0744, null, null, null, null, null));
        assertThat(fs.access(ROOT, f, Access.EXECUTE)).isEqualTo(Access.EXECUTE);
        fs.setattr(ROOT, f, new SetAttributes(0640, null, null, null, null, null));
        org.cephgw.fsal.Creds other = new org.cephgw.fsal.Creds(1000, 1000, new int[0]);
        org.cephgw.fsal.Creds group = new org.cephgw.fsal.Creds(1000, 1000, new int[] {0});
        assertThat(fs.access(other, f, all)).isZero();
        assertThat(fs.access(group, f, all)).isEqualTo(Access.READ);
        FileHandle d = fs.mkdir(ROOT, fs.root(), "d", new SetAttributes(0755, null, null, null, null, null)).handle();
        assertThat(fs.access(other, d, all)).isEqualTo(Access.READ | Access.LOOKUP);
        assertThat(fs.access(ROOT, d, all)).isEqualTo(all);
    }

    @Test
    void statfs() {
        FsStats st = fs.statfs(ROOT, fs.root());
        assertThat(st.totalBytes()).isPositive();
        assertThat(st.freeBytes()).isBetween(0L, st.totalBytes());
        assertThat(st.availBytes()).isBetween(0L, st.freeBytes());
        assertThat(st.totalFiles()).isPositive();
        assertThat(st.freeFiles()).isBetween(0L, st.totalFiles());
        java.io.File f = export.toFile();
        assertThat(st.totalBytes()).isEqualTo(f.getTotalSpace());
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
    }
}
