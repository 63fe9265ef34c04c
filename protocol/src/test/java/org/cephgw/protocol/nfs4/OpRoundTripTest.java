package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitrary;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/**
 * encode → decode → equal, and re-encode → same bytes, for every argument and result type of
 * the codec, every union arm included (error arms of results too).
 */
class OpRoundTripTest {
    private static final int SAMPLES = 60;

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void everyArgumentTypeRoundTrips() {
        for (Arbitrary<? extends NfsArgop> gen : Nfs4Arbitraries.argGenerators()) {
            gen.sampleStream().limit(SAMPLES).forEach(op -> {
                XdrEncoder e = new XdrEncoder(1);
                Compound.encodeArgop(e, op);
                byte[] wire = e.toByteArray();
                assertThat(wire.length % 4).isZero();
                XdrDecoder d = new XdrDecoder(wire);
                NfsArgop back = Compound.decodeArgop(d, 2);
                assertThat(back).as(NfsOpnum4.name(op.opnum())).isEqualTo(op);
                assertThat(back.hashCode()).isEqualTo(op.hashCode());
                assertThat(d.remaining()).isZero();
                XdrEncoder again = new XdrEncoder();
                Compound.encodeArgop(again, back);
                assertThat(hex(again.toByteArray())).isEqualTo(hex(wire));
            });
        }
    }

    @Test
    void everyResultTypeRoundTripsIncludingErrorArms() {
        Set<String> arms = new TreeSet<>();
        for (Arbitrary<? extends NfsResop> gen : Nfs4Arbitraries.resGenerators()) {
            gen.sampleStream().limit(SAMPLES).forEach(res -> {
                arms.add(NfsOpnum4.name(res.opnum()) + "/" + (res.status() == 0 ? "OK" : "ERR"));
                XdrEncoder e = new XdrEncoder(1);
                Compound.encodeResop(e, res);
                byte[] wire = e.toByteArray();
                XdrDecoder d = new XdrDecoder(wire);
                NfsResop back = Compound.decodeResop(d);
                assertThat(back).as(NfsOpnum4.name(res.opnum())).isEqualTo(res);
                assertThat(back.hashCode()).isEqualTo(res.hashCode());
                assertThat(d.remaining()).isZero();
                XdrEncoder again = new XdrEncoder();
                Compound.encodeResop(again, back);
                assertThat(hex(again.toByteArray())).isEqualTo(hex(wire));
            });
        }
        // every result type was seen both succeeding and failing (ILLEGAL4res only fails)
        long types = Nfs4Arbitraries.resGenerators().size();
        assertThat(arms).hasSize((int) (2 * types - 1));
    }

    @Test
    void generatorsCoverEveryDecodedOperation() {
        Set<Integer> argOps = new TreeSet<>();
        for (Arbitrary<? extends NfsArgop> gen : Nfs4Arbitraries.argGenerators()) {
            argOps.add(gen.sample().opnum());
        }
        Set<Integer> decoded = new TreeSet<>();
        IntStream.rangeClosed(0, NfsOpnum4.OP_REMOVEXATTR).filter(Compound::decodesArgs).forEach(decoded::add);
        assertThat(argOps).isEqualTo(decoded);

        Set<Integer> resOps = new TreeSet<>();
        for (Arbitrary<? extends NfsResop> gen : Nfs4Arbitraries.resGenerators()) {
            resOps.add(gen.sample().opnum());
        }
        Set<Integer> decodedRes = new TreeSet<>();
        IntStream.rangeClosed(0, NfsOpnum4.OP_REMOVEXATTR).filter(Compound::decodesResult).forEach(decodedRes::add);
        decodedRes.add(NfsOpnum4.OP_ILLEGAL);
        assertThat(resOps).isEqualTo(decodedRes);
    }

    @Test
    void requiredOperationsAreDecoded() {
        int[] required = {NfsOpnum4.OP_ACCESS, NfsOpnum4.OP_CLOSE, NfsOpnum4.OP_COMMIT, NfsOpnum4.OP_CREATE,
                NfsOpnum4.OP_DELEGRETURN, NfsOpnum4.OP_GETATTR, NfsOpnum4.OP_GETFH, NfsOpnum4.OP_LINK, NfsOpnum4.OP_LOCK,
                NfsOpnum4.OP_LOCKT, NfsOpnum4.OP_LOCKU, NfsOpnum4.OP_LOOKUP, NfsOpnum4.OP_LOOKUPP, NfsOpnum4.OP_NVERIFY,
                NfsOpnum4.OP_OPEN, NfsOpnum4.OP_OPEN_DOWNGRADE, NfsOpnum4.OP_PUTFH, NfsOpnum4.OP_PUTPUBFH,
                NfsOpnum4.OP_PUTROOTFH, NfsOpnum4.OP_READ, NfsOpnum4.OP_READDIR, NfsOpnum4.OP_READLINK,
                NfsOpnum4.OP_REMOVE, NfsOpnum4.OP_RENAME, NfsOpnum4.OP_RESTOREFH, NfsOpnum4.OP_SAVEFH,
                NfsOpnum4.OP_SECINFO, NfsOpnum4.OP_SETATTR, NfsOpnum4.OP_VERIFY, NfsOpnum4.OP_WRITE,
                NfsOpnum4.OP_BACKCHANNEL_CTL, NfsOpnum4.OP_BIND_CONN_TO_SESSION, NfsOpnum4.OP_EXCHANGE_ID,
                NfsOpnum4.OP_CREATE_SESSION, NfsOpnum4.OP_DESTROY_SESSION, NfsOpnum4.OP_FREE_STATEID,
                NfsOpnum4.OP_SECINFO_NO_NAME, NfsOpnum4.OP_SEQUENCE, NfsOpnum4.OP_TEST_STATEID,
                NfsOpnum4.OP_DESTROY_CLIENTID, NfsOpnum4.OP_RECLAIM_COMPLETE, NfsOpnum4.OP_ALLOCATE,
                NfsOpnum4.OP_DEALLOCATE, NfsOpnum4.OP_SEEK};
        for (int op : required) {
            assertThat(Compound.decodesArgs(op)).as(NfsOpnum4.name(op)).isTrue();
            assertThat(Compound.decodesResult(op)).as(NfsOpnum4.name(op)).isTrue();
        }
    }
}
