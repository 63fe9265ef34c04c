package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephHandlesTest extends CephFsTestSupport {

    @Test
    void handleFormat() {
        FileHandle f = createFile(fs.root(), "f");
        byte[] b = f.bytes();
        assertThat(b).hasSize(26);
        ByteBuffer bb = ByteBuffer.wrap(b);
        assertThat(bb.order(ByteOrder.BIG_ENDIAN).getShort(0)).isEqualTo((short) 1); // export id
        bb.order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bb.getLong(2)).isEqualTo(fs.getattr(ROOT, f).fileId());
        assertThat(bb.getLong(10)).isEqualTo(-2L); // CEPH_NOSNAP
        assertThat(bb.getLong(18)).isEqualTo(fs.fscid());
    }

    @Test
    void handlesSurviveARestartAndWorkOnAnotherNode() {
        FileHandle root = fs.root();
        FileHandle dir = mkdir(fs.root(), "dir");
        FileHandle sub = mkdir(dir, "sub");
        FileHandle file = createFile(sub, "file", new byte[] {7, 8, 9});
        FileHandle link = fs.symlink(ROOT, dir, "link", "sub/file", SetAttributes.NONE).handle();
        long fileId = fs.getattr(ROOT, file).fileId();

        reopen(); // a new instance knows nothing of the old one's caches
        assertThat(fs.cachedInodes()).isZero();
        assertThat(fs.root()).isEqualTo(root);
        Stat st = fs.getattr(ROOT, file); // resolved with ceph_ll_lookup_inode
        assertThat(st.fileId()).isEqualTo(fileId);
        assertThat(readAll(file)).containsExactly(7, 8, 9);
        assertThat(fs.getattr(ROOT, sub).isDirectory()).isTrue();
        assertThat(fs.readlink(ROOT, link)).isEqualTo("sub/file");
        assertThat(fs.lookup(ROOT, dir, "sub").handle()).isEqualTo(sub);
        assertThat(fs.lookup(ROOT, sub, "file").handle()).isEqualTo(file);
        assertThat(fs.lookupParent(ROOT, sub).handle()).isEqualTo(dir);

        // another gateway node: an independent client of the same export with the same export id
        CephFilesystem node2 = secondClient(options());
        assertThat(node2.root()).isEqualTo(root);
        assertThat(readAll(node2, file)).containsExactly(7, 8, 9);
        assertThat(node2.readlink(ROOT, link)).isEqualTo("sub/file");
        // a file created on one node is known by handle on the other at once
        FileHandle fresh = node2.create(ROOT, dir, "fresh", CreateHow.GUARDED, SetAttributes.NONE).handle();
        assertThat(fs.getattr(ROOT, fresh).fileId()).isEqualTo(node2.getattr(ROOT, fresh).fileId());
    }

    @Test
    void forgedAndForeignHandlesAreBad() {
        FileHandle f = createFile(fs.root(), "f");
        byte[] b = f.bytes();
        // another export id (bytes 0-1) or file system id (bytes 18-25)
        for (int i : new int[] {0, 1, 18, 19, 24, 25}) {
            byte[] c = b.clone();
            c[i] ^= 0x10;
            assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(c)))).as("byte %d flipped", i).isEqualTo(FsError.BADHANDLE);
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] r = new byte[1 + rnd.nextInt(FileHandle.MAX_BYTES)];
            rnd.nextBytes(r);
            if (r.length == 26) {
                r[0] ^= 0x40;
            }
            assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(r)))).isEqualTo(FsError.BADHANDLE);
        }
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 1);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(truncated)))).isEqualTo(FsError.BADHANDLE);
        byte[] zeroIno = b.clone();
        java.util.Arrays.fill(zeroIno, 2, 10, (byte) 0);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(zeroIno)))).isEqualTo(FsError.BADHANDLE);
        // a handle of the same file system under another export id
        CephFilesystem other = secondClient(options().withExportId(2));
        FileHandle foreign = other.create(ROOT, other.root(), "x", CreateHow.GUARDED, SetAttributes.NONE).handle();
        assertThat(errorOf(() -> fs.getattr(ROOT, foreign))).isEqualTo(FsError.BADHANDLE);
        assertThat(errorOf(() -> fs.getattr(ROOT, other.root()))).isEqualTo(FsError.BADHANDLE);
        assertThat(errorOf(() -> other.getattr(ROOT, f))).isEqualTo(FsError.BADHANDLE);
        // an inode number that does not exist
        byte[] nowhere = b.clone();
        ByteBuffer.wrap(nowhere).order(ByteOrder.LITTLE_ENDIAN).putLong(2, 0x7_0000_0000_00L);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(nowhere)))).isEqualTo(FsError.STALE);
    }

    @Test
    void removedFilesAreStaleBeforeAndAfterARestart() {
        FileHandle a = createFile(fs.root(), "a");
        FileHandle b = createFile(fs.root(), "b");
        FileHandle d = mkdir(fs.root(), "d");
        fs.remove(ROOT, fs.root(), "a");
        assertThat(errorOf(() -> fs.getattr(ROOT, a))).isEqualTo(FsError.STALE);
        reopen();
        assertThat(errorOf(() -> fs.getattr(ROOT, a))).isEqualTo(FsError.STALE);
        fs.getattr(ROOT, b);
        fs.getattr(ROOT, d);
        admin.remove(ROOT, exportInAdmin, "b");
        admin.remove(ROOT, exportInAdmin, "d");
        assertThat(errorOf(() -> fs.getattr(ROOT, b))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.lookup(ROOT, d, "x"))).isIn(FsError.STALE, FsError.NOENT);
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
    }

    @Test
    void directoryHandlesOutsideTheExportAreStale() {
        // a directory next to the export, in the same file system: its handle (same fscid, same
        // export id) must not open it through this export
        FileHandle outside = admin.mkdir(ROOT, runDir, exportInAdminName() + "-outside", SetAttributes.NONE).handle();
        CREATED.add(exportInAdminName() + "-outside");
        long ino = admin.getattr(ROOT, outside).fileId();
        FileHandle forged = CephHandles.encode(1, ino, -2L, fs.fscid());
        assertThat(errorOf(() -> fs.getattr(ROOT, forged))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.readdir(ROOT, forged, 0, 10))).isEqualTo(FsError.STALE);
        // the file system root too
        FileHandle fsRoot = CephHandles.encode(1, 1, -2L, fs.fscid());
        assertThat(errorOf(() -> fs.lookup(ROOT, fsRoot, "cephgw-tests"))).isEqualTo(FsError.STALE);
        // a directory inside is fine, even when first seen by handle
        FileHandle inside = mkdir(mkdir(fs.root(), "a"), "b");
        reopen();
        assertThat(fs.getattr(ROOT, inside).isDirectory()).isTrue();
    }

    private String exportInAdminName() {
        return exportPath.substring(exportPath.lastIndexOf('/') + 1);
    }

    @Test
    void manyFilesThroughASmallInodeCache() {
        fs.close();
        fs = new CephFilesystem(options().withInodeCacheSize(16));
        List<FileHandle> hs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hs.add(createFile(fs.root(), "f" + i, new byte[] {(byte) i}));
        }
        assertThat(fs.cachedInodes()).isLessThanOrEqualTo(16 + 16);
        for (int i = 0; i < 200; i++) {
            assertThat(readAll(hs.get(i))).containsExactly((byte) i);
        }
        // every reference the back end took is either cached or given back (+1: the root)
        assertThat(fs.inodeReferences()).isEqualTo(fs.cachedInodes() + 1);
    }
}
