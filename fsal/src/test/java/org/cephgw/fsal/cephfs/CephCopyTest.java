package org.cephgw.fsal.cephfs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IoHandle#copyTo} on CephFS (libcephfs 16.2 has no copy_file_range: read and write). */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephCopyTest extends CephFsTestSupport {

    private byte[] readWhole(FileHandle h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IoHandle io = fs.open(ROOT, h, Access.READ)) {
            for (long pos = 0; ; ) {
                Filesystem.ReadResult r = io.read(pos, 1 << 20);
                byte[] b = new byte[r.data().remaining()];
                r.data().get(b);
                out.write(b, 0, b.length);
                pos += b.length;
                if (r.eof() || b.length == 0) {
                    return out.toByteArray();
                }
            }
        }
    }

    @Test
    void copiesRangesThroughReadAndWrite() {
        byte[] data = new byte[(3 << 20) + 17];
        new Random(5).nextBytes(data);
        FileHandle src = createFile(fs.root(), "src", data);
        FileHandle dst = createFile(fs.root(), "dst");
        try (IoHandle in = fs.open(ROOT, src, Access.READ); IoHandle out = fs.open(ROOT, dst, Access.WRITE)) {
            assertThat(in.copyTo(0, out, 100, data.length)).isEqualTo(data.length);
            assertThat(in.copyTo(data.length - 10, out, 0, 1000)).isEqualTo(10);
            assertThat(in.copyTo(data.length, out, 0, 1000)).isZero();
            assertThat(errorOf(() -> out.copyTo(0, in, 0, 10))).isEqualTo(FsError.ACCES);
        }
        byte[] back = readWhole(dst);
        assertThat(back).hasSize(data.length + 100);
        assertThat(Arrays.copyOf(back, 10)).isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThat(Arrays.copyOfRange(back, 10, 100)).containsOnly(0);
        assertThat(Arrays.copyOfRange(back, 100, back.length)).isEqualTo(data);
    }
}
