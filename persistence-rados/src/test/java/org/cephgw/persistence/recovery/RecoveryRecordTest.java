package org.cephgw.persistence.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RecoveryRecordTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    // --- values assembled by hand from the format description ---

    @Test
    void printableOwnerIsVerbatimWithItsLength() {
        RecoveryRecord r = new RecoveryRecord("192.168.1.7", ascii("Linux NFSv4.1 client-a.local"));
        assertThat(r.encode()).isEqualTo("192.168.1.7-(28:Linux NFSv4.1 client-a.local)");
        assertThat(RecoveryRecord.decode("192.168.1.7-(28:Linux NFSv4.1 client-a.local)")).isEqualTo(r);
    }

    @Test
    void ownerWithASlashIsHex() {
        RecoveryRecord r = new RecoveryRecord("10.0.0.1", ascii("host/x"));
        assertThat(r.encode()).isEqualTo("10.0.0.1-(14:0x686f73742f78)");
        assertThat(RecoveryRecord.decode("10.0.0.1-(14:0x686f73742f78)").ownerId()).isEqualTo(ascii("host/x"));
    }

    @Test
    void nonPrintableOwnerIsLowerCaseHexAndLenCountsTheRendering() {
        RecoveryRecord r = new RecoveryRecord("::1", bytes(0x00, 0xff, 0x41));
        assertThat(r.encode()).isEqualTo("::1-(8:0x00ff41)");
        assertThat(RecoveryRecord.decode("::1-(8:0x00ff41)")).isEqualTo(r);
        assertThat(new RecoveryRecord("::1", bytes(0x7f)).encode()).isEqualTo("::1-(4:0x7f)");
        assertThat(new RecoveryRecord("::1", bytes(0x1f, 0x20)).encode()).isEqualTo("::1-(6:0x1f20)");
        assertThat(new RecoveryRecord("::1", bytes(0x20, 0x7e)).encode()).isEqualTo("::1-(2: ~)");
    }

    @Test
    void revokedHandlesAreAppendedInPaddedBase64url() {
        RecoveryRecord r = new RecoveryRecord("::ffff:10.1.2.3", ascii("abc"),
                List.of(bytes(1, 2, 3), bytes(0xfb, 0xff), bytes(0xfa)));
        assertThat(r.encode()).isEqualTo("::ffff:10.1.2.3-(3:abc)#AQID#-_8=#-g==");
        RecoveryRecord back = RecoveryRecord.decode("::ffff:10.1.2.3-(3:abc)#AQID#-_8=#-g==");
        assertThat(back).isEqualTo(r);
        assertThat(back.isRevoked(bytes(0xfb, 0xff))).isTrue();
        assertThat(back.isRevoked(bytes(0xfb))).isFalse();
        assertThat(new RecoveryRecord("::1", bytes(0x01, 0x2f)).withRevokedHandle(bytes(1, 2, 3)).encode())
                .isEqualTo("::1-(6:0x012f)#AQID");
    }

    @Test
    void theLengthPrefixMakesHashesAndParenthesesInTheOwnerSafe() {
        RecoveryRecord r = new RecoveryRecord("1.2.3.4", ascii("a#b)-(c"), List.of(bytes(1, 2, 3)));
        assertThat(r.encode()).isEqualTo("1.2.3.4-(7:a#b)-(c)#AQID");
        RecoveryRecord back = RecoveryRecord.decode("1.2.3.4-(7:a#b)-(c)#AQID");
        assertThat(back.ownerId()).isEqualTo(ascii("a#b)-(c"));
        assertThat(back.revokedHandles()).hasSize(1);
    }

    @Test
    void unknownAddressAsNfsGaneshaWritesIt() {
        RecoveryRecord r = RecoveryRecord.decode("(unknown)-(3:abc)");
        assertThat(r.clientAddress()).isEqualTo("(unknown)");
        assertThat(r.ownerId()).isEqualTo(ascii("abc"));
    }

    @Test
    void longestOwner() {
        byte[] owner = new byte[1024];
        Arrays.fill(owner, (byte) 0x80);
        String v = new RecoveryRecord("h", owner).encode();
        assertThat(v).isEqualTo("h-(2050:0x" + "80".repeat(1024) + ")");
        assertThat(RecoveryRecord.decode(v).ownerId()).isEqualTo(owner);
        assertThatThrownBy(() -> new RecoveryRecord("h", new byte[1025])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printableOwnerThatLooksLikeHexOfPrintableBytesStaysVerbatim() {
        // "0x41" would be the hex of "A", but "A" renders verbatim, so this must be the literal
        RecoveryRecord r = RecoveryRecord.decode("1.2.3.4-(4:0x41)");
        assertThat(r.ownerId()).isEqualTo(ascii("0x41"));
        assertThat(r.encode()).isEqualTo("1.2.3.4-(4:0x41)");
        assertThat(RecoveryRecord.decode("1.2.3.4-(4:0X2F)").ownerId()).isEqualTo(ascii("0X2F"));
    }

    /** The one ambiguity of the format: matching compares renderings, so both owners match. */
    @Test
    void ambiguousRenderingMatchesBothOwners() {
        RecoveryRecord slash = new RecoveryRecord("1.2.3.4", ascii("/"));
        RecoveryRecord literal = new RecoveryRecord("1.2.3.4", ascii("0x2f"));
        assertThat(slash.encode()).isEqualTo("1.2.3.4-(4:0x2f)").isEqualTo(literal.encode());
        assertThat(RecoveryRecord.decode("1.2.3.4-(4:0x2f)").ownerId()).isEqualTo(ascii("/"));
        assertThat(RecoveryRecord.decode("1.2.3.4-(4:0x2f)").ownerMatches(ascii("0x2f"))).isTrue();
        assertThat(RecoveryRecord.decode("1.2.3.4-(4:0x2f)").ownerMatches(ascii("/"))).isTrue();
    }

    @Test
    void ownerMatchingIgnoresTheAddress() {
        RecoveryRecord r = new RecoveryRecord("10.0.0.1", ascii("Linux NFSv4.2 c1"));
        assertThat(r.ownerMatches(ascii("Linux NFSv4.2 c1"))).isTrue();
        assertThat(r.ownerMatches(ascii("Linux NFSv4.2 c2"))).isFalse();
        assertThat(r.ownerMatches(new byte[0])).isFalse();
        assertThat(r.ownerMatches(null)).isFalse();
    }

    @Test
    void malformedValuesAreRejected() {
        for (String bad : List.of(
                "", "abc", "1.2.3.4(3:abc)", "-(3:abc)", "1.2.3.4-(3abc)", "1.2.3.4-(:abc)",
                "1.2.3.4-(4:abc)", "1.2.3.4-(2:abc)", "1.2.3.4-(03:abc)", "1.2.3.4-(0:)", "1.2.3.4-(-3:abc)",
                "1.2.3.4-(3:abc", "1.2.3.4-(3:abc)x", "1.2.3.4-(3:abc)#", "1.2.3.4-(3:abc)##AQID",
                "1.2.3.4-(3:abc)#AQI", "1.2.3.4-(3:abc)#AQ+D", "1.2.3.4-(3:abc)#AQID=",
                "1.2.3.4-(3:a/c)", "1.2.3.4-(3:a\u00e9c)", "1.2.3.4-(3:a\tc)", "1\t2-(3:abc)",
                "1.2.3.4-(999999:abc)")) {
            assertThatThrownBy(() -> RecoveryRecord.decode(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a recovery record value");
        }
    }

    @Test
    void invalidRecordsCannotBeBuilt() {
        assertThatThrownBy(() -> new RecoveryRecord("", ascii("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("a#b", ascii("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("a-(b", ascii("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("a\nb", ascii("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("h", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("h", ascii("a"), List.of(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecoveryRecord("h", ascii("a"), List.of(new byte[129])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsCopyTheirBytes() {
        byte[] owner = ascii("abc");
        byte[] fh = bytes(1, 2, 3);
        RecoveryRecord r = new RecoveryRecord("h", owner, List.of(fh));
        owner[0] = 'x';
        fh[0] = 9;
        r.ownerId()[1] = 'y';
        r.revokedHandles().get(0)[1] = 9;
        assertThat(r.encode()).isEqualTo("h-(3:abc)#AQID");
        assertThat(r).isEqualTo(new RecoveryRecord("h", ascii("abc"), List.of(bytes(1, 2, 3))));
        assertThat(r.hashCode()).isEqualTo(new RecoveryRecord("h", ascii("abc"), List.of(bytes(1, 2, 3))).hashCode());
    }

    // --- properties ---

    private static final Pattern HEX_RENDERING = Pattern.compile("0x([0-9a-f]{2})+");

    @Provide
    Arbitrary<RecoveryRecord> records() {
        Arbitrary<String> addresses = Arbitraries.of("10.0.0.1", "::1", "fe80::1%eth0", "(unknown)",
                "::ffff:192.168.0.9", "2001:db8::42");
        Arbitrary<byte[]> printable = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(60)
                .map(RecoveryRecordTest::ascii);
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
        Arbitrary<byte[]> tricky = Arbitraries.of("a#b", "x)y", "-(", "#AQID", "0x2f", "0x41", "host/", ":", "0x")
                .map(RecoveryRecordTest::ascii);
        Arbitrary<byte[]> owners = Arbitraries.oneOf(printable, anyBytes, tricky);
        Arbitrary<List<byte[]>> handles = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(128)
                .list().ofMaxSize(3);
        return Combinators.combine(addresses, owners, handles).as(RecoveryRecord::new);
    }

    @Property(tries = 2000)
    void encodeDecodeRoundTrips(@ForAll("records") RecoveryRecord r) {
        String v = r.encode();
        assertThat(v.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).as("ASCII: " + v).isTrue();
        RecoveryRecord back = RecoveryRecord.decode(v);
        assertThat(back.encode()).isEqualTo(v);
        assertThat(back.ownerMatches(r.ownerId())).isTrue();
        String rendered = r.renderedOwner();
        // the format's one ambiguity: a printable owner spelling the hex rendering of other bytes
        boolean ambiguous = HEX_RENDERING.matcher(rendered).matches()
                && Arrays.equals(r.ownerId(), ascii(rendered))
                && RecoveryRecord.renderOwner(HexFormat.of().parseHex(rendered, 2, rendered.length())).equals(rendered);
        if (ambiguous) {
            assertThat(back.ownerId()).isNotEqualTo(r.ownerId());
        } else {
            assertThat(back).isEqualTo(r);
        }
    }

    @Property(tries = 2000)
    void decodeAcceptsOnlyWhatItCanReproduce(@ForAll("mutatedValues") String v) {
        RecoveryRecord r;
        try {
            r = RecoveryRecord.decode(v);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(r.encode()).isEqualTo(v);
    }

    @Provide
    Arbitrary<String> mutatedValues() {
        Arbitrary<String> valid = records().map(RecoveryRecord::encode);
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1000);
        Arbitrary<Character> chars = Arbitraries.of('#', '(', ')', '-', ':', '0', '9', 'x', 'A', '=', '/', ' ', '\u00e9');
        return Combinators.combine(valid, positions, chars, Arbitraries.of(0, 1, 2)).as((v, pos, c, how) -> {
            int p = pos % (v.length() + 1);
            switch (how) {
                case 0: return v.substring(0, p) + c + v.substring(p); // insert
                case 1: return p < v.length() ? v.substring(0, p) + v.substring(p + 1) : v; // delete
                default: return p < v.length() ? v.substring(0, p) + c + v.substring(p + 1) : v; // replace
            }
        });
    }
}
