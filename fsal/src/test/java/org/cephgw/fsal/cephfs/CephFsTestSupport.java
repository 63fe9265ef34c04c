package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests against a real Ceph cluster; they run only with {@code -Dceph=true}. The cluster comes from
 * {@code -Dceph.conf} (else $CEPH_CONF), {@code -Dceph.user} (default admin), {@code -Dceph.keyring}
 * (else $CEPH_KEYRING, else what ceph.conf names) and {@code -Dceph.fs} (else $CEPH_DEV_FS, else "a");
 * scripts/ceph-dev-cluster.sh's {@code env} sets those variables; without any of them, the cluster
 * that script keeps in $CEPH_DEV_DIR (default /tmp/cephgw-ceph) is used, as in CI. The user needs full rights on the
 * file system (chown, mknod): client.admin, or a user authorized with {@code ceph fs authorize ... rw}. Every test
 * gets a fresh directory of its own below {@code /cephgw-tests/<run>/} as its export, mounted by a
 * fresh {@link CephFilesystem}; {@link #admin} is a mount of "/" for setting things up behind the
 * back end's back (another CephFS client).
 */
abstract class CephFsTestSupport {
    static final Creds ROOT = Creds.ROOT;
    static final String RUN = "/cephgw-tests/" + UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A second client mounting "/" of the file system (setup, cleanup, changes from elsewhere). */
    static CephFilesystem admin;
    static FileHandle runDir;

    /** This test's export path and its back end. */
    String exportPath;
    CephFilesystem fs;
    /** The export directory as the admin mount sees it. */
    FileHandle exportInAdmin;
    private final List<CephFilesystem> extra = new ArrayList<>();

    /** Where scripts/ceph-dev-cluster.sh keeps its cluster (what CI starts before the tests). */
    static Path devClusterDir() {
        String d = System.getenv("CEPH_DEV_DIR");
        return Path.of(d == null || d.isBlank() ? "/tmp/cephgw-ceph" : d);
    }

    static Path confPath() {
        String p = System.getProperty("ceph.conf");
        if (p == null || p.isBlank()) {
            p = System.getenv("CEPH_CONF");
        }
        if ((p == null || p.isBlank()) && java.nio.file.Files.isRegularFile(devClusterDir().resolve("ceph.conf"))) {
            return devClusterDir().resolve("ceph.conf");
        }
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    static Path keyringPath() {
        String p = System.getProperty("ceph.keyring");
        if (p == null || p.isBlank()) {
            p = System.getenv("CEPH_KEYRING");
        }
        if ((p == null || p.isBlank()) && java.nio.file.Files.isRegularFile(devClusterDir().resolve("keyring"))) {
            return devClusterDir().resolve("keyring");
        }
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    static String user() {
        String u = System.getProperty("ceph.user");
        return u == null || u.isBlank() ? "admin" : u;
    }

    static String fsName() {
        String f = System.getProperty("ceph.fs");
        if (f == null || f.isBlank()) {
            f = System.getenv("CEPH_DEV_FS");
        }
        return f == null || f.isBlank() ? "a" : f;
    }

    static CephOptions baseOptions() {
        return new CephOptions(confPath(), user(), keyringPath(), null, fsName(), "/", 1, Duration.ofSeconds(15), null,
                CephOptions.DEFAULT_INODE_CACHE_SIZE);
    }

    CephOptions options() {
        return baseOptions().withExportPath(exportPath);
    }

    /** The export directories this class made (removed after the class). */
    static final List<String> CREATED = new ArrayList<>();

    @BeforeAll
    static void mountAdmin() {
        admin = new CephFilesystem(baseOptions());
        FileHandle top = mkdirs(admin, admin.root(), "cephgw-tests");
        runDir = mkdirs(admin, top, RUN.substring(RUN.lastIndexOf('/') + 1));
    }

    @AfterAll
    static void unmountAdmin() {
        if (admin == null) {
            return;
        }
        try {
            for (String name : CREATED) {
                removeTree(admin, runDir, name);
            }
            CREATED.clear();
        } finally {
            admin.close();
        }
    }

    /** Removes {@code name} in {@code dir} and everything below it. */
    static void removeTree(CephFilesystem f, FileHandle dir, String name) {
        Filesystem.Lookup l;
        try {
            l = f.lookup(ROOT, dir, name);
        } catch (FsException e) {
            return;
        }
        if (l.stat().isDirectory()) {
            f.setattr(ROOT, l.handle(), new SetAttributes(0777, null, null, null, null, null));
            for (;;) {
                Filesystem.DirList page = f.readdir(ROOT, l.handle(), 0, 1000);
                for (Filesystem.DirEntry e : page.entries()) {
                    if (e.stat().isDirectory()) {
                        removeTree(f, l.handle(), e.name());
                    } else {
                        f.remove(ROOT, l.handle(), e.name());
                    }
                }
                if (page.eof()) {
                    break;
                }
            }
        }
        f.remove(ROOT, dir, name);
    }

    static FileHandle mkdirs(CephFilesystem f, FileHandle dir, String name) {
        try {
            return f.mkdir(ROOT, dir, name, new SetAttributes(0777, null, null, null, null, null)).handle();
        } catch (FsException e) {
            if (e.error() != FsError.EXIST) {
                throw e;
            }
            return f.lookup(ROOT, dir, name).handle();
        }
    }

    @BeforeEach
    void openExport(TestInfo info) {
        String name = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("t") + "-" + SEQ.incrementAndGet();
        exportInAdmin = admin.mkdir(ROOT, runDir, name, new SetAttributes(0777, null, null, null, null, null)).handle();
        CREATED.add(name);
        exportPath = RUN + "/" + name;
        fs = new CephFilesystem(options());
    }

    @AfterEach
    void closeExport() {
        if (fs != null) {
            assertThat(fs.openHandles()).as("IoHandles left open by the test").isZero();
            fs.close();
            assertThat(fs.inodeReferences()).as("inode references after close").isZero();
        }
        for (CephFilesystem f : extra) {
            f.close();
        }
        extra.clear();
    }

    /** Closes this test's back end and mounts the export again (a gateway restart). */
    CephFilesystem reopen() {
        fs.close();
        fs = new CephFilesystem(options());
        return fs;
    }

    /** Another, independent CephFS client on the same export (another gateway node); closed after the test. */
    CephFilesystem secondClient(CephOptions o) {
        CephFilesystem f = new CephFilesystem(o);
        extra.add(f);
        return f;
    }

    /** The FsError a call fails with (fails the test if it does not fail with an FsException). */
    static FsError errorOf(ThrowingCallable call) {
        FsError[] out = new FsError[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(FsException.class, e -> out[0] = e.error());
        return out[0];
    }

    FileHandle createFile(FileHandle dir, String name) {
        return fs.create(ROOT, dir, name, CreateHow.GUARDED, SetAttributes.NONE).handle();
    }

    FileHandle createFile(FileHandle dir, String name, byte[] content) {
        FileHandle h = createFile(dir, name);
        try (IoHandle io = fs.open(ROOT, h, Filesystem.Access.WRITE)) {
            io.write(0, ByteBuffer.wrap(content), IoHandle.Stability.UNSTABLE);
        }
        return h;
    }

    FileHandle mkdir(FileHandle dir, String name) {
        return fs.mkdir(ROOT, dir, name, SetAttributes.NONE).handle();
    }

    static byte[] readAll(Filesystem f, FileHandle h) {
        try (IoHandle io = f.open(ROOT, h, Filesystem.Access.READ)) {
            Filesystem.ReadResult r = io.read(0, 1 << 20);
            byte[] b = new byte[r.data().remaining()];
            r.data().get(b);
            return b;
        }
    }

    byte[] readAll(FileHandle h) {
        return readAll(fs, h);
    }

    static void write(Filesystem f, FileHandle h, long offset, byte[] data) {
        try (IoHandle io = f.open(ROOT, h, Filesystem.Access.WRITE)) {
            io.write(offset, ByteBuffer.wrap(data), IoHandle.Stability.FILE_SYNC);
        }
    }
}
