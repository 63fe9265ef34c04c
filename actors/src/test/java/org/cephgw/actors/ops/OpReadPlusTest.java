package org.cephgw.actors.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.cephgw.actors.compound.OpException;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.COPY4args;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READ_PLUS4resok;
import org.cephgw.protocol.nfs4.ReadPlusContent4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** READ_PLUS's segments and COPY's range rules, without a gateway. */
class OpReadPlusTest {

    /** An in-memory file: data where {@code extents} (start, end pairs) say, holes elsewhere. */
    private static final class SparseFile implements IoHandle {
        final byte[] bytes;
        final long[] extents;
        final boolean seekable;

        SparseFile(int size, boolean seekable, long... extents) {
            this.bytes = new byte[size];
            this.extents = extents;
            this.seekable = seekable;
            for (int i = 0; i < extents.length; i += 2) {
                for (long p = extents[i]; p < extents[i + 1]; p++) {
                    bytes[(int) p] = (byte) (p % 251 + 1);
                }
            }
        }

        @Override
        public FileHandle file() {
            return new FileHandle(new byte[] {1});
        }

        @Override
        public int accessMask() {
            return Filesystem.Access.READ;
        }

        @Override
        public Filesystem.ReadResult read(long offset, int count) {
            int from = (int) Math.min(offset, bytes.length);
            int to = (int) Math.min((long) from + count, bytes.length);
            return new Filesystem.ReadResult(ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to)), to >= bytes.length);
        }

        @Override
        public int write(long offset, ByteBuffer data, Stability stability) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commit(long offset, long length) {
        }

        @Override
        public void allocate(long offset, long length) {
        }

        @Override
        public void deallocate(long offset, long length) {
        }

        @Override
        public long seek(long offset, boolean data) {
            if (!seekable) {
                throw new FsException(FsError.NOTSUPP, "no seek here");
            }
            if (offset >= bytes.length) {
                return -1;
            }
            for (int i = 0; i < extents.length; i += 2) {
                if (offset < extents[i + 1]) {
                    if (data) {
                        return Math.max(offset, extents[i]);
                    }
                    return offset < extents[i] ? offset : extents[i + 1];
                }
            }
            return data ? -1 : offset;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] join(long from, READ_PLUS4resok r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pos = from;
        for (ReadPlusContent4 c : r.contents()) {
            if (c instanceof ReadPlusContent4.Hole h) {
                assertThat(h.offset()).isEqualTo(pos);
                out.writeBytes(new byte[(int) h.length()]);
                pos += h.length();
            } else {
                ReadPlusContent4.Data d = (ReadPlusContent4.Data) c;
                assertThat(d.offset()).isEqualTo(pos);
                byte[] b = new byte[d.data().remaining()];
                d.data().duplicate().get(b);
                out.writeBytes(b);
                pos += b.length;
            }
        }
        return out.toByteArray();
    }

    private static int encodedSize(READ_PLUS4resok r) {
        XdrEncoder x = new XdrEncoder();
        r.encode(x);
        return x.position();
    }

    @Test
    void holesAndDataClippedToTheRange() {
        SparseFile f = new SparseFile(40_000, true, 0, 4096, 16_384, 20_480);
        READ_PLUS4resok all = OpReadPlus.segments(f, 0, 1 << 20, f.bytes.length, Integer.MAX_VALUE);
        assertThat(all.eof()).isTrue();
        assertThat(all.contents()).hasSize(4);
        assertThat(all.contents().get(1)).isEqualTo(new ReadPlusContent4.Hole(4096, 16_384 - 4096));
        assertThat(all.contents().get(3)).isEqualTo(new ReadPlusContent4.Hole(20_480, 40_000 - 20_480));
        assertThat(join(0, all)).isEqualTo(f.bytes);

        READ_PLUS4resok mid = OpReadPlus.segments(f, 2000, 16_000, f.bytes.length, Integer.MAX_VALUE);
        assertThat(mid.eof()).isFalse();
        assertThat(mid.contents()).hasSize(3);
        assertThat(mid.contents().get(2)).isInstanceOf(ReadPlusContent4.Data.class);
        assertThat(join(2000, mid)).isEqualTo(Arrays.copyOfRange(f.bytes, 2000, 18_000));

        assertThat(OpReadPlus.segments(f, 40_000, 100, 40_000, Integer.MAX_VALUE))
                .isEqualTo(new READ_PLUS4resok(true, List.of()));
        assertThat(OpReadPlus.segments(f, -5, 100, 40_000, Integer.MAX_VALUE).eof()).as("offsets past 2^63").isTrue();
    }

    @Test
    void withoutSeekEverythingIsData() {
        SparseFile f = new SparseFile(10_000, false, 0, 100, 5000, 6000);
        READ_PLUS4resok r = OpReadPlus.segments(f, 50, 1 << 20, f.bytes.length, Integer.MAX_VALUE);
        assertThat(r.eof()).isTrue();
        assertThat(r.contents()).hasSize(1).allMatch(c -> c instanceof ReadPlusContent4.Data);
        assertThat(join(50, r)).isEqualTo(Arrays.copyOfRange(f.bytes, 50, 10_000));
    }

    @Test
    void segmentsStopAtTheReplyBudget() {
        // 100 bytes of data every 4 KiB: many segments for few bytes
        long[] ext = new long[100];
        for (int i = 0; i < 50; i++) {
            ext[2 * i] = i * 4096L;
            ext[2 * i + 1] = i * 4096L + 101;
        }
        SparseFile f = new SparseFile(50 * 4096, true, ext);
        for (int budget : new int[] {1000, 1001, 1002, 1003, 2048, 333}) {
            long pos = 0;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int calls = 0; ; calls++) {
                assertThat(calls).isLessThan(10_000);
                READ_PLUS4resok r = OpReadPlus.segments(f, pos, 1 << 20, f.bytes.length, budget);
                assertThat(encodedSize(r)).as("budget %d", budget).isLessThanOrEqualTo(budget);
                byte[] part = join(pos, r);
                all.writeBytes(part);
                pos += part.length;
                if (r.eof()) {
                    break;
                }
                assertThat(part).as("progress").isNotEmpty();
            }
            assertThat(all.toByteArray()).isEqualTo(f.bytes);
        }
    }

    // ------------------------------------------------------------------ COPY's amount

    private static COPY4args copy(long srcOffset, long dstOffset, long count) {
        return new COPY4args(Stateid4.ANONYMOUS, Stateid4.ANONYMOUS, srcOffset, dstOffset, count, false, true, List.of());
    }

    private static int failure(Runnable r) {
        int[] s = new int[1];
        assertThatThrownBy(r::run).isInstanceOfSatisfying(OpException.class, e -> s[0] = e.status());
        return s[0];
    }

    @Test
    void copyAmounts() {
        assertThat(OpCopy.amount(copy(0, 0, 0), 1000, false)).isEqualTo(1000);
        assertThat(OpCopy.amount(copy(1000, 0, 0), 1000, false)).isZero();
        assertThat(OpCopy.amount(copy(10, 5, 990), 1000, false)).isEqualTo(990);
        assertThat(OpCopy.amount(copy(0, 0, 0), 1L << 40, false)).isEqualTo(OpCopy.MAX_COPY);
        assertThat(failure(() -> OpCopy.amount(copy(1001, 0, 0), 1000, false))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(failure(() -> OpCopy.amount(copy(10, 0, 991), 1000, false))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(failure(() -> OpCopy.amount(copy(10, 0, -1), 1000, false))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(failure(() -> OpCopy.amount(copy(-1, 0, 0), 1000, false))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(failure(() -> OpCopy.amount(copy(0, -1, 0), 1000, false))).isEqualTo(NfsStat4.NFS4ERR_FBIG);
        assertThat(failure(() -> OpCopy.amount(copy(0, Long.MAX_VALUE - 10, 0), 1000, false)))
                .isEqualTo(NfsStat4.NFS4ERR_FBIG);
        // inside one file the ranges must not overlap
        assertThat(failure(() -> OpCopy.amount(copy(0, 999, 0), 1000, true))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(failure(() -> OpCopy.amount(copy(400, 0, 0), 1000, true))).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(OpCopy.amount(copy(0, 1000, 0), 1000, true)).isEqualTo(1000);
        assertThat(OpCopy.amount(copy(500, 0, 500), 1000, true)).isEqualTo(500);
        assertThat(OpCopy.amount(copy(1000, 1000, 0), 1000, true)).as("nothing to copy").isZero();
    }
}
