package org.cephgw.fsal.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Kernel-handle mode (the default when running as root on ext4). */
class LocalHandlesTest extends LocalFsTestSupport {

    @Test
    void handleFormat() {
        assumeTrue(fs.handleKind() == LocalFilesystem.HandleKind.KERNEL);
        FileHandle f = createFile(fs.root(), "f");
        byte[] b = f.bytes();
        assertThat(b[0]).isEqualTo((byte) 0xCE);
        assertThat(b[1]).isEqualTo((byte) 1);
        int n = b[10] & 0xff;
        assertThat(b).hasSize(11 + n + 8);
        assertThat(b.length).isLessThanOrEqualTo(FileHandle.MAX_BYTES);
        // ext4: FILEID_INO32_GEN, 8 bytes starting with the inode number (little-endian)
        assertThat(n).isEqualTo(8);
        long ino = fs.getattr(ROOT, f).fileId();
        long fromHandle = (b[11] & 0xff) | (b[12] & 0xff) << 8 | (b[13] & 0xff) << 16 | (long) (b[14] & 0xff) << 24;
        assertThat(fromHandle).isEqualTo(ino);
    }

    @Test
    void forgedAndForeignHandlesAreBad() throws Exception {
        FileHandle f = createFile(fs.root(), "f");
        byte[] b = f.bytes();
        for (int i = 0; i < b.length; i++) {
            byte[] c = b.clone();
            c[i] ^= 0x10;
            FileHandle forged = new FileHandle(c);
            assertThat(errorOf(() -> fs.getattr(ROOT, forged))).as("byte %d flipped", i).isEqualTo(FsError.BADHANDLE);
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 100; i++) {
            byte[] r = new byte[1 + rnd.nextInt(FileHandle.MAX_BYTES)];
            rnd.nextBytes(r);
            if (i % 2 == 0 && r.length > 2) {
                r[0] = (byte) 0xCE;
                r[1] = 1;
            }
            assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(r)))).isEqualTo(FsError.BADHANDLE);
        }
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 1);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(truncated)))).isEqualTo(FsError.BADHANDLE);
        // a handle of another export, same secret, same file system
        Path other = Files.createDirectory(tmp.resolve("other"));
        try (LocalFilesystem o = new LocalFilesystem(other, options())) {
            FileHandle foreign = o.create(ROOT, o.root(), "x", org.cephgw.fsal.CreateHow.GUARDED, org.cephgw.fsal.SetAttributes.NONE).handle();
            assertThat(errorOf(() -> fs.getattr(ROOT, foreign))).isEqualTo(FsError.BADHANDLE);
            assertThat(errorOf(() -> fs.getattr(ROOT, o.root()))).isEqualTo(FsError.BADHANDLE);
            assertThat(errorOf(() -> o.getattr(ROOT, f))).isEqualTo(FsError.BADHANDLE);
        }
        // the same export with another secret does not accept this one's handles
        fs.close();
        fs = new LocalFilesystem(export, options().withHandleSecret("another secret"));
        assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.BADHANDLE);
    }

    @Test
    void aDirectoryMovedOutOfTheExportIsStale() throws Exception {
        assumeTrue(fs.handleKind() == LocalFilesystem.HandleKind.KERNEL);
        FileHandle d = mkdir(fs.root(), "d");
        FileHandle inner = mkdir(d, "inner");
        reopen();
        Files.move(export.resolve("d"), tmp.resolve("outside"));
        assertThat(errorOf(() -> fs.getattr(ROOT, d))).isEqualTo(FsError.STALE);
        assertThat(errorOf(() -> fs.readdir(ROOT, inner, 0, 10))).isEqualTo(FsError.STALE);
        // moved back, it is reachable again
        Files.move(tmp.resolve("outside"), export.resolve("d2"));
        assertThat(fs.getattr(ROOT, inner).isDirectory()).isTrue();
    }
}
