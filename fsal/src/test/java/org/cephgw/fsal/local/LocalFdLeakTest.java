package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFdLeakTest {
    @TempDir
    Path tmp;

    @Test
    void descriptorCountReturnsToBaseline() throws Exception {
        Path export = Files.createDirectory(tmp.resolve("export"));
        // warm up the JVM's own descriptors (class loading, jnr-ffi) before counting
        new LocalFilesystem(export, LocalOptions.defaults()).close();
        int baseline = LocalFsTestSupport.openFdCountBelow(tmp);

        LocalFilesystem fs = new LocalFilesystem(export, LocalOptions.defaults().withFdCacheSize(32));
        List<IoHandle> open = new ArrayList<>();
        FileHandle dir = fs.mkdir(LocalFsTestSupport.ROOT, fs.root(), "d", SetAttributes.NONE).handle();
        for (int i = 0; i < 300; i++) {
            FileHandle f = fs.create(LocalFsTestSupport.ROOT, dir, "f" + i, CreateHow.GUARDED, SetAttributes.NONE).handle();
            IoHandle io = fs.open(LocalFsTestSupport.ROOT, f, Access.READ | Access.WRITE);
            io.write(0, ByteBuffer.wrap(new byte[] {1}), IoHandle.Stability.UNSTABLE);
            io.read(0, 10);
            if (i % 3 == 0) {
                open.add(io);
            } else {
                io.close();
            }
            fs.getattr(LocalFsTestSupport.ROOT, f);
            fs.lookup(LocalFsTestSupport.ROOT, dir, "f" + i);
            if (i % 10 == 0) {
                fs.readdir(LocalFsTestSupport.ROOT, dir, 0, 50);
                fs.rename(LocalFsTestSupport.ROOT, dir, "f" + i, fs.root(), "g" + i);
                fs.remove(LocalFsTestSupport.ROOT, fs.root(), "g" + i);
            }
            try {
                fs.lookup(LocalFsTestSupport.ROOT, dir, "missing");
            } catch (FsException expected) {
                // failures must not leak either
            }
        }
        assertThat(fs.openHandles()).isEqualTo(open.size());
        assertThat(fs.cachedDescriptors()).isLessThanOrEqualTo(64);
        // while running: the cache is bounded, open I/O handles are what they are
        assertThat(LocalFsTestSupport.openFdCountBelow(tmp)).isLessThanOrEqualTo(baseline + 2 + 64 + open.size());
        for (IoHandle io : open) {
            io.close();
        }
        assertThat(fs.openHandles()).isZero();
        fs.close();
        assertThat(LocalFsTestSupport.openFdCountBelow(tmp)).isEqualTo(baseline);
    }

    @Test
    void closingTheFilesystemClosesForgottenIoHandles() throws Exception {
        Path export = Files.createDirectory(tmp.resolve("export"));
        new LocalFilesystem(export, LocalOptions.defaults()).close();
        int baseline = LocalFsTestSupport.openFdCountBelow(tmp);
        LocalFilesystem fs = new LocalFilesystem(export, LocalOptions.defaults());
        FileHandle f = fs.create(LocalFsTestSupport.ROOT, fs.root(), "f", CreateHow.GUARDED, SetAttributes.NONE).handle();
        fs.open(LocalFsTestSupport.ROOT, f, Access.READ);
        fs.open(LocalFsTestSupport.ROOT, f, Access.WRITE);
        assertThat(fs.openHandles()).isEqualTo(2);
        fs.close();
        assertThat(fs.openHandles()).isZero();
        assertThat(LocalFsTestSupport.openFdCountBelow(tmp)).isEqualTo(baseline);
    }
}
