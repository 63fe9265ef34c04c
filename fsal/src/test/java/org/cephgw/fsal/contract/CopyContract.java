package org.cephgw.fsal.contract;

import java.util.Arrays;
import java.util.Random;

import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IoHandle#copyTo}: inside one back end (copy_file_range or read and write), and across two. */
public abstract class CopyContract extends BackendContract {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void copiesRangesInsideTheExport() {
        // more than one read's worth, so that a fallback has to loop too
        byte[] data = random((3 << 20) + 17, 1);
        FileHandle src = createFile(fs.root(), "src", data);
        FileHandle dst = createFile(fs.root(), "dst");
        long changeBefore = fs.getattr(ROOT, dst).change();
        try (IoHandle in = fs.open(ROOT, src, Access.READ); IoHandle out = fs.open(ROOT, dst, Access.WRITE)) {
            assertThat(in.copyTo(0, out, 100, data.length)).isEqualTo(data.length);
            // a count past the source's end copies what there is
            assertThat(in.copyTo(data.length - 10, out, 0, 1000)).isEqualTo(10);
            assertThat(in.copyTo(data.length, out, 0, 1000)).isZero();
            assertThat(in.copyTo(0, out, 0, 0)).isZero();
        }
        byte[] back = readAll(dst);
        assertThat(back).hasSize(data.length + 100);
        assertThat(Arrays.copyOf(back, 10)).isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThat(Arrays.copyOfRange(back, 10, 100)).containsOnly(0);
        assertThat(Arrays.copyOfRange(back, 100, back.length)).isEqualTo(data);
        assertThat(fixture.outside().read("dst")).isEqualTo(back);
        assertThat(fs.getattr(ROOT, dst).change()).as("the destination's change attribute").isNotEqualTo(changeBefore);
        assertThat(fs.openHandles()).isZero();
    }

    @Test
    void holesArriveAsZeros() {
        FileHandle src = createFile(fs.root(), "sparse");
        byte[] block = random(4096, 2);
        fixture.outside().write("sparse", 1 << 20, block);
        fixture.outside().truncate("sparse", 2 << 20);
        FileHandle dst = createFile(fs.root(), "dense");
        try (IoHandle in = fs.open(ROOT, src, Access.READ); IoHandle out = fs.open(ROOT, dst, Access.READ | Access.WRITE)) {
            assertThat(in.copyTo(0, out, 0, 2 << 20)).isEqualTo(2 << 20);
        }
        byte[] dense = readAll(dst);
        assertThat(dense).isEqualTo(readAll(src));
        assertThat(Arrays.copyOfRange(dense, 1 << 20, (1 << 20) + 4096)).isEqualTo(block);
    }

    @Test
    void needsReadingAndWritingHandles() {
        FileHandle src = createFile(fs.root(), "a", random(100, 3));
        FileHandle dst = createFile(fs.root(), "b");
        try (IoHandle wo = fs.open(ROOT, src, Access.WRITE); IoHandle ro = fs.open(ROOT, dst, Access.READ);
             IoHandle rw = fs.open(ROOT, dst, Access.READ | Access.WRITE)) {
            assertThat(errorOf(() -> wo.copyTo(0, rw, 0, 10))).isEqualTo(FsError.ACCES);
            assertThat(errorOf(() -> rw.copyTo(0, ro, 0, 10))).isEqualTo(FsError.ACCES);
            assertThat(errorOf(() -> rw.copyTo(-1, rw, 0, 10))).isEqualTo(FsError.INVAL);
        }
    }

    @Test
    void copiesToAnotherBackEndThroughReadAndWrite() {
        byte[] data = random((1 << 20) + 5000, 4);
        FileHandle src = createFile(fs.root(), "src", data);
        Filesystem other = fixture.otherExport();
        FileHandle dst = other.create(ROOT, other.root(), "dst", CreateHow.GUARDED, SetAttributes.NONE).handle();
        try (IoHandle in = fs.open(ROOT, src, Access.READ); IoHandle out = other.open(ROOT, dst, Access.WRITE)) {
            assertThat(in.copyTo(10, out, 0, data.length)).isEqualTo(data.length - 10);
        }
        assertThat(readAll(other, dst)).isEqualTo(Arrays.copyOfRange(data, 10, data.length));
    }
}
