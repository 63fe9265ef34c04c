package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.XattrSetMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** Fh and Inode references are balanced: openHandles() returns to 0, every ll reference is put. */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephLeakTest extends CephFsTestSupport {

    @Test
    void openHandlesAndInodeReferencesReturnToBaseline() {
        fs.close();
        fs = new CephFilesystem(options().withInodeCacheSize(32));
        List<IoHandle> open = new ArrayList<>();
        FileHandle dir = fs.mkdir(ROOT, fs.root(), "d", SetAttributes.NONE).handle();
        for (int i = 0; i < 300; i++) {
            FileHandle f = fs.create(ROOT, dir, "f" + i, CreateHow.GUARDED, SetAttributes.NONE).handle();
            IoHandle io = fs.open(ROOT, f, Access.READ | Access.WRITE);
            io.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
            io.read(0, 10);
            if (i % 3 == 0) {
                open.add(io);
            } else {
                io.close();
            }
            fs.getattr(ROOT, f);
            fs.lookup(ROOT, dir, "f" + i);
            if (i % 10 == 0) {
                fs.readdir(ROOT, dir, 0, 50);
                fs.rename(ROOT, dir, "f" + i, fs.root(), "g" + i);
                fs.link(ROOT, f, dir, "h" + i);
                fs.remove(ROOT, fs.root(), "g" + i);
                fs.remove(ROOT, dir, "h" + i);
                fs.setxattr(ROOT, dir, "user.n", new byte[] {(byte) i}, XattrSetMode.EITHER);
                fs.listxattr(ROOT, dir);
                fs.statfs(ROOT, dir);
                fs.lookupParent(ROOT, dir);
            }
            try {
                fs.lookup(ROOT, dir, "missing");
            } catch (FsException expected) {
                // failures must not leak either
            }
            try {
                fs.create(ROOT, dir, "f" + i, CreateHow.GUARDED, SetAttributes.NONE);
            } catch (FsException expected) {
                assertThat(expected.error()).isIn(FsError.EXIST);
            }
        }
        assertThat(fs.openHandles()).isEqualTo(open.size());
        assertThat(fs.cachedInodes()).isLessThanOrEqualTo(64);
        // cached + the root + those of open IoHandles whose inode left the cache (an open IoHandle keeps its Inode)
        assertThat(fs.inodeReferences()).isBetween(fs.cachedInodes() + 1L, fs.cachedInodes() + 1L + open.size());
        for (IoHandle io : open) {
            io.close();
        }
        assertThat(fs.openHandles()).isZero();
        assertThat(fs.inodeReferences()).isEqualTo(fs.cachedInodes() + 1L);
        fs.close();
        assertThat(fs.inodeReferences()).isZero();
        assertThat(fs.openHandles()).isZero();
    }

    @Test
    void concurrentUseThroughASmallCacheKeepsReferencesBalanced() throws Exception {
        fs.close();
        fs = new CephFilesystem(options().withInodeCacheSize(16));
        FileHandle dir = fs.mkdir(ROOT, fs.root(), "d", SetAttributes.NONE).handle();
        int files = 200;
        FileHandle[] hs = new FileHandle[files];
        for (int i = 0; i < files; i++) {
            hs[i] = fs.create(ROOT, dir, "f" + i, CreateHow.GUARDED, SetAttributes.NONE).handle();
        }
        Thread[] ts = new Thread[6];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < ts.length; t++) {
            int seed = t;
            ts[t] = new Thread(() -> {
                java.util.Random rnd = new java.util.Random(seed);
                try {
                    for (int k = 0; k < 400; k++) {
                        int i = rnd.nextInt(files);
                        switch (k % 4) {
                            case 0 -> assertThat(fs.getattr(ROOT, hs[i]).size()).isNotNegative();
                            case 1 -> assertThat(fs.lookup(ROOT, dir, "f" + i).handle()).isEqualTo(hs[i]);
                            case 2 -> {
                                try (IoHandle io = fs.open(ROOT, hs[i], Access.READ | Access.WRITE)) {
                                    io.write(0, ByteBuffer.wrap(new byte[] {(byte) k}), IoHandle.Stability.UNSTABLE);
                                }
                            }
                            default -> fs.readdir(ROOT, dir, 0, 20);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failure[0]).isNull();
        assertThat(fs.openHandles()).isZero();
        assertThat(fs.inodeReferences()).isEqualTo(fs.cachedInodes() + 1L);
    }

    @Test
    void closingTheFilesystemClosesForgottenIoHandles() {
        FileHandle f = fs.create(ROOT, fs.root(), "f", CreateHow.GUARDED, SetAttributes.NONE).handle();
        IoHandle r = fs.open(ROOT, f, Access.READ);
        IoHandle w = fs.open(ROOT, f, Access.WRITE);
        assertThat(fs.openHandles()).isEqualTo(2);
        fs.close();
        assertThat(fs.openHandles()).isZero();
        assertThat(fs.inodeReferences()).isZero();
        assertThat(errorOf(() -> r.read(0, 1))).isEqualTo(FsError.SERVERFAULT);
        w.close(); // harmless after the file system closed
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.SERVERFAULT);
        fs.close(); // idempotent
    }
}
