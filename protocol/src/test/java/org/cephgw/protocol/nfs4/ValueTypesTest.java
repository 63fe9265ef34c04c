package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void specialStateids() {
        assertThat(Stateid4.ANONYMOUS.isAnonymous()).isTrue();
        assertThat(Stateid4.READ_BYPASS.isReadBypass()).isTrue();
        assertThat(Stateid4.CURRENT.isCurrent()).isTrue();
        assertThat(Stateid4.INVALID.isInvalid()).isTrue();
        assertThat(Stateid4.ANONYMOUS.isCurrent()).isFalse();
        assertThat(Stateid4.CURRENT.isAnonymous()).isFalse();
        assertThat(Stateid4.INVALID.isReadBypass()).isFalse();
        for (Stateid4 s : new Stateid4[] {Stateid4.ANONYMOUS, Stateid4.READ_BYPASS, Stateid4.CURRENT, Stateid4.INVALID}) {
            assertThat(s.isSpecial()).isTrue();
        }
        Stateid4 real = new Stateid4(1, hex("000000000000000000000001"));
        assertThat(real.isSpecial()).isFalse();
        assertThat(real.isCurrent()).isFalse();
        XdrEncoder e = new XdrEncoder();
        Stateid4.READ_BYPASS.encode(e);
        assertThat(hex(e.toByteArray())).isEqualTo("ffffffff" + "ff".repeat(12));
    }

    @Test
    void stateidsCompareByValue() {
        Stateid4 a = new Stateid4(3, hex("0102030405060708090a0b0c"));
        Stateid4 b = new Stateid4(3, hex("0102030405060708090a0b0c"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withSeqid(4));
        assertThat(a.sameOther(a.withSeqid(4))).isTrue();
        assertThat(a.toString()).contains("0102030405060708090a0b0c");
        assertThatThrownBy(() -> new Stateid4(0, new byte[11])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitmapOperations() {
        Bitmap4 b = Bitmap4.of(1, 4, 33, 75);
        assertThat(b.words()).containsExactly(0x12, 0x2, 0x800);
        assertThat(b.isSet(33)).isTrue();
        assertThat(b.isSet(32)).isFalse();
        assertThat(b.isSet(500)).isFalse();
        assertThat(b.isSet(-1)).isFalse();
        assertThat(b.bits()).containsExactly(1, 4, 33, 75);
        assertThat(b.cardinality()).isEqualTo(4);
        assertThat(b.highestBit()).isEqualTo(75);
        assertThat(b.set(2).bits()).containsExactly(1, 2, 4, 33, 75);
        assertThat(b.clear(33).bits()).containsExactly(1, 4, 75);
        assertThat(b.and(Bitmap4.of(4, 75, 80)).bits()).containsExactly(4, 75);
        assertThat(b.or(Bitmap4.of(100)).bits()).containsExactly(1, 4, 33, 75, 100);
        assertThat(b.andNot(Bitmap4.of(1, 75)).bits()).containsExactly(4, 33);
        assertThat(b.containsAll(Bitmap4.of(4, 33))).isTrue();
        assertThat(b.containsAll(Bitmap4.of(5))).isFalse();
        assertThat(Bitmap4.EMPTY.isEmpty()).isTrue();
        assertThat(new Bitmap4(new int[] {0, 0}).isEmpty()).isTrue();
        assertThat(new Bitmap4.Builder().set(70).set(0).build().bits()).containsExactly(0, 70);
        assertThatThrownBy(() -> Bitmap4.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitmapEqualityIgnoresTrailingZeroWordsButEncodingKeepsThem() {
        Bitmap4 padded = new Bitmap4(new int[] {0x12, 0, 0});
        assertThat(padded).isEqualTo(Bitmap4.of(1, 4)).hasSameHashCodeAs(Bitmap4.of(1, 4));
        assertThat(padded.trimmed().words()).containsExactly(0x12);
        XdrEncoder e = new XdrEncoder();
        padded.encode(e);
        assertThat(hex(e.toByteArray())).isEqualTo("00000003" + "00000012" + "00000000" + "00000000");
        assertThat(Bitmap4.decode(new XdrDecoder(e.toByteArray())).words()).containsExactly(0x12, 0, 0);
    }

    @Test
    void bitmapIsImmutable() {
        int[] w = {1};
        Bitmap4 b = new Bitmap4(w);
        w[0] = 2;
        b.words()[0] = 4;
        assertThat(b.bits()).containsExactly(0);
    }

    @Test
    void bitmapWordCountIsBounded() {
        XdrEncoder e = new XdrEncoder();
        e.writeInt(17);
        for (int i = 0; i < 17; i++) {
            e.writeInt(0);
        }
        assertThatThrownBy(() -> Bitmap4.decode(new XdrDecoder(e.toByteArray()))).isInstanceOf(XdrException.class);
    }

    @Test
    void names() {
        assertThat(NfsStat4.name(NfsStat4.NFS4_OK)).isEqualTo("NFS4_OK");
        assertThat(NfsStat4.name(10013)).isEqualTo("NFS4ERR_GRACE");
        assertThat(NfsStat4.name(10096)).isEqualTo("NFS4ERR_XATTR2BIG");
        assertThat(NfsStat4.name(10073)).isEqualTo("nfsstat4(10073)");
        assertThat(NfsStat4.isDefined(10073)).isFalse();
        assertThat(NfsOpnum4.name(3)).isEqualTo("OP_ACCESS");
        assertThat(NfsOpnum4.name(75)).isEqualTo("OP_REMOVEXATTR");
        assertThat(NfsOpnum4.name(10044)).isEqualTo("OP_ILLEGAL");
        assertThat(NfsOpnum4.name(2)).isEqualTo("nfs_opnum4(2)");
        for (int op = 3; op <= 75; op++) {
            assertThat(NfsOpnum4.name(op)).as("opnum %d", op).startsWith("OP_");
        }
    }

    @Test
    void operationsPerMinorVersion() {
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_ACCESS, 1)).isTrue();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_RECLAIM_COMPLETE, 1)).isTrue();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_ALLOCATE, 1)).isFalse();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_ALLOCATE, 2)).isTrue();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_REMOVEXATTR, 2)).isTrue();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_SEQUENCE, 0)).isFalse();
        assertThat(NfsOpnum4.isOperation(2, 2)).isFalse();
        assertThat(NfsOpnum4.isOperation(NfsOpnum4.OP_ILLEGAL, 2)).isFalse();
    }

    @Test
    void constructorsRefuseMismatchedUnionArms() {
        assertThatThrownBy(() -> new Settime4(Nfs4Const.SET_TO_CLIENT_TIME4, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settime4(Nfs4Const.SET_TO_SERVER_TIME4, Nfstime4.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Openflag4(Nfs4Const.OPEN4_CREATE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Openflag4(Nfs4Const.OPEN4_NOCREATE, new Createhow4.Guarded4(Fattr4.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecinfoEntry4(RpcConstants.RPCSEC_GSS, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NfsSpaceLimit4(3, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Netloc4(Nfs4Const.NL4_NETADDR, "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DelegClaim4(Nfs4Const.CLAIM_NULL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Createtype4.Nf4Void(Nfs4Const.NF4LNK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PUTFH4args(new byte[129])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SEQUENCE4args(new byte[15], 0, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientOwner4(new byte[8], new byte[1025])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OpenDelegation4.NoneExt(Nfs4Const.WND4_NOT_WANTED, true).serverWill()).isFalse();
    }

    @Test
    void unknownCreateTypesDecodeForTheServerToRefuse() {
        Createtype4 t = Createtype4.decode(new XdrDecoder(hex("00000001")));
        assertThat(t).isEqualTo(new Createtype4.Nf4Void(Nfs4Const.NF4REG));
        assertThat(t.type()).isEqualTo(Nfs4Const.NF4REG);
        assertThat(Createtype4.decode(new XdrDecoder(hex("00000002")))).isEqualTo(Createtype4.NF4DIR);
    }

    @Test
    void nfstimeValidity() {
        assertThat(new Nfstime4(0, 999_999_999).isValid()).isTrue();
        assertThat(new Nfstime4(0, 1_000_000_000).isValid()).isFalse();
        assertThat(new Nfstime4(0, -1).isValid()).isFalse();
    }

    @Test
    void byteArrayRecordsCompareByContent() {
        assertThat(new PUTFH4args(hex("0102"))).isEqualTo(new PUTFH4args(hex("0102")))
                .hasSameHashCodeAs(new PUTFH4args(hex("0102")));
        assertThat(new PUTFH4args(hex("0102"))).isNotEqualTo(new PUTFH4args(hex("0103")));
        assertThat(new PUTFH4args(hex("0102")).toString()).contains("0102");
        assertThat(new ClientOwner4(new byte[8], hex("aa"))).isEqualTo(new ClientOwner4(new byte[8], hex("aa")));
        assertThat(GETFH4res.ok(hex("01"))).isEqualTo(GETFH4res.ok(hex("01")));
        assertThat(new Fattr4(Bitmap4.of(1), hex("00000001"))).isEqualTo(new Fattr4(new Bitmap4(new int[] {2, 0}), hex("00000001")));
    }
}
