package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;
import static org.cephgw.protocol.nfs4.NfsStat4.*;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;
import org.junit.jupiter.api.Test;

/** How decodeArgs degrades on bad operations, and the server-side helpers for answering them. */
class CompoundTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** A COMPOUND header (empty tag) with {@code count} ops, then the given op bytes. */
    private static COMPOUND4args decode(int minor, int count, String ops) {
        return Compound.decodeArgs(new XdrDecoder(hex(String.format("00000000 %08x %08x ", minor, count) + ops)));
    }

    @Test
    void undecodableOpEndsTheListWithBadXdr() {
        // PUTROOTFH, GETFH, LOOKUP whose name announces 16 bytes where 12 are left, then GETATTR
        COMPOUND4args a = decode(1, 4, "00000018 0000000a 0000000f 00000010 61626364 00000009 00000000");
        assertThat(a.argarray()).hasSize(3);
        assertThat(a.argarray().get(0)).isEqualTo(PUTROOTFH4args.INSTANCE);
        assertThat(a.argarray().get(1)).isEqualTo(GETFH4args.INSTANCE);
        BadXdrArgop bad = (BadXdrArgop) a.argarray().get(2);
        assertThat(bad.opnum()).isEqualTo(OP_LOOKUP);
        assertThat(bad.status()).isEqualTo(NFS4ERR_BADXDR);
        assertThat(Compound.placeholderResult(bad)).isEqualTo(new StatusOnlyRes(OP_LOOKUP, NFS4ERR_BADXDR));
    }

    @Test
    void nameThatIsNotUtf8IsInval() {
        COMPOUND4args a = decode(1, 2, "00000018 0000000f 00000002 c3280000");
        assertThat(a.argarray().get(1)).isEqualTo(new BadXdrArgop(OP_LOOKUP, NFS4ERR_INVAL, "string is not valid UTF-8"));
    }

    @Test
    void opnumsThatAreNotOperationsAreIllegal() {
        for (int opnum : new int[] {0, 1, 2, 76, 99, OP_ILLEGAL, -1}) {
            COMPOUND4args a = decode(2, 2, "0000000a " + String.format("%08x", opnum));
            assertThat(a.argarray()).containsExactly(GETFH4args.INSTANCE, new IllegalArgop(opnum));
            assertThat(Compound.placeholderResult(a.argarray().get(1))).isEqualTo(ILLEGAL4res.INSTANCE);
        }
    }

    @Test
    void operationsOfALaterMinorVersionAreIllegal() {
        String allocate = "0000003b " + "00000000 000000000000000000000000 " + "0000000000000000 0000000000001000";
        assertThat(decode(1, 1, allocate).argarray()).containsExactly(new IllegalArgop(OP_ALLOCATE));
        assertThat(decode(2, 1, allocate).argarray().get(0)).isInstanceOf(ALLOCATE4args.class);
        // minor version 0 has no SEQUENCE
        assertThat(decode(0, 1, "00000035").argarray()).containsExactly(new IllegalArgop(OP_SEQUENCE));
    }

    @Test
    void operationsWithoutArgumentCodecAreUnsupported() {
        for (int opnum : new int[] {OP_LAYOUTGET, OP_OPEN_CONFIRM, OP_SETCLIENTID, OP_RENEW, OP_SET_SSV, OP_WRITE_SAME}) {
            COMPOUND4args a = decode(2, 2, String.format("%08x 0000000a", opnum));
            assertThat(a.argarray()).containsExactly(new UnsupportedArgop(opnum));
            assertThat(Compound.placeholderResult(a.argarray().get(0))).isEqualTo(new StatusOnlyRes(opnum, NFS4ERR_NOTSUPP));
        }
    }

    @Test
    void filehandleLongerThan128IsBadXdr() {
        String fh129 = "00000081 " + "00".repeat(132);
        assertThat(decode(1, 1, "00000016 " + fh129).argarray())
                .singleElement().isInstanceOfSatisfying(BadXdrArgop.class, b -> assertThat(b.opnum()).isEqualTo(OP_PUTFH));
        String fh128 = "00000080 " + "00".repeat(128);
        assertThat(decode(1, 1, "00000016 " + fh128).argarray().get(0)).isEqualTo(new PUTFH4args(new byte[128]));
    }

    @Test
    void opsRunningOutBeforeAnOpnumAreBadXdr() {
        // two ops announced; ACCESS takes all that is left
        COMPOUND4args a = decode(1, 2, "00000003 0000001f");
        assertThat(a.argarray()).containsExactly(new ACCESS4args(0x1f),
                new BadXdrArgop(OP_ILLEGAL, NFS4ERR_BADXDR, "truncated before the opnum"));
        assertThat(Compound.placeholderResult(a.argarray().get(1))).isEqualTo(new ILLEGAL4res(NFS4ERR_BADXDR));
    }

    @Test
    void badUnionDiscriminantsAreBadXdr() {
        // OPEN with claim type 9
        String open = "00000012 00000000 00000001 00000000 0000000000000001 00000000 00000000 00000009";
        assertThat(decode(1, 1, open).argarray().get(0))
                .isInstanceOfSatisfying(BadXdrArgop.class, b -> assertThat(b.status()).isEqualTo(NFS4ERR_BADXDR));
        // LOCK with new_lock_owner = 2
        String lock = "0000000c 00000002 00000000 0000000000000000 ffffffffffffffff 00000002";
        assertThat(decode(1, 1, lock).argarray().get(0)).isInstanceOf(BadXdrArgop.class);
        // EXCHANGE_ID with two implementation ids (the array is <1>)
        String exid = "0000002a 0000000000000000 00000000 00000000 00000000 00000002";
        assertThat(decode(1, 1, exid).argarray().get(0)).isInstanceOf(BadXdrArgop.class);
    }

    @Test
    void headerFailuresThrow() {
        assertThatThrownBy(() -> Compound.decodeArgs(new XdrDecoder(hex("000000")))).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> Compound.decodeArgs(new XdrDecoder(hex("00000008 6162")))).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> Compound.decodeArgs(new XdrDecoder(hex("00000000 00000001"))))
                .isInstanceOf(XdrException.class);
        // tag over 1024 bytes
        assertThatThrownBy(() -> Compound.decodeArgs(new XdrDecoder(hex("00000404 " + "61".repeat(1028) + "00000001 00000000"))))
                .isInstanceOf(XdrException.class);
        // more than 1024 ops, and more ops than bytes
        assertThatThrownBy(() -> decode(1, 1025, "0000000a".repeat(1025))).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> decode(1, 3, "0000000a 0000000a")).isInstanceOf(XdrException.class);
        assertThat(decode(1, 1024, "0000000a".repeat(1024)).argarray()).hasSize(1024);
    }

    @Test
    void bytesAfterTheLastOpAreIgnored() {
        XdrDecoder d = new XdrDecoder(hex("00000000 00000001 00000001 0000000a 01020304"));
        assertThat(Compound.decodeArgs(d).argarray()).containsExactly(GETFH4args.INSTANCE);
        assertThat(d.remaining()).isEqualTo(4);
    }

    @Test
    void writeDataIsASliceOfTheRequest() {
        XdrEncoder e = new XdrEncoder();
        Compound.encodeArgs(e, new COMPOUND4args(new byte[0], 1,
                List.of(new WRITE4args(Stateid4.ANONYMOUS, 0, Nfs4Const.UNSTABLE4, ByteBuffer.wrap(new byte[] {1, 2, 3})))));
        byte[] wire = e.toByteArray();
        WRITE4args w = (WRITE4args) Compound.decodeArgs(new XdrDecoder(wire)).argarray().get(0);
        assertThat(w.data().remaining()).isEqualTo(3);
        assertThat(w.data().array()).isSameAs(wire);
        wire[wire.length - 4] = 9; // data begins 4 bytes (3 + 1 pad) before the end
        assertThat(w.data().get(w.data().position())).isEqualTo((byte) 9);
        // encoding does not move the buffer's position
        ByteBuffer before = w.data().duplicate();
        w.encode(new XdrEncoder());
        assertThat(w.data()).isEqualTo(before);
        assertThat(w.data().position()).isEqualTo(before.position());
    }

    @Test
    void writeDataCannotExceedWhatWasSent() {
        String write = "00000026 00000000 000000000000000000000000 0000000000000000 00000000 7fffffff 01020304";
        assertThat(decode(1, 1, write).argarray().get(0)).isInstanceOf(BadXdrArgop.class);
    }

    @Test
    void errorResultsEncodeTheRightUnionArm() {
        XdrEncoder e = new XdrEncoder();
        Compound.encodeResop(e, Compound.errorResult(OP_SETATTR, NFS4ERR_BADXDR));
        // SETATTR4res is not a union: the empty attrsset follows the status
        assertThat(hex(e.toByteArray())).isEqualTo("00000022" + "00002734" + "00000000");
        assertThat(Compound.errorResult(OP_ILLEGAL, NFS4ERR_BADXDR)).isEqualTo(new ILLEGAL4res(NFS4ERR_BADXDR));
        assertThat(Compound.errorResult(OP_GETATTR, NFS4ERR_STALE)).isEqualTo(new StatusOnlyRes(OP_GETATTR, NFS4ERR_STALE));
        assertThatThrownBy(() -> Compound.errorResult(OP_LOCK, NFS4ERR_DENIED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.errorResult(OP_LOCKT, NFS4ERR_DENIED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.errorResult(OP_COPY, NFS4ERR_OFFLOAD_NO_REQS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.errorResult(OP_GETATTR, NFS4_OK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusOnlyResultsRefuseStatusesWithBodies() {
        assertThatThrownBy(() -> new StatusOnlyRes(OP_SETATTR, NFS4ERR_IO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusOnlyRes(OP_GETATTR, NFS4_OK)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StatusOnlyRes(OP_LOOKUP, NFS4_OK).status()).isZero();
        XdrEncoder e = new XdrEncoder();
        Compound.encodeResop(e, new StatusOnlyRes(OP_LAYOUTGET, NFS4ERR_NOTSUPP));
        assertThat(hex(e.toByteArray())).isEqualTo("00000032" + "00002714");
    }

    @Test
    void resultsWithoutACodecDecodeAsStatusOnlyUnlessTheyCarryABody() {
        assertThat(Compound.decodeResop(new XdrDecoder(hex("00000032 00002714"))))
                .isEqualTo(new StatusOnlyRes(OP_LAYOUTGET, NFS4ERR_NOTSUPP));
        assertThatThrownBy(() -> Compound.decodeResop(new XdrDecoder(hex("00000032 00000000 00000000"))))
                .isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> Compound.decodeResop(new XdrDecoder(hex("00000032 0000274a"))))
                .as("LAYOUTGET with LAYOUTTRYLATER has a body").isInstanceOf(XdrException.class);
    }

    @Test
    void resultConstructorsEnforceTheirUnionArm() {
        assertThatThrownBy(() -> new GETATTR4res(NFS4_OK, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GETATTR4res(NFS4ERR_IO, Fattr4.EMPTY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LOCK4res(NFS4ERR_DENIED, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOCK4res.error(NFS4ERR_DENIED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LOCKT4res.error(NFS4ERR_DENIED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OPEN4res(NFS4_OK, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> COPY4res.error(NFS4ERR_OFFLOAD_NO_REQS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SETATTR4res.error(NFS4ERR_PERM).attrsset()).isEqualTo(Bitmap4.EMPTY);
        assertThat(GETATTR4res.error(NFS4ERR_STALE).objAttributes()).isNull();
    }

    @Test
    void placeholdersCannotBeEncodedExceptIllegal() {
        assertThatThrownBy(() -> new BadXdrArgop(OP_OPEN, NFS4ERR_BADXDR, "x").encode(new XdrEncoder()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new UnsupportedArgop(OP_LAYOUTGET).encode(new XdrEncoder()))
                .isInstanceOf(IllegalStateException.class);
        XdrEncoder e = new XdrEncoder();
        Compound.encodeArgs(e, new COMPOUND4args(new byte[0], 1, List.of(new IllegalArgop(OP_ILLEGAL))));
        assertThat(hex(e.toByteArray())).isEqualTo("00000000" + "00000001" + "00000001" + "0000273c");
    }
}
