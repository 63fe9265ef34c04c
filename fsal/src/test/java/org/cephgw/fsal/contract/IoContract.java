package org.cephgw.fsal.contract;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.IoHandle.Stability;
import org.cephgw.fsal.Stat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Filesystem#open} and {@link IoHandle}: reads, writes, the change attribute, fallocate, seek. */
public abstract class IoContract extends BackendContract {

    @Test
    void writeAndReadBackWithHeapAndDirectBuffers() {
        FileHandle f = createFile(fs.root(), "f");
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        try (IoHandle io = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            assertThat(fs.openHandles()).isEqualTo(1);
            assertThat(io.accessMask()).isEqualTo(Access.READ | Access.WRITE);
            assertThat(io.file()).isEqualTo(f);
            ByteBuffer heap = ByteBuffer.wrap(data, 0, 100_000);
            assertThat(io.write(0, heap, Stability.UNSTABLE)).isEqualTo(100_000);
            assertThat(heap.position()).isZero();
            ByteBuffer direct = ByteBuffer.allocateDirect(200_000);
            direct.put(data, 100_000, 200_000).flip();
            assertThat(io.write(100_000, direct, Stability.FILE_SYNC)).isEqualTo(200_000);
            assertThat(direct.position()).isZero();
            // a heap buffer with a non-zero position and array offset
            ByteBuffer sliced = ByteBuffer.wrap(data).position(50).slice().position(10).limit(20);
            io.write(300_000, sliced, Stability.DATA_SYNC);
            ByteBuffer readOnly = ByteBuffer.wrap(data, 0, 5).asReadOnlyBuffer();
            io.write(400_000, readOnly, Stability.UNSTABLE);
            assertThat(readOnly.position()).isZero();
            io.commit(0, 0);

            Filesystem.ReadResult all = io.read(0, 1 << 20);
            assertThat(all.eof()).isTrue();
            byte[] back = new byte[all.data().remaining()];
            all.data().get(back);
            assertThat(back).hasSize(400_005);
            assertThat(Arrays.copyOf(back, 300_000)).isEqualTo(data);
            assertThat(Arrays.copyOfRange(back, 300_000, 300_010)).isEqualTo(Arrays.copyOfRange(data, 60, 70));
            assertThat(Arrays.copyOfRange(back, 300_010, 400_000)).containsOnly(0);
            assertThat(Arrays.copyOfRange(back, 400_000, 400_005)).isEqualTo(Arrays.copyOf(data, 5));

            Filesystem.ReadResult mid = io.read(1000, 10);
            assertThat(mid.eof()).isFalse();
            assertThat(mid.data().remaining()).isEqualTo(10);
            Filesystem.ReadResult exact = io.read(400_000, 5);
            assertThat(exact.eof()).isTrue();
            assertThat(exact.data().remaining()).isEqualTo(5);
            Filesystem.ReadResult past = io.read(500_000, 10);
            assertThat(past.eof()).isTrue();
            assertThat(past.data().remaining()).isZero();
            assertThat(io.read(0, 5 << 20).data().remaining()).as("capped at maxRead").isEqualTo(400_005);
        }
        assertThat(fs.openHandles()).isZero();
        assertThat(fs.getattr(ROOT, f).size()).isEqualTo(400_005);
        // byte-identical outside the gateway
        byte[] outside = fixture.outside().read("f");
        assertThat(outside).hasSize(400_005);
        assertThat(Arrays.copyOf(outside, 300_000)).isEqualTo(data);
    }

    @Test
    void aFileCreatedForReadingIsOpenForReadingOnly() {
        Filesystem.CreatedOpen made = fs.createOpen(ROOT, fs.root(), "r", org.cephgw.fsal.CreateHow.GUARDED,
                org.cephgw.fsal.SetAttributes.NONE, Access.READ);
        assertThat(fs.openHandles()).isEqualTo(1);
        try (IoHandle io = made.io()) {
            assertThat(io.accessMask()).isEqualTo(Access.READ);
            assertThat(io.read(0, 10).eof()).isTrue();
            assertThat(errorOf(() -> io.write(0, ByteBuffer.wrap(new byte[1]), Stability.UNSTABLE))).isEqualTo(FsError.ACCES);
        }
        assertThat(fs.openHandles()).isZero();
        assertThat(fs.getattr(ROOT, made.created().handle()).size()).isZero();
    }

    @Test
    void writtenOutsideTheGatewayIsReadBack() {
        FileHandle f = createFile(fs.root(), "f");
        byte[] data = new byte[1 << 20];
        new Random(2).nextBytes(data);
        fixture.outside().write("f", 0, data);
        assertThat(readAll(f)).isEqualTo(data);
        assertThat(fs.getattr(ROOT, f).size()).isEqualTo(1 << 20);
    }

