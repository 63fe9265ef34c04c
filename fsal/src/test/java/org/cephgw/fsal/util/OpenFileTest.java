package org.cephgw.fsal.util;

import java.nio.ByteBuffer;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle.Stability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenFileTest {

    static FsError errorOf(Runnable r) {
        try {
            r.run();
        } catch (FsException e) {
            return e.error();
        }
        throw new AssertionError("no FsException");
    }

    /** An open file over a counted resource; reads take a count as the back ends' calls do. */
    static final class Fake extends OpenFile {
        final RefCountedTest.Resource open;

        Fake(int mask, RefCountedTest.Resource open) {
            super(new FileHandle(new byte[] {1}), mask, open);
            this.open = open;
        }

        @Override
        public Filesystem.ReadResult read(long offset, int count) {
            need(Filesystem.Access.READ, "read");
            checkRead(offset, count);
            acquire();
            try {
                open.use();
                return new Filesystem.ReadResult(ByteBuffer.allocate(0), true);
            } finally {
                release();
            }
        }

        @Override
        public int write(long offset, ByteBuffer data, Stability stability) {
            need(Filesystem.Access.WRITE, "write");
            checkWrite(offset);
            return 0;
        }

        @Override
        public void commit(long offset, long length) {
        }

        @Override
        public void allocate(long offset, long length) {
            checkRange("allocate", offset, length);
        }

        @Override
        public void deallocate(long offset, long length) {
            checkRange("deallocate", offset, length);
        }

        @Override
        public long seek(long offset, boolean data) {
            checkSeek(offset);
            return -1;
        }

        @Override
        public void close() {
            if (markClosed()) {
                release();
            }
        }
    }

    @Test
    void accessIsCheckedAgainstTheMask() {
        Fake ro = new Fake(Filesystem.Access.READ, new RefCountedTest.Resource());
        assertThat(ro.accessMask()).isEqualTo(Filesystem.Access.READ);
        assertThat(ro.file()).isEqualTo(new FileHandle(new byte[] {1}));
        assertThat(errorOf(() -> ro.write(0, ByteBuffer.allocate(1), Stability.UNSTABLE))).isEqualTo(FsError.ACCES);
        ro.read(0, 1);
        Fake wo = new Fake(Filesystem.Access.WRITE, new RefCountedTest.Resource());
        assertThat(errorOf(() -> wo.read(0, 1))).isEqualTo(FsError.ACCES);
        // the copy through read and write needs both, even for nothing to copy
        assertThat(errorOf(() -> wo.copyTo(0, ro, 0, 0))).isEqualTo(FsError.ACCES);
        assertThat(errorOf(() -> ro.copyTo(0, ro, 0, 0))).isEqualTo(FsError.ACCES);
        assertThat(ro.copyTo(0, wo, 0, 0)).isZero();
    }

    @Test
    void argumentsAreCheckedAlikeForEveryBackEnd() {
        assertThat(errorOf(() -> OpenFile.checkRead(-1, 1))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkRead(0, -1))).isEqualTo(FsError.INVAL);
        OpenFile.checkRead(Long.MAX_VALUE, 0);
        assertThat(errorOf(() -> OpenFile.checkWrite(-1))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkSeek(-1))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkRange("allocate", -1, 10))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkRange("allocate", 0, 0))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkRange("allocate", 0, -5))).isEqualTo(FsError.INVAL);
        assertThat(errorOf(() -> OpenFile.checkRange("allocate", Long.MAX_VALUE, 1))).isEqualTo(FsError.FBIG);
        OpenFile.checkRange("allocate", Long.MAX_VALUE - 1, 1); // ends at 2^63-1
    }

    @Test
    void closingTwiceGivesTheCountBackOnceAndCallsAfterwardsAreInval() {
        RefCountedTest.Resource r = new RefCountedTest.Resource();
        Fake f = new Fake(Filesystem.Access.READ, r);
        f.read(0, 1);
        assertThat(r.references()).isEqualTo(1);
        f.close();
        f.close();
        assertThat(r.freed.get()).isEqualTo(1);
        assertThat(errorOf(() -> f.read(0, 1))).isEqualTo(FsError.INVAL);
    }

    @Test
    void aClosedHandleRefusesCallsEvenWhileAnotherCallStillHoldsTheFile() {
        RefCountedTest.Resource r = new RefCountedTest.Resource();
        Fake f = new Fake(Filesystem.Access.READ, r);
        assertThat(r.tryAcquire()).isTrue(); // a call in progress
        f.close();
        assertThat(r.freed.get()).isZero();
        assertThat(errorOf(() -> f.read(0, 1))).isEqualTo(FsError.INVAL);
        r.close(); // that call ends: now it is freed
        assertThat(r.freed.get()).isEqualTo(1);
    }
}
