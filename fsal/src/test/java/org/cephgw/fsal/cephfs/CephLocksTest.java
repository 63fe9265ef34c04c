package org.cephgw.fsal.cephfs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CephFilesystem's own lock calls (lock, unlock and test with the holder's pid, waiting locks, an
 * owner's locks routed through its first Fh); what the gateway uses, the ByteRangeLocker, is in
 * CephLocksContractTest.
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class CephLocksTest extends CephFsTestSupport {
    static final long TO_EOF = -1L;

    @Test
    void locksConflictWithAnotherCephClient() throws Exception {
        FileHandle f = createFile(fs.root(), "f", new byte[1000]);
        CephFilesystem node2 = secondClient(options());
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = node2.open(ROOT, f, Access.READ | Access.WRITE)) {
            fs.lock(a, 1, true, 0, 100, false);
            assertThat(errorOf(() -> node2.lock(b, 2, true, 50, 10, false))).isEqualTo(FsError.DENIED);
            assertThat(errorOf(() -> node2.lock(b, 2, false, 99, 1, false))).isEqualTo(FsError.DENIED);
            CephFilesystem.LockConflict c = node2.test(b, 2, false, 0, TO_EOF);
            assertThat(c).isNotNull();
            assertThat(c.write()).isTrue();
            assertThat(c.offset()).isZero();
            assertThat(c.length()).isEqualTo(100);
            node2.lock(b, 2, true, 100, 100, false); // next to it: fine
            assertThat(errorOf(() -> fs.lock(a, 1, false, 150, 1, false))).isEqualTo(FsError.DENIED);
            // read locks share
            fs.unlock(a, 1, 0, 100);
            fs.lock(a, 1, false, 0, 50, false);
            node2.lock(b, 2, false, 0, 50, false);
            assertThat(errorOf(() -> fs.lock(a, 3, true, 0, 1, false))).isEqualTo(FsError.DENIED);
            node2.unlock(b, 2, 0, TO_EOF);
            assertThat(node2.test(b, 2, true, 100, 100)).isNull();
            assertThat(fs.test(a, 1, true, 0, TO_EOF)).isNull(); // its own locks never conflict
            fs.lock(a, 1, true, 0, TO_EOF, false); // upgrade, to the end of the file
            assertThat(errorOf(() -> node2.lock(b, 2, false, 1L << 40, 1, false))).isEqualTo(FsError.DENIED);
            CephFilesystem.LockConflict toEnd = node2.test(b, 2, false, 5000, 1);
            assertThat(toEnd.length()).isEqualTo(TO_EOF);
        }
        // closing the handle released its owner's locks
        try (IoHandle b = node2.open(ROOT, f, Access.READ | Access.WRITE)) {
            node2.lock(b, 2, true, 0, TO_EOF, false);
            node2.unlock(b, 2, 0, TO_EOF);
        }
    }

    @Test
    void ownersOfOneClientConflictToo() {
        FileHandle f = createFile(fs.root(), "f");
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            fs.lock(a, 10, true, 0, 10, false);
            assertThat(errorOf(() -> fs.lock(b, 11, true, 5, 10, false))).isEqualTo(FsError.DENIED);
            assertThat(errorOf(() -> fs.lock(a, 11, true, 5, 10, false))).isEqualTo(FsError.DENIED);
            // the same owner through another handle: merged (the back end routes it through the first Fh)
            fs.lock(b, 10, true, 5, 10, false);
            // unlocking the middle splits the range
            fs.unlock(a, 10, 4, 2);
            fs.lock(b, 11, true, 4, 2, false);
            assertThat(errorOf(() -> fs.lock(b, 11, true, 3, 1, false))).isEqualTo(FsError.DENIED);
            assertThat(errorOf(() -> fs.lock(b, 11, true, 6, 1, false))).isEqualTo(FsError.DENIED);
            assertThat(errorOf(() -> fs.lock(a, 10, true, 0, 0, false))).isEqualTo(FsError.INVAL);
            assertThat(errorOf(() -> fs.lock(a, 10, true, -5, 1, false))).isEqualTo(FsError.INVAL);
        }
    }

    @Test
    void aBlockingLockWaitsForTheOtherClient() throws Exception {
        FileHandle f = createFile(fs.root(), "f");
        CephFilesystem node2 = secondClient(options());
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = node2.open(ROOT, f, Access.READ | Access.WRITE)) {
            fs.lock(a, 1, true, 0, TO_EOF, false);
            long t0 = System.nanoTime();
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                node2.lock(b, 2, true, 0, 10, true);
                return System.nanoTime();
            });
            Thread.sleep(500);
            assertThat(waiter).isNotDone();
            fs.unlock(a, 1, 0, TO_EOF);
            long granted = waiter.get(20, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(granted - t0)).isGreaterThanOrEqualTo(500);
            assertThat(errorOf(() -> fs.lock(a, 1, false, 0, 1, false))).isEqualTo(FsError.DENIED);
            node2.unlock(b, 2, 0, 10);
        }
    }
}
