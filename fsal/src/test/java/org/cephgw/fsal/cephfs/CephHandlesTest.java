package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.SetAttributes;
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
    void forgedHandlesOfThisFormat() {
        FileHandle f = createFile(fs.root(), "f");
        byte[] b = f.bytes();
        // another export id (bytes 0-1) or file system id (bytes 18-25)
        for (int i : new int[] {0, 1, 18, 19, 24, 25}) {
            byte[] c = b.clone();
            c[i] ^= 0x10;
            assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(c)))).as("byte %d flipped", i).isEqualTo(FsError.BADHANDLE);
        }
        byte[] zeroIno = b.clone();
        java.util.Arrays.fill(zeroIno, 2, 10, (byte) 0);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(zeroIno)))).isEqualTo(FsError.BADHANDLE);
        // an inode number that does not exist
        byte[] nowhere = b.clone();
        ByteBuffer.wrap(nowhere).order(ByteOrder.LITTLE_ENDIAN).putLong(2, 0x7_0000_0000_00L);
        assertThat(errorOf(() -> fs.getattr(ROOT, new FileHandle(nowhere)))).isEqualTo(FsError.STALE);
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
}
