package org.cephgw.protocol.xdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class XdrPropertiesTest {
    @Property
    void intsRoundTrip(@ForAll List<Integer> ints) {
        XdrEncoder e = new XdrEncoder(1);
        ints.forEach(e::writeInt);
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        for (int i : ints) {
            assertThat(d.readInt()).isEqualTo(i);
        }
        d.expectEnd();
    }

    @Property
    void hypersRoundTrip(@ForAll List<Long> longs) {
        XdrEncoder e = new XdrEncoder(1);
        longs.forEach(e::writeHyper);
        assertThat(e.position()).isEqualTo(8 * longs.size());
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        for (long l : longs) {
            assertThat(d.readHyper()).isEqualTo(l);
        }
        d.expectEnd();
    }

    @Property
    void opaquesRoundTrip(@ForAll List<@Size(max = 70) byte[]> opaques) {
        XdrEncoder e = new XdrEncoder(1);
        opaques.forEach(e::writeOpaque);
        assertThat(e.position() % 4).isZero();
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        for (byte[] o : opaques) {
            assertThat(d.readOpaque(70)).isEqualTo(o);
        }
        d.expectEnd();
    }

    @Property
    void stringsRoundTrip(@ForAll List<String> strings) {
        // jqwik strings may hold lone surrogates, which UTF-8 cannot carry (supplementary
        // characters are covered by unicodeStringsRoundTrip)
        List<String> valid = strings.stream().filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .toList();
        XdrEncoder e = new XdrEncoder(1);
        valid.forEach(e::writeString);
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        for (String s : valid) {
            assertThat(d.readString(Integer.MAX_VALUE)).isEqualTo(s);
        }
        d.expectEnd();
    }

    @Property
    void unicodeStringsRoundTrip(@ForAll("unicode") String s) {
        XdrEncoder e = new XdrEncoder(1);
        e.writeString(s);
        assertThat(new XdrDecoder(e.toByteArray()).readString(Integer.MAX_VALUE)).isEqualTo(s);
    }

    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(20)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
    }

    /** Whatever the bytes and whatever is asked of them, only XdrException comes out. */
    @Property(tries = 2000)
    void garbageOnlyEverThrowsXdrException(@ForAll @Size(max = 64) byte[] garbage,
                                           @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 10) Integer> reads,
                                           @ForAll @IntRange(min = 0, max = 100) int max) {
        XdrDecoder d = new XdrDecoder(garbage);
        try {
            for (int r : reads) {
                switch (r) {
                    case 0 -> d.readInt();
                    case 1 -> d.readHyper();
                    case 2 -> d.readBoolean();
                    case 3 -> d.readOpaque(max);
                    case 4 -> d.readString(max);
                    case 5 -> d.readFixedOpaque(max % 17);
                    case 6 -> d.readOpaqueSlice(max);
                    case 7 -> d.skipOpaque(max);
                    case 8 -> d.readCount(max, 4);
                    case 9 -> d.readLength(max);
                    default -> d.readUnsignedInt();
                }
                assertThat(d.remaining()).isBetween(0, garbage.length);
            }
        } catch (XdrException expected) {
            // the only acceptable failure
        }
    }
}