    @Test
    void openModesAndTypes() {
        FileHandle f = createFile(fs.root(), "f", new byte[] {1});
        try (IoHandle r = fs.open(ROOT, f, Access.READ)) {
            assertThat(errorOf(() -> r.write(0, ByteBuffer.wrap(new byte[1]), Stability.UNSTABLE))).isEqualTo(FsError.ACCES);
            assertThat(errorOf(() -> r.allocate(0, 10))).isEqualTo(FsError.ACCES);
        }
        try (IoHandle w = fs.open(ROOT, f, Access.WRITE)) {
            assertThat(errorOf(() -> w.read(0, 1))).isEqualTo(FsError.ACCES);
        }
        assertThat(errorOf(() -> fs.open(ROOT, fs.root(), Access.READ))).isEqualTo(FsError.ISDIR);
        assertThat(errorOf(() -> fs.open(ROOT, f, 0))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> fs.open(ROOT, f, Access.EXECUTE))).isEqualTo(FsError.INVAL);
        IoHandle h = fs.open(ROOT, f, Access.READ);
        h.close();
        h.close(); // idempotent
        assertThat(fs.openHandles()).isZero();
        assertThat(errorOf(() -> h.read(0, 1))).isEqualTo(FsError.INVAL);
        // a file removed while open stays readable through the open handle
        try (IoHandle r = fs.open(ROOT, f, Access.READ)) {
            fs.remove(ROOT, fs.root(), "f");
            assertThat(r.read(0, 10).data().remaining()).isEqualTo(1);
            assertThat(errorOf(() -> fs.getattr(ROOT, f))).isEqualTo(FsError.STALE);
        }
    }

    @Test
    void changeAttributeStrictlyIncreasesOverRapidWrites() {
        FileHandle f = createFile(fs.root(), "f");
        long last = fs.getattr(ROOT, f).change();
        try (IoHandle io = fs.open(ROOT, f, Access.WRITE)) {
            for (int i = 0; i < 50; i++) {
                io.write(i, ByteBuffer.wrap(new byte[] {(byte) i}), Stability.UNSTABLE);
                Stat st = fs.getattr(ROOT, f);
                assertThat(st.change()).as("write %d", i).isGreaterThan(last);
                assertThat(st.size()).isEqualTo(i + 1);
                last = st.change();
                // without a modification it stays put
                assertThat(fs.getattr(ROOT, f).change()).isEqualTo(last);
            }
        }
        for (int i = 0; i < 50; i++) {
            Stat st = fs.setattr(ROOT, f, mode(0600 | (i & 1) * 040));
            assertThat(st.change()).isGreaterThan(last);
            assertThat(fs.getattr(ROOT, f).change()).isEqualTo(st.change());
            last = st.change();
        }
        if (fixture.changeAttributeIsShared()) {
            // the value is the file system's: the same through another client, and it survives a restart
            assertThat(fixture.secondClient().getattr(ROOT, f).change()).isEqualTo(last);
            reopen();
            assertThat(fs.getattr(ROOT, f).change()).isEqualTo(last);
        }
    }

    @Test
    void changeAttributeNoticesModificationsOutsideTheGateway() throws Exception {
        FileHandle f = createFile(fs.root(), "f");
        long before = fs.getattr(ROOT, f).change();
        Thread.sleep(20); // more than a ctime tick
        fixture.outside().write("f", 0, new byte[] {1, 2});
        Stat after = fs.getattr(ROOT, f);
        assertThat(after.change()).isGreaterThan(before);
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void fallocatePunchHoleAndSeek() {
        FileHandle f = createFile(fs.root(), "f");
        int mib = 1 << 20;
        try (IoHandle io = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            byte[] ones = new byte[mib];
            Arrays.fill(ones, (byte) 1);
            io.write(0, ByteBuffer.wrap(ones), Stability.FILE_SYNC);
            Stat full = fs.getattr(ROOT, f);

            io.deallocate(256 * 1024, 256 * 1024);
            Stat holed = fs.getattr(ROOT, f);
            assertThat(holed.size()).isEqualTo(mib);
            assertThat(holed.change()).isGreaterThan(full.change());
            Filesystem.ReadResult r = io.read(256 * 1024, 256 * 1024);
            byte[] hole = new byte[r.data().remaining()];
            r.data().get(hole);
            assertThat(hole).hasSize(256 * 1024).containsOnly(0);
            assertThat(io.read(512 * 1024, 1).data().get(0)).isEqualTo((byte) 1);
            assertThat(io.read(256 * 1024 - 1, 1).data().get(0)).isEqualTo((byte) 1);

            assertThat(io.seek(0, true)).isZero();
            assertThat(io.seek(mib + 10, true)).isEqualTo(-1);
            if (fixture.seekFindsHoles()) {
                assertThat(io.seek(0, false)).isEqualTo(256 * 1024);
                assertThat(io.seek(256 * 1024, true)).isEqualTo(512 * 1024);
                assertThat(io.seek(600 * 1024, false)).isEqualTo(mib); // the implicit hole at the end
            } else {
                // the whole file is data, the only hole is at the end
                assertThat(io.seek(300 * 1024, true)).isEqualTo(300 * 1024);
                assertThat(io.seek(0, false)).isEqualTo(mib);
                assertThat(io.seek(mib, false)).isEqualTo(-1);
            }
            if (fixture.allocateReservesSpace()) {
                assertThat(full.spaceUsed()).isGreaterThanOrEqualTo(mib);
                assertThat(holed.spaceUsed()).isLessThanOrEqualTo(full.spaceUsed() - 256 * 1024);
            }

            io.allocate(mib, mib);
            Stat grown = fs.getattr(ROOT, f);
            assertThat(grown.size()).isEqualTo(2L * mib);
            if (fixture.allocateReservesSpace()) {
                assertThat(grown.spaceUsed()).isGreaterThanOrEqualTo(holed.spaceUsed() + mib);
            }
            io.allocate(0, 10); // inside the file: the size stays
            assertThat(fs.getattr(ROOT, f).size()).isEqualTo(2L * mib);
            assertThat(errorOf(() -> io.allocate(0, 0))).isEqualTo(FsError.INVAL);
            assertThat(errorOf(() -> io.deallocate(-1, 10))).isEqualTo(FsError.INVAL);
            assertThat(errorOf(() -> io.allocate(Long.MAX_VALUE, 10))).as("past the largest file: RFC 7862 15.1.3").isEqualTo(FsError.FBIG);
        }
        try (IoHandle ro = fs.open(ROOT, f, Access.READ)) {
            assertThat(errorOf(() -> ro.deallocate(0, 4096))).isEqualTo(FsError.ACCES);
        }
        // the outside sees the hole
        byte[] outside = fixture.outside().read("f");
        assertThat(outside[256 * 1024]).isZero();
        assertThat(outside[0]).isEqualTo((byte) 1);
    }

    @Test
    void handlesAreThreadSafeUnderConcurrentUse() throws Exception {
        int threads = 8;
        FileHandle[] files = new FileHandle[threads];
        for (int i = 0; i < threads; i++) {
            files[i] = createFile(fs.root(), "t" + i);
        }
        Thread[] ts = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < threads; i++) {
            int n = i;
            ts[i] = new Thread(() -> {
                try {
                    for (int k = 0; k < 100; k++) {
                        try (IoHandle io = fs.open(ROOT, files[n], Access.READ | Access.WRITE)) {
                            io.write(k * 4L, ByteBuffer.allocate(4).putInt(0, k), Stability.UNSTABLE);
                            assertThat(io.read(k * 4L, 4).data().getInt()).isEqualTo(k);
                        }
                        fs.getattr(ROOT, files[(n + k) % threads]);
                        fs.lookup(ROOT, fs.root(), "t" + ((n + k) % threads));
                        fs.readdir(ROOT, fs.root(), 0, 3);
                    }
                } catch (Throwable t) {
                    synchronized (failure) {
                        failure[0] = t;
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failure[0]).isNull();
        assertThat(fs.openHandles()).isZero();
    }

    @Test
    void oneHandleSharedByThreadsWhileItIsClosed() throws Exception {
        FileHandle f = createFile(fs.root(), "f", new byte[4096]);
        for (int round = 0; round < 20; round++) {
            IoHandle io = fs.open(ROOT, f, Access.READ | Access.WRITE);
            Thread[] ts = new Thread[4];
            Throwable[] failure = new Throwable[1];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = new Thread(() -> {
                    for (int k = 0; k < 50; k++) {
                        try {
                            io.read(0, 4096);
                            io.write(0, ByteBuffer.wrap(new byte[16]), Stability.UNSTABLE);
                        } catch (FsException e) {
                            if (e.error() != FsError.INVAL) { // INVAL: closed under it
                                synchronized (failure) {
                                    failure[0] = e;
                                }
                            }
                        }
                    }
                });
                ts[i].start();
            }
            Thread.sleep(round % 3);
            io.close();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(failure[0]).isNull();
        }
        assertThat(fs.openHandles()).isZero();
    }
}
