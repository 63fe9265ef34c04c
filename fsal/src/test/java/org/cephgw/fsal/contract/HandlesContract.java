package org.cephgw.fsal.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** File handles: stable across restarts and nodes, forged or foreign ones refused, removed files STALE. */
public abstract class HandlesContract extends BackendContract {

    @Test
    void handlesSurviveARestartAndWorkOnAnotherNode() {
        assumeTrue(fixture.handlesSurviveRestart(), "handles of this back end live as long as it runs");
        FileHandle root = fs.root();
        FileHandle dir = mkdir(fs.root(), "dir");
        FileHandle sub = mkdir(dir, "sub");
        FileHandle file = createFile(sub, "file", new byte[] {7, 8, 9});
        FileHandle link = fs.symlink(ROOT, dir, "link", "sub/file", SetAttributes.NONE).handle();
        long fileId = fs.getattr(ROOT, file).fileId();

        reopen(); // a new instance knows nothing of the old one's caches
        assertThat(fixture.cachedHandles()).isZero();
        assertThat(fs.root()).isEqualTo(root);
        Stat st = fs.getattr(ROOT, file);
        assertThat(st.fileId()).isEqualTo(fileId);
        assertThat(readAll(file)).containsExactly(7, 8, 9);
        assertThat(fs.getattr(ROOT, sub).isDirectory()).isTrue();
        assertThat(fs.readlink(ROOT, link)).isEqualTo("sub/file");
        assertThat(fs.lookup(ROOT, dir, "sub").handle()).isEqualTo(sub);
        assertThat(fs.lookup(ROOT, sub, "file").handle()).isEqualTo(file);
        assertThat(fs.lookupParent(ROOT, sub).handle()).isEqualTo(dir);

        // another gateway node: an independent back end on the same export
        Filesystem node2 = fixture.secondClient();
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
        Random rnd = new Random(42);
        for (int i = 0; i < 100; i++) {
            byte[] r = new byte[1 + rnd.nextInt(FileHandle.MAX_BYTES)];
            rnd.nextBytes(r);
            if (r.length == b.length) {
                r[0] = (byte) (b[0] ^ 0x40); // never this export's prefix (CephFS: the export id)
            }
            assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(r)))).as("random handle %d", i).isEqualTo(FsError.BADHANDLE);
        }
        byte[] truncated = Arrays.copyOf(b, b.length - 1);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(truncated)))).isEqualTo(FsError.BADHANDLE);
        // handles of another export of the same file system, both ways
        Filesystem other = fixture.otherExport();
        FileHandle foreign = other.create(ROOT, other.root(), "x", CreateHow.GUARDED, SetAttributes.NONE).handle();
        assertThat(errorOf(() -> fs.getattr(ROOT, foreign))).isEqualTo(FsError.BADHANDLE);
        assertThat(errorOf(() -> fs.getattr(ROOT, other.root()))).isEqualTo(FsError.BADHANDLE);
        assertThat(errorOf(() -> other.getattr(ROOT, f))).isEqualTo(FsError.BADHANDLE);
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
        if (!fixture.handlesSurviveRestart()) {
            return;
        }
        fs.getattr(ROOT, b);
        fs.getattr(ROOT, d);
        fixture.outside().remove("b");
        fixture.outside().remove("d");
        assertThat(errorOf(() -> fs.getattr(ROOT, b))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.lookup(ROOT, d, "x"))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
    }

    @Test
    void manyFilesThroughASmallHandleCache() {
        fs = fixture.reopenWithHandleCache(16);
        List<FileHandle> hs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hs.add(createFile(fs.root(), "f" + i, new byte[] {(byte) i}));
        }
        assertThat(fixture.cachedHandles()).isLessThanOrEqualTo(16 + 16);
        for (int i = 0; i < 200; i++) {
            assertThat(readAll(hs.get(i))).containsExactly((byte) i);
        }
        fixture.assertHandleReferencesBalanced();
    }
}
