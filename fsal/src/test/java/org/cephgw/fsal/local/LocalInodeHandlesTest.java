package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fallback mode: handles made of (device, inode, birth time). */
class LocalInodeHandlesTest extends LocalFsTestSupport {

    @Override
    LocalOptions options() {
        return super.options().withHandleMode(LocalOptions.HandleMode.INODE).withFdCacheSize(16);
    }

    @Test
    void inodeHandlesWorkWhileTheGatewayRuns() {
        assertThat(fs.handleKind()).isEqualTo(LocalFilesystem.HandleKind.INODE);
        FileHandle d = mkdir(fs.root(), "d");
        FileHandle e = mkdir(d, "e");
        List<FileHandle> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            files.add(createFile(e, "f" + i, new byte[] {(byte) i}));
        }
        assertThat(files.get(0).length()).isEqualTo(38);
        // far more files than cached descriptors: resolved through where they were seen
        for (int i = 0; i < 100; i++) {
            assertThat(readAll(files.get(i))).containsExactly((byte) i);
        }
        fs.rename(ROOT, e, "f1", d, "moved");
        assertThat(readAll(files.get(1))).containsExactly(1);
        assertThat(fs.lookup(ROOT, d, "moved").handle()).isEqualTo(files.get(1));
        fs.link(ROOT, files.get(2), d, "second");
        assertThat(fs.lookup(ROOT, d, "second").handle()).isEqualTo(files.get(2));
        fs.remove(ROOT, e, "f3");
        assertThat(errorOf(() -> fs.getattr(ROOT, files.get(3)))).isEqualTo(FsError.STALE);
        assertThat(fs.lookupParent(ROOT, e).handle()).isEqualTo(d);
        assertThat(fs.lookupParent(ROOT, d).handle()).isEqualTo(fs.root());
    }

    @Test
    void afterARestartOnlyTheRootAndFilesSeenAgainResolve() throws Exception {
        FileHandle root = fs.root();
        FileHandle d = mkdir(fs.root(), "d");
        FileHandle f = createFile(d, "f", new byte[] {5});
        reopen();
        assertThat(fs.root()).isEqualTo(root);
        assertThat(fs.getattr(ROOT, root).isDirectory()).isTrue();
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
        // looked up again by name: the same handle, valid again
        assertThat(fs.lookup(ROOT, root, "d").handle()).isEqualTo(d);
        assertThat(fs.lookup(ROOT, d, "f").handle()).isEqualTo(f);
        assertThat(readAll(f)).containsExactly(5);
        // readdir teaches names too
        createFile(d, "g");
        reopen();
        fs.lookup(ROOT, root, "d");
        Filesystem.DirList l = fs.readdir(ROOT, d, 0, 100);
        FileHandle g = l.entries().stream().filter(x -> x.name().equals("g")).findFirst().orElseThrow().handle();
        reopen();
        fs.readdir(ROOT, root, 0, 100);
        fs.readdir(ROOT, d, 0, 100);
        assertThat(fs.getattr(ROOT, g).type()).isEqualTo(org.cephgw.fsal.FileType.REGULAR);
    }

    @Test
    void aNewFileReusingAnInodeIsNotTheOldOne() throws Exception {
        FileHandle f = createFile(fs.root(), "f");
        long ino = fs.getattr(ROOT, f).fileId();
        fs.remove(ROOT, fs.root(), "f");
        // recreate under the same name, possibly with the same inode number
        FileHandle g = null;
        for (int i = 0; i < 20; i++) {
            g = createFile(fs.root(), "f");
            if (fs.getattr(ROOT, g).fileId() == ino) {
                break;
            }
            fs.remove(ROOT, fs.root(), "f");
        }
        assertThat(g).isNotEqualTo(f);
        FileHandle old = f;
        assertThat(errorOf(() -> fs.getattr(ROOT, old))).isEqualTo(FsError.STALE);
    }

    @Test
    void deepDirectoriesResolveThroughTheirAncestorsAfterDescriptorEviction() {
        List<FileHandle> chain = new ArrayList<>();
        FileHandle cur = fs.root();
        for (int i = 0; i < 40; i++) {
            cur = mkdir(cur, "level" + i);
            chain.add(cur);
        }
        for (int i = 0; i < 100; i++) {
            createFile(fs.root(), "noise" + i);
        }
        FileHandle deepest = chain.get(39);
        assertThat(fs.getattr(ROOT, deepest).isDirectory()).isTrue();
        FileHandle x = createFile(deepest, "x", new byte[] {3});
        for (int i = 39; i > 0; i--) {
            assertThat(fs.lookupParent(ROOT, chain.get(i)).handle()).isEqualTo(chain.get(i - 1));
        }
        for (int i = 0; i < 100; i++) {
            fs.getattr(ROOT, fs.lookup(ROOT, fs.root(), "noise" + i).handle());
        }
        assertThat(readAll(x)).containsExactly(3);
    }
}
