package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** Byte sequences assembled by hand from the XDR of RFC 8881 §16-18 (RFC 5662), both ways. */
class GoldenBytesTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replaceAll("\\s", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static final byte[] SESSION = hex("0102030405060708090a0b0c0d0e0f10");

    private static void assertArgs(String wire, COMPOUND4args expected) {
        COMPOUND4args decoded = Compound.decodeArgs(new XdrDecoder(hex(wire)));
        assertThat(decoded).isEqualTo(expected);
        XdrEncoder e = new XdrEncoder();
        Compound.encodeArgs(e, expected);
        assertThat(hex(e.toByteArray())).isEqualTo(wire.replaceAll("\\s", ""));
    }

    private static void assertResop(String wire, NfsResop expected) {
        assertThat(Compound.decodeResop(new XdrDecoder(hex(wire)))).isEqualTo(expected);
        XdrEncoder e = new XdrEncoder();
        Compound.encodeResop(e, expected);
        assertThat(hex(e.toByteArray())).isEqualTo(wire.replaceAll("\\s", ""));
    }

    @Test
    void sequencePutrootfhGetfhGetattr() {
        String wire = """
                00000000
                00000001
                00000004
                00000035 0102030405060708090a0b0c0d0e0f10 00000005 00000000 00000007 00000001
                00000018
                0000000a
                00000009 00000002 0010011a 00b0a23a
                """;
        assertArgs(wire, new COMPOUND4args(new byte[0], 1, List.of(
                new SEQUENCE4args(SESSION, 5, 0, 7, true),
                PUTROOTFH4args.INSTANCE,
                GETFH4args.INSTANCE,
                new GETATTR4args(new Bitmap4(new int[] {0x0010011a, 0x00b0a23a})))));
    }

    @Test
    void openCreateUncheckedByName() {
        String wire = """
                00000004 74616731
                00000001
                00000001
                00000012
                  00000000
                  00000002
                  00000000
                  0000000000000abc 00000004 6f70656e
                  00000001 00000000 00000002 00000000 00000002 00000004 000001a4
                  00000000 00000005 68656c6c 6f000000
                """;
        Fattr4 mode = new Fattr4(new Bitmap4(new int[] {0, 2}), hex("000001a4"));
        assertArgs(wire, new COMPOUND4args("tag1".getBytes(StandardCharsets.UTF_8), 1, List.of(
                new OPEN4args(0, Nfs4Const.OPEN4_SHARE_ACCESS_WRITE, Nfs4Const.OPEN4_SHARE_DENY_NONE,
                        new StateOwner4(0xabc, "open".getBytes(StandardCharsets.US_ASCII)),
                        Openflag4.create(new Createhow4.Unchecked4(mode)),
                        new OpenClaim4.ClaimNull("hello")))));
        assertThat(NfsAttrs.decode(mode).mode()).isEqualTo(0644);
    }

    @Test
    void exchangeIdWithImplementationId() {
        String wire = """
                00000000 00000001 00000001
                0000002a
                  1122334455667788 00000003 61626300
                  00000101
                  00000000
                  00000001 0000000a 6b65726e 656c2e6f 72670000 00000005 4c696e75 78000000 0000000065000000 00000007
                """;
        assertArgs(wire, new COMPOUND4args(new byte[0], 1, List.of(new EXCHANGE_ID4args(
                new ClientOwner4(hex("1122334455667788"), "abc".getBytes(StandardCharsets.US_ASCII)),
                Nfs4Const.EXCHGID4_FLAG_SUPP_MOVED_REFER | Nfs4Const.EXCHGID4_FLAG_BIND_PRINC_STATEID,
                StateProtect4A.NONE,
                new NfsImplId4("kernel.org", "Linux", new Nfstime4(0x65000000L, 7))))));
    }

    @Test
    void lockByANewLockOwner() {
        String wire = """
                00000000 00000001 00000001
                0000000c
                  00000002
                  00000000
                  0000000000000000
                  ffffffffffffffff
                  00000001
                    00000000 00000001 0102030405060708090a0b0c
                    00000000
                    0000000000000abc 00000002 6c6b0000
                """;
        Stateid4 open = new Stateid4(1, hex("0102030405060708090a0b0c"));
        assertArgs(wire, new COMPOUND4args(new byte[0], 1, List.of(new LOCK4args(Nfs4Const.WRITE_LT, false, 0, -1L,
                new OpenToLockOwner4(0, open, 0, new StateOwner4(0xabc, "lk".getBytes(StandardCharsets.US_ASCII)))))));
    }

    @Test
    void lockDeniedResult() {
        assertResop("""
                0000000c 0000271a
                0000000000000000 ffffffffffffffff 00000002
                0000000000000001 00000002 61620000
                """, LOCK4res.denied(new LOCK4denied(0, -1L, Nfs4Const.WRITE_LT, new StateOwner4(1, new byte[] {'a', 'b'}))));
    }

    @Test
    void readResult() {
        assertResop("00000019 00000000 00000001 00000005 68656c6c6f000000",
                READ4res.ok(new READ4resok(true, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void openResultWithoutDelegationBecauseOfContention() {
        assertResop("""
                00000012 00000000
                00000001 0a0b0c0d0e0f101112131415
                00000001 0000000000000001 0000000000000002
                00000004
                00000002 00000000 00000002
                00000003 00000001 00000001
                """, OPEN4res.ok(new OPEN4resok(new Stateid4(1, hex("0a0b0c0d0e0f101112131415")),
                new ChangeInfo4(true, 1, 2), Nfs4Const.OPEN4_RESULT_LOCKTYPE_POSIX, Bitmap4.of(33),
                new OpenDelegation4.NoneExt(Nfs4Const.WND4_CONTENTION, true))));
    }

    @Test
    void setattrErrorStillHasItsBitmap() {
        assertResop("00000022 00002714 00000000", SETATTR4res.error(NfsStat4.NFS4ERR_NOTSUPP));
    }

    @Test
    void sequenceResult() {
        assertResop("00000035 00000000 0102030405060708090a0b0c0d0e0f10 00000005 00000000 0000003f 0000003f 00000000",
                SEQUENCE4res.ok(new SEQUENCE4resok(SESSION, 5, 0, 63, 63, 0)));
    }

    @Test
    void readdirResult() {
        String wire = """
                0000001a 00000000
                0001020304050607
                00000001 0000000000000003 00000001 61000000 00000001 00000002 00000004 00000001
                00000001 0000000000000004 00000002 62630000 00000000 00000000
                00000000
                00000001
                """;
        assertResop(wire, READDIR4res.ok(new READDIR4resok(hex("0001020304050607"), new Dirlist4(List.of(
                new Entry4(3, "a", new Fattr4(Bitmap4.of(1), hex("00000001"))),
                new Entry4(4, "bc", Fattr4.EMPTY)), true))));
        Entry4 e = new Entry4(3, "a", new Fattr4(Bitmap4.of(1), hex("00000001")));
        assertThat(e.encodedSize()).isEqualTo(4 + 8 + 8 + 8 + 8);
    }

    @Test
    void wholeCompoundResult() {
        COMPOUND4res res = new COMPOUND4res(NfsStat4.NFS4ERR_NOENT, new byte[0], List.of(
                PUTROOTFH4res.OK,
                GETFH4res.ok(hex("aabbccdd")),
                LOOKUP4res.error(NfsStat4.NFS4ERR_NOENT)));
        String wire = "00000002 00000000 00000003 00000018 00000000 0000000a 00000000 00000004 aabbccdd 0000000f 00000002";
        XdrEncoder e = new XdrEncoder();
        Compound.encodeRes(e, res);
        assertThat(hex(e.toByteArray())).isEqualTo(wire.replace(" ", ""));
        assertThat(Compound.decodeRes(new XdrDecoder(hex(wire)))).isEqualTo(res);
    }
}
