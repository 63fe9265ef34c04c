package org.cephgw.protocol.xdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class XdrCodecTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void intsAreBigEndian() {
        XdrEncoder e = new XdrEncoder();
        e.writeInt(1).writeInt(-2).writeUnsignedInt(0xfffffffeL);
        assertThat(hex(e.toByteArray())).isEqualTo("00000001" + "fffffffe" + "fffffffe");
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        assertThat(d.readInt()).isEqualTo(1);
        assertThat(d.readInt()).isEqualTo(-2);
        assertThat(d.readUnsignedInt()).isEqualTo(0xfffffffeL);
        d.expectEnd();
    }

    @Test
    void hyperIsHighWordFirst() {
        XdrEncoder e = new XdrEncoder();
        e.writeHyper(0x0102030405060708L).writeHyper(-1L);
        assertThat(hex(e.toByteArray())).isEqualTo("0102030405060708ffffffffffffffff");
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        assertThat(d.readHyper()).isEqualTo(0x0102030405060708L);
        assertThat(d.readHyper()).isEqualTo(-1L);
    }

    @Test
    void booleansAreZeroOrOne() {
        XdrEncoder e = new XdrEncoder();
        e.writeBoolean(true).writeBoolean(false);
        assertThat(hex(e.toByteArray())).isEqualTo("0000000100000000");
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        assertThat(d.readBoolean()).isTrue();
        assertThat(d.readBoolean()).isFalse();
        assertThatThrownBy(() -> new XdrDecoder(hex("00000002")).readBoolean()).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(hex("ffffffff")).readBoolean()).isInstanceOf(XdrException.class);
    }

    @Test
    void opaquesArePaddedWithZerosToFourBytes() {
        for (int len = 0; len <= 9; len++) {
            byte[] data = new byte[len];
            for (int i = 0; i < len; i++) {
                data[i] = (byte) (0xa0 + i);
            }
            XdrEncoder e = new XdrEncoder(1);
            e.writeOpaque(data);
            byte[] out = e.toByteArray();
            int padded = (len + 3) / 4 * 4;
            assertThat(out).hasSize(4 + padded);
            assertThat(ByteBuffer.wrap(out).getInt()).isEqualTo(len);
            for (int i = 4 + len; i < out.length; i++) {
                assertThat(out[i]).as("pad byte %d of len %d", i, len).isZero();
            }
            XdrDecoder d = new XdrDecoder(out);
            assertThat(d.readOpaque(100)).isEqualTo(data);
            d.expectEnd();
        }
    }

    @Test
    void fixedOpaqueHasNoLengthButIsPadded() {
        XdrEncoder e = new XdrEncoder();
        e.writeFixedOpaque(new byte[] {1, 2, 3, 4, 5}, 5);
        assertThat(hex(e.toByteArray())).isEqualTo("0102030405000000");
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        assertThat(d.readFixedOpaque(5)).containsExactly(1, 2, 3, 4, 5);
        d.expectEnd();
        assertThatThrownBy(() -> new XdrEncoder().writeFixedOpaque(new byte[3], 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAreUtf8() {
        XdrEncoder e = new XdrEncoder();
        e.writeString("héllo");
        assertThat(hex(e.toByteArray())).isEqualTo("00000006" + "68c3a96c6c6f" + "0000");
        assertThat(new XdrDecoder(e.toByteArray()).readString(10)).isEqualTo("héllo");
    }

    @Test
    void invalidUtf8IsItsOwnException() {
        // a lone continuation byte, an overlong '/', and an encoded surrogate
        for (String bad : new String[] {"80", "c0af", "eda080"}) {
            XdrEncoder e = new XdrEncoder();
            e.writeOpaque(hex(bad));
            XdrDecoder d = new XdrDecoder(e.toByteArray());
            assertThatThrownBy(() -> d.readString(100)).isInstanceOf(XdrDecoder.InvalidUtf8Exception.class);
        }
    }

    @Test
    void lengthBeyondMaximumThrows() {
        XdrEncoder e = new XdrEncoder();
        e.writeOpaque(new byte[9]);
        assertThatThrownBy(() -> new XdrDecoder(e.toByteArray()).readOpaque(8)).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(e.toByteArray()).readString(8)).isInstanceOf(XdrException.class);
    }

    @Test
    void lengthBeyondRemainingThrowsWithoutAllocating() {
        // announces 2 GiB - 1 with a generous maximum: allocating first would run out of memory
        byte[] lie = hex("7fffffff 00000000");
        assertThatThrownBy(() -> new XdrDecoder(lie).readOpaque(Integer.MAX_VALUE)).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(lie).readString(Integer.MAX_VALUE)).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(lie).readOpaqueSlice(Integer.MAX_VALUE)).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(lie).skipOpaque(Integer.MAX_VALUE)).isInstanceOf(XdrException.class);
        // a count whose elements could not fit in what is left
        assertThatThrownBy(() -> new XdrDecoder(hex("00000003 00000000 00000000")).readCount(100, 4))
                .isInstanceOf(XdrException.class);
        assertThat(new XdrDecoder(hex("00000002 00000000 00000000")).readCount(100, 4)).isEqualTo(2);
        // 0xffffffff as a length is 4 GiB - 1, not -1
        assertThatThrownBy(() -> new XdrDecoder(hex("ffffffff")).readOpaque(Integer.MAX_VALUE))
                .isInstanceOf(XdrException.class);
        // data present but padding missing
        assertThatThrownBy(() -> new XdrDecoder(hex("00000001 ab")).readOpaque(10)).isInstanceOf(XdrException.class);
    }

    @Test
    void truncatedPrimitivesThrow() {
        assertThatThrownBy(() -> new XdrDecoder(hex("000000")).readInt()).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(hex("00000000000000")).readHyper()).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(new byte[0]).readBoolean()).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrDecoder(hex("0000")).readFixedOpaque(3)).isInstanceOf(XdrException.class);
    }

    @Test
    void sliceSharesTheInputAndHonoursOffsets() {
        byte[] buf = hex("deadbeef 00000003 010203 00 cafe");
        XdrDecoder d = new XdrDecoder(buf, 4, 8);
        ByteBuffer s = d.readOpaqueSlice(10);
        assertThat(s.remaining()).isEqualTo(3);
        assertThat(s.get(0)).isEqualTo((byte) 1);
        buf[8] = 9;
        assertThat(s.get(0)).as("a slice, not a copy").isEqualTo((byte) 9);
        assertThat(d.remaining()).isZero();
        d.expectEnd();
        // the slice stops at the decoder's end, not the array's
        assertThatThrownBy(() -> new XdrDecoder(buf, 4, 7).readOpaqueSlice(10)).isInstanceOf(XdrException.class);
    }

    @Test
    void expectEndRejectsTrailingBytes() {
        XdrDecoder d = new XdrDecoder(hex("00000001 00000002"));
        d.readInt();
        assertThatThrownBy(d::expectEnd).isInstanceOf(XdrException.class);
    }

    @Test
    void patchAndTruncate() {
        XdrEncoder e = new XdrEncoder(4);
        int at = e.position();
        e.writeInt(0).writeInt(7).writeOpaque("abc".getBytes(StandardCharsets.US_ASCII));
        e.patchInt(at, 42);
        assertThat(hex(e.toByteArray())).isEqualTo("0000002a" + "00000007" + "00000003" + "61626300");
        e.truncate(8);
        assertThat(e.position()).isEqualTo(8);
        assertThatThrownBy(() -> e.patchInt(6, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        e.writeEncoded(hex("01020304"), 0, 4);
        assertThat(hex(e.toByteArray())).endsWith("01020304");
        assertThatThrownBy(() -> e.writeEncoded(new byte[3], 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
