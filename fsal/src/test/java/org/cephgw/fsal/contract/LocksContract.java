package org.cephgw.fsal.contract;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.Filesystem.ByteRangeLocker;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.IoHandle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Filesystem#locker()}: POSIX byte-range locks held in the back end for 64-bit owners.
 * Owners conflict with each other and with the locks of another client of the same export.
 */
public abstract class LocksContract extends BackendContract {
    protected static final long TO_EOF = -1L;

    protected ByteRangeLocker locker() {
        return fs.locker().orElseThrow();
    }

    @Test
    void ownersConflictWithEachOther() {
        ByteRangeLocker l = locker();
        FileHandle f = createFile(fs.root(), "f", new byte[1000]);
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = fs.open(ROOT, f, Access.READ | Access.WRITE)) {
            assertThat(l.tryLock(a, 1, true, 0, 100)).isTrue();
            // another owner, through the same handle or another one
            assertThat(l.tryLock(a, 2, true, 50, 10)).isFalse();
            assertThat(l.tryLock(b, 3, false, 99, 1)).isFalse();
            assertThat(l.test(b, 3, false, 0, TO_EOF)).isEqualTo(new ByteRangeLocker.Conflict(true, 0, 100));
            assertThat(l.test(a, 1, true, 0, TO_EOF)).as("own locks never conflict").isNull();
            assertThat(l.tryLock(a, 2, true, 100, 100)).as("right next to it").isTrue();
            // the owner's own locks merge, upgrade and downgrade
            assertThat(l.tryLock(a, 1, false, 0, 100)).isTrue();
            assertThat(l.tryLock(b, 3, false, 10, 10)).as("read locks share").isTrue();
            assertThat(l.tryLock(a, 1, true, 0, 100)).as("no upgrade over another's read lock").isFalse();
            assertThat(l.test(a, 1, true, 0, 100)).isEqualTo(new ByteRangeLocker.Conflict(false, 10, 10));
            l.unlock(b, 3, 0, TO_EOF);
            assertThat(l.tryLock(a, 1, true, 0, 100)).isTrue();
            // unlocking the middle splits the range
            l.unlock(a, 1, 40, 10);
            assertThat(l.tryLock(b, 3, true, 40, 10)).isTrue();
            assertThat(l.tryLock(b, 3, true, 39, 1)).isFalse();
            assertThat(l.tryLock(b, 3, true, 50, 1)).isFalse();
            // to the end of the file, also when the range reaches past 2^63-1
            l.unlock(b, 3, 0, TO_EOF);
            l.unlock(a, 2, 0, TO_EOF);
            assertThat(l.tryLock(a, 2, true, 1000, Long.MAX_VALUE)).isTrue();
            assertThat(l.test(b, 3, false, 1L << 40, 1)).isEqualTo(new ByteRangeLocker.Conflict(true, 1000, TO_EOF));
            assertThat(l.tryLock(b, 3, false, 1L << 50, 1)).isFalse();
            // an owner that never locked holds nothing to unlock; a test without any lock of its own sees all
            l.unlock(b, 99, 0, TO_EOF);
            ByteRangeLocker.Conflict any = l.test(b, 99, false, 0, TO_EOF);
            assertThat(any).isNotNull();
            assertThat(any.write()).isTrue();
        }
    }

    /** The gateway's view against a second, independent client of the export (another gateway node). */
    @Test
    void locksConflictWithAnotherClient() {
        FileHandle f = createFile(fs.root(), "f", new byte[1000]);
        Filesystem node2 = fixture.secondClient();
        ByteRangeLocker mine = locker();
        ByteRangeLocker theirs = node2.locker().orElseThrow();
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = node2.open(ROOT, f, Access.READ | Access.WRITE)) {
            assertThat(mine.tryLock(a, 7, true, 0, 100)).isTrue();
            assertThat(theirs.tryLock(b, 7, false, 99, 1)).as("same owner id, other client").isFalse();
            assertThat(theirs.test(b, 7, false, 0, TO_EOF)).isEqualTo(new ByteRangeLocker.Conflict(true, 0, 100));
            assertThat(mine.test(a, 7, true, 0, TO_EOF)).as("own locks never conflict").isNull();
            assertThat(mine.tryLock(a, 8, false, 0, 1)).as("another owner of this client").isFalse();
            assertThat(theirs.tryLock(b, 9, false, 100, TO_EOF)).isTrue();
            assertThat(mine.tryLock(a, 7, true, 0, TO_EOF)).as("no upgrade over the other's read lock").isFalse();
            assertThat(mine.test(a, 7, true, 0, TO_EOF)).isEqualTo(new ByteRangeLocker.Conflict(false, 100, TO_EOF));
            // downgrade, then the other client's reader shares it
            assertThat(mine.tryLock(a, 7, false, 0, 100)).isTrue();
            assertThat(theirs.tryLock(b, 9, false, 0, 100)).isTrue();
            theirs.release(b, 9);
            assertThat(mine.tryLock(a, 7, true, 0, TO_EOF)).isTrue();
            mine.unlock(a, 7, 50, 10);
            assertThat(theirs.tryLock(b, 9, true, 50, 10)).as("the unlocked middle").isTrue();
            assertThat(theirs.tryLock(b, 9, true, 49, 1)).isFalse();
            mine.release(a, 7);
            assertThat(theirs.tryLock(b, 9, true, 0, TO_EOF)).isTrue();
            assertThat(errorOf(() -> mine.tryLock(a, 7, true, 1L << 63, 1))).isEqualTo(FsError.INVAL);
        }
        // closing a handle drops what was locked through it
        try (IoHandle a = fs.open(ROOT, f, Access.READ | Access.WRITE);
             IoHandle b = node2.open(ROOT, f, Access.READ | Access.WRITE)) {
            assertThat(mine.tryLock(a, 7, true, 0, TO_EOF)).isTrue();
            a.close();
            assertThat(theirs.tryLock(b, 9, true, 0, TO_EOF)).isTrue();
        }
    }

    @Test
    void rangesAndModesTheBackEndCannotTake() {
        ByteRangeLocker l = locker();
        FileHandle f = createFile(fs.root(), "f");
        try (IoHandle ro = fs.open(ROOT, f, Access.READ)) {
            assertThat(errorOf(() -> l.tryLock(ro, 1, false, 1L << 63, 1))).isEqualTo(FsError.INVAL);
            assertThat(errorOf(() -> l.tryLock(ro, 1, false, 0, 0))).isEqualTo(FsError.INVAL);
            // POSIX: EBADF; the gateway answers NFS4ERR_OPENMODE (RFC 8881 18.10.3)
            assertThat(errorOf(() -> l.tryLock(ro, 1, true, 0, 1))).as("a write lock needs WRITE access")
                    .isEqualTo(FsError.ACCES);
            assertThat(l.tryLock(ro, 1, false, 0, 1)).isTrue();
        }
        Filesystem other = fixture.secondClient();
        try (IoHandle foreign = other.open(ROOT, f, Access.READ)) {
            assertThat(errorOf(() -> l.tryLock(foreign, 1, false, 0, 1))).as("a handle of another back end").isEqualTo(FsError.INVAL);
        }
        IoHandle closed = fs.open(ROOT, f, Access.READ);
        closed.close();
        assertThat(errorOf(() -> l.tryLock(closed, 1, false, 0, 1))).isEqualTo(FsError.INVAL);
        assertThat(fs.openHandles()).isZero();
    }
}
