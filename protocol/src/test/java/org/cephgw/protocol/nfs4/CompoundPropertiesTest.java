package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

class CompoundPropertiesTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Provide
    Arbitrary<COMPOUND4args> compounds() {
        return Combinators.combine(Nfs4Arbitraries.bytes(0, 12), Nfs4Arbitraries.argops().list().ofMaxSize(8))
                .as((tag, ops) -> new COMPOUND4args(tag, 2, ops));
    }

    @Provide
    Arbitrary<COMPOUND4res> compoundResults() {
        return Combinators.combine(Nfs4Arbitraries.status(), Nfs4Arbitraries.bytes(0, 12),
                Nfs4Arbitraries.resops().list().ofMaxSize(8)).as(COMPOUND4res::new);
    }

    @Property(tries = 500)
    void randomOperationListsRoundTrip(@ForAll("compounds") COMPOUND4args args) {
        XdrEncoder e = new XdrEncoder(1);
        Compound.encodeArgs(e, args);
        byte[] wire = e.toByteArray();
        XdrDecoder d = new XdrDecoder(wire);
        COMPOUND4args back = Compound.decodeArgs(d);
        assertThat(back).isEqualTo(args);
        assertThat(d.remaining()).isZero();
        XdrEncoder again = new XdrEncoder();
        Compound.encodeArgs(again, back);
        assertThat(hex(again.toByteArray())).isEqualTo(hex(wire));
    }

    @Property(tries = 500)
    void randomResultListsRoundTrip(@ForAll("compoundResults") COMPOUND4res res) {
        XdrEncoder e = new XdrEncoder(1);
        Compound.encodeRes(e, res);
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        assertThat(Compound.decodeRes(d)).isEqualTo(res);
        assertThat(d.remaining()).isZero();
    }

    /** A decoded argarray: placeholders only last, never an internal failure, never more ops than sent. */
    private static void assertWellFormed(COMPOUND4args a, int count) {
        List<NfsArgop> ops = a.argarray();
        assertThat(ops.size()).isLessThanOrEqualTo(count);
        for (int i = 0; i < ops.size() - 1; i++) {
            assertThat(Compound.isPlaceholder(ops.get(i))).isFalse();
        }
        if (ops.size() < count) {
            assertThat(ops).isNotEmpty();
            assertThat(Compound.isPlaceholder(ops.get(ops.size() - 1))).isTrue();
        }
        for (NfsArgop op : ops) {
            if (op instanceof BadXdrArgop b) {
                assertThat(b.reason()).doesNotStartWith("internal:");
                assertThat(b.status()).isIn(NfsStat4.NFS4ERR_BADXDR, NfsStat4.NFS4ERR_INVAL);
            }
            if (Compound.isPlaceholder(op)) {
                // the server can always answer a placeholder
                assertThat(Compound.placeholderResult(op).status()).isNotEqualTo(NfsStat4.NFS4_OK);
            }
        }
    }

    @Property(tries = 3000)
    void garbageAfterAValidHeaderNeverThrows(@ForAll @Size(max = 8) byte[] tag,
                                             @ForAll @IntRange(min = 0, max = 3) int minor,
                                             @ForAll @Size(max = 300) byte[] garbage,
                                             @ForAll @IntRange(min = 0, max = 1024) int wantedCount) {
        int count = Math.min(wantedCount, garbage.length / 4);
        XdrEncoder e = new XdrEncoder();
        e.writeOpaque(tag).writeInt(minor).writeInt(count);
        byte[] head = e.toByteArray();
        byte[] all = new byte[head.length + garbage.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(garbage, 0, all, head.length, garbage.length);
        COMPOUND4args a = Compound.decodeArgs(new XdrDecoder(all));
        assertThat(a.minorversion()).isEqualTo(minor);
        assertWellFormed(a, count);
    }

    /** Opnums that are likely to be real operations make garbage reach the argument decoders. */
    @Property(tries = 3000)
    void plausibleOpsWithGarbageArgumentsNeverThrow(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 80) Integer> opnums,
                                                    @ForAll @Size(min = 1, max = 6) List<@Size(max = 40) byte[]> argBytes) {
        XdrEncoder e = new XdrEncoder();
        e.writeOpaque(new byte[0]).writeInt(2).writeInt(opnums.size());
        for (int i = 0; i < opnums.size(); i++) {
            e.writeInt(opnums.get(i));
            byte[] g = argBytes.get(i % argBytes.size());
            e.writeEncoded(java.util.Arrays.copyOf(g, g.length & ~3), 0, g.length & ~3);
        }
        COMPOUND4args a = Compound.decodeArgs(new XdrDecoder(e.toByteArray()));
        assertWellFormed(a, opnums.size());
    }

    /** Valid COMPOUNDs with bytes flipped after the header. */
    @Property(tries = 1000)
    void corruptedCompoundsNeverThrowPastTheHeader(@ForAll("compounds") COMPOUND4args args,
                                                   @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0) Integer> positions,
                                                   @ForAll byte value) {
        XdrEncoder e = new XdrEncoder();
        Compound.encodeArgs(e, args);
        byte[] wire = e.toByteArray();
        int headerLen = 4 + ((args.tag().length + 3) & ~3) + 8;
        if (wire.length == headerLen) {
            return;
        }
        for (int p : positions) {
            wire[headerLen + p % (wire.length - headerLen)] = value;
        }
        COMPOUND4args a = Compound.decodeArgs(new XdrDecoder(wire));
        assertWellFormed(a, args.argarray().size());
    }

    /** Anything at all: either a well-formed argarray or XdrException for a bad header, nothing else. */
    @Property(tries = 3000)
    void anyBytesGiveAnArgarrayOrAHeaderError(@ForAll @Size(max = 200) byte[] bytes) {
        COMPOUND4args a;
        try {
            a = Compound.decodeArgs(new XdrDecoder(bytes));
        } catch (XdrException e) {
            // then the header itself must not decode
            XdrDecoder d = new XdrDecoder(bytes);
            boolean headerOk;
            try {
                d.readOpaque(Nfs4Limits.MAX_TAG_BYTES);
                d.readInt();
                d.readCount(Nfs4Limits.MAX_OPS, 4);
                headerOk = true;
            } catch (XdrException h) {
                headerOk = false;
            }
            assertThat(headerOk).as("threw for a valid header: " + e).isFalse();
            return;
        }
        assertWellFormed(a, Integer.MAX_VALUE);
    }

    @Property(tries = 2000)
    void anyBytesAsResultsOnlyThrowXdrException(@ForAll @Size(max = 200) byte[] bytes) {
        try {
            Compound.decodeRes(new XdrDecoder(bytes));
        } catch (XdrException expected) {
            // fine
        }
    }

    @Property(tries = 300)
    void plausibleResultsWithGarbageOnlyThrowXdrException(@ForAll @IntRange(min = 0, max = 80) int opnum,
                                                          @ForAll @Size(max = 60) byte[] body) {
        XdrEncoder e = new XdrEncoder();
        e.writeInt(0).writeOpaque(new byte[0]).writeInt(1).writeInt(opnum).writeInt(0);
        e.writeEncoded(java.util.Arrays.copyOf(body, body.length & ~3), 0, body.length & ~3);
        try {
            Compound.decodeRes(new XdrDecoder(e.toByteArray()));
        } catch (XdrException expected) {
            // fine
        }
    }

    @Property(tries = 200)
    void hostileCountsAreRefusedBeforeAllocating(@ForAll @IntRange(min = 1025) int count) {
        XdrEncoder e = new XdrEncoder();
        e.writeOpaque(new byte[0]).writeInt(1).writeInt(count);
        XdrDecoder d = new XdrDecoder(e.toByteArray());
        try {
            Compound.decodeArgs(d);
            throw new AssertionError("accepted a count of " + count);
        } catch (XdrException expected) {
            // fine
        }
    }
}
