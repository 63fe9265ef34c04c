package org.cephgw.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RecordMarkingTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    @Test
    void frameIsOneLastFragment() {
        assertThat(hex(RecordMarking.frame(new byte[] {1, 2, 3}))).isEqualTo("80000003010203");
        assertThat(hex(RecordMarking.frame(new byte[0]))).isEqualTo("80000000");
    }

    @Test
    void fragmentsHaveTheLastBitOnTheLastOnly() {
        byte[] f = RecordMarking.frameFragments(new byte[] {1, 2, 3, 4, 5}, 2);
        assertThat(hex(f)).isEqualTo("00000002" + "0102" + "00000002" + "0304" + "80000001" + "05");
    }

    @Test
    void multiFragmentRecordIsReassembled() {
        byte[] rec = bytes(1000, 3);
        byte[] stream = RecordMarking.frameFragments(rec, 100);
        RecordMarking.Assembler a = new RecordMarking.Assembler(4096);
        List<byte[]> out = a.feed(stream, 0, stream.length);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isEqualTo(rec);
        assertThat(a.isIdle()).isTrue();
    }

    @Test
    void recordsSplitAtEveryByteBoundary() {
        byte[] r1 = bytes(10, 1);
        byte[] r2 = bytes(0, 2);
        byte[] r3 = bytes(33, 3);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(RecordMarking.frameFragments(r1, 3));
        s.writeBytes(RecordMarking.frame(r2));
        s.writeBytes(RecordMarking.frameFragments(r3, 8));
        byte[] stream = s.toByteArray();
        for (int cut = 0; cut <= stream.length; cut++) {
            RecordMarking.Assembler a = new RecordMarking.Assembler(100);
            List<byte[]> out = new ArrayList<>(a.feed(stream, 0, cut));
            out.addAll(a.feed(stream, cut, stream.length - cut));
            assertThat(out).as("cut at %d", cut).containsExactly(r1, r2, r3);
            assertThat(a.isIdle()).isTrue();
        }
    }

    @Test
    void headerAnnouncingTooMuchIsRefusedBeforeItsBytes() {
        RecordMarking.Assembler a = new RecordMarking.Assembler(1000);
        byte[] header = {(byte) 0x80, 0, 0x03, (byte) 0xe9}; // last fragment of 1001 bytes
        assertThatThrownBy(() -> a.feed(header, 0, 4)).isInstanceOf(RecordMarking.RecordTooLargeException.class);
    }

    @Test
    void fragmentsAddingUpToTooMuchAreRefused() {
        RecordMarking.Assembler a = new RecordMarking.Assembler(1000);
        byte[] first = RecordMarking.frameFragments(bytes(600, 0), 600);
        // frameFragments of a single chunk marks it last; clear that bit to make it a first fragment
        first[0] &= 0x7f;
        assertThat(a.feed(first, 0, first.length)).isEmpty();
        byte[] second = {(byte) 0x80, 0, 0x01, (byte) 0x91}; // 401 more
        assertThatThrownBy(() -> a.feed(second, 0, 4)).isInstanceOf(RecordMarking.RecordTooLargeException.class);
    }

    @Test
    void announcingIsNotAllocating() throws ReflectiveOperationException {
        RecordMarking.Assembler a = new RecordMarking.Assembler(64 << 20);
        byte[] header = {(byte) 0x83, 0, 0, 0}; // last fragment of 48 MiB, then 10 bytes of it
        a.feed(header, 0, 4);
        a.feed(new byte[10], 0, 10);
        Field f = RecordMarking.Assembler.class.getDeclaredField("record");
        f.setAccessible(true);
        assertThat(((byte[]) f.get(a)).length).isLessThan(1 << 20);
        assertThat(a.isIdle()).isFalse();
    }

    /** What a sender announces costs at most eight times what it sent (at least 256 bytes). */
    @Property(tries = 100)
    void heldMemoryIsBoundedByWhatArrived(@ForAll @IntRange(min = 1, max = 8 << 20) int announced,
                                          @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 70_000) Integer> chunks)
            throws ReflectiveOperationException {
        RecordMarking.Assembler a = new RecordMarking.Assembler(8 << 20);
        int h = 0x80000000 | announced;
        a.feed(new byte[] {(byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h}, 0, 4);
        Field f = RecordMarking.Assembler.class.getDeclaredField("record");
        f.setAccessible(true);
        long sent = 0;
        for (int c : chunks) {
            int n = (int) Math.min(c, announced - sent);
            if (n == 0) {
                break;
            }
            List<byte[]> done = a.feed(new byte[n], 0, n);
            sent += n;
            if (sent == announced) {
                assertThat(done).singleElement().satisfies(r -> assertThat(r).hasSize(announced));
                break;
            }
            assertThat(((byte[]) f.get(a)).length).isLessThanOrEqualTo((int) Math.max(256, 8 * sent));
        }
    }

    /** Any framing of any records, cut into any chunks, gives back the records in order. */
    @Property(tries = 300)
    void anyChunkingOfAnyRecords(@ForAll @Size(max = 6) List<@Size(max = 300) byte[]> records,
                                 @ForAll @IntRange(min = 1, max = 64) int fragmentSize,
                                 @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 97) Integer> chunkSizes) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (byte[] r : records) {
            s.writeBytes(RecordMarking.frameFragments(r, fragmentSize));
        }
        byte[] stream = s.toByteArray();
        RecordMarking.Assembler a = new RecordMarking.Assembler(300);
        List<byte[]> out = new ArrayList<>();
        int off = 0;
        int i = 0;
        while (off < stream.length) {
            int n = Math.min(chunkSizes.get(i++ % chunkSizes.size()), stream.length - off);
            out.addAll(a.feed(stream, off, n));
            off += n;
        }
        assertThat(out).hasSameSizeAs(records);
        for (int k = 0; k < records.size(); k++) {
            assertThat(out.get(k)).isEqualTo(records.get(k));
        }
        assertThat(a.isIdle()).isTrue();
    }
}
