package org.cephgw.protocol.xdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Opaque data spliced by reference ({@link XdrEncoder#writeOpaque(ByteBuffer)}) reads as if copied in. */
class XdrSpliceTest {

    private static ByteBuffer direct(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (i * 31 + seed));
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] gathered(XdrChain c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : c.buffers()) {
            out.writeBytes(bytes(b));
        }
        return out.toByteArray();
    }

    /**
     * Opaques of the given sizes, each between two ints, written as ByteBuffers (large ones
     * spliced), then cut at the mark taken before opaque {@code cutAt} (none: no cut), then a
     * status patched in front: the same bytes as the copying encoder gives.
     */
    @Property(tries = 200)
    void splicedMessagesAreTheBytesACopyingEncoderWrites(
            @ForAll @Size(max = 5) List<@IntRange(max = 70_000) Integer> sizes, @ForAll @IntRange(max = 6) int cutAt) {
        XdrEncoder spliced = new XdrEncoder(8);
        XdrEncoder copied = new XdrEncoder(8);
        spliced.writeInt(0);
        copied.writeInt(0);
        int mark = -1;
        for (int i = 0; i < sizes.size(); i++) {
            if (i == cutAt) {
                mark = spliced.position();
                assertThat(mark).isEqualTo(copied.position());
            }
            ByteBuffer data = direct(sizes.get(i), i);
            spliced.writeInt(i).writeOpaque(data).writeInt(-i);
            copied.writeInt(i).writeOpaque(bytes(data)).writeInt(-i);
            assertThat(data.position()).isZero();
        }
        if (mark >= 0) {
            spliced.truncate(mark);
            copied.truncate(mark);
            spliced.writeInt(99);
            copied.writeInt(99);
        }
        spliced.patchInt(0, 7);
        copied.patchInt(0, 7);

        byte[] expected = copied.toByteArray();
        assertThat(spliced.position()).isEqualTo(expected.length);
        assertThat(spliced.toByteArray()).isEqualTo(expected);
        XdrChain chain = spliced.toChain();
        assertThat(chain.length()).isEqualTo(expected.length);
        assertThat(gathered(chain)).isEqualTo(expected);
        assertThat(chain.toByteArray()).isEqualTo(expected);
        assertThat(new XdrDecoder(chain.toByteArray()).readInt()).isEqualTo(7);
    }

    @Test
    void onlyLargeDataIsSplicedAndPositionsInsideItAreRefused() {
        XdrEncoder x = new XdrEncoder();
        x.writeOpaque(direct(XdrEncoder.SPLICE_MIN - 4, 1));
        assertThat(x.toChain().isSpliced()).isFalse();

        XdrEncoder y = new XdrEncoder();
        y.writeOpaque(direct(XdrEncoder.SPLICE_MIN, 1));
        assertThatThrownBy(() -> y.patchInt(8, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(y::array).isInstanceOf(IllegalStateException.class);
        assertThat(y.toChain().isSpliced()).isTrue();
    }

    @Test
    void releasingAChainGivesItsPooledBuffersBackOnce() {
        BufferPool pool = BufferPool.SHARED;
        int before = pool.lent();
        ByteBuffer b = pool.take();
        ByteBuffer data = pool.data(b, XdrEncoder.SPLICE_MIN + 8);
        XdrChain c = new XdrEncoder().writeInt(1).writeOpaque(data).toChain();
        assertThat(pool.lent()).isEqualTo(before + 1);
        c.release();
        assertThat(pool.lent()).isEqualTo(before);
        c.release();
        assertThat(pool.lent()).isEqualTo(before);
    }

    @Test
    void aShortReadIsCopiedToTheHeapAndItsBufferGoesBack() {
        BufferPool pool = new BufferPool(1 << 16, 1);
        ByteBuffer b = pool.take();
        b.put(0, (byte) 42);
        ByteBuffer data = pool.data(b, 100);
        assertThat(data.isDirect()).isFalse();
        assertThat(data.remaining()).isEqualTo(100);
        assertThat(data.get(0)).isEqualTo((byte) 42);
        assertThat(pool.lent()).isZero();
        // given back, it is lent again; one the pool did not lend is ignored
        assertThat(pool.take()).isSameAs(b);
        pool.release(ByteBuffer.allocateDirect(1 << 16));
        assertThat(pool.lent()).isEqualTo(1);
        assertThat(pool.suits(XdrEncoder.SPLICE_MIN)).isTrue();
        assertThat(pool.suits(XdrEncoder.SPLICE_MIN - 1)).isFalse();
        assertThat(pool.suits((1 << 16) + 1)).isFalse();
    }
}
