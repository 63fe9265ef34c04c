package org.cephgw.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HexFormat;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrException;
import org.junit.jupiter.api.Test;

class RpcCallTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    // xid, CALL, rpcvers 2, NFS 100003, version 4, procedure 1
    private static final String HEADER = "0000abcd 00000000 00000002 000186a3 00000004 00000001 ";
    private static final String AUTH_NONE = "00000000 00000000 ";

    /** AUTH_SYS body: stamp 7, machinename "host", uid 1000, gid 100, gids {100, 4}. */
    private static final String SYS_BODY = "00000007 00000004 686f7374 000003e8 00000064 00000002 00000064 00000004";

    @Test
    void decodesAnAuthNoneCall() {
        byte[] rec = hex(HEADER + AUTH_NONE + AUTH_NONE + "cafebabe");
        RpcCall c = RpcCall.decode(rec);
        assertThat(c.xid()).isEqualTo(0xabcd);
        assertThat(c.program()).isEqualTo(100003);
        assertThat(c.version()).isEqualTo(4);
        assertThat(c.procedure()).isEqualTo(1);
        assertThat(c.credential().flavor()).isEqualTo(RpcConstants.AUTH_NONE);
        assertThat(c.authSys()).isNull();
        assertThat(c.argsOffset()).isEqualTo(40);
        XdrDecoder args = c.args();
        assertThat(args.readInt()).isEqualTo(0xcafebabe);
        assertThat(args.remaining()).isZero();
    }

    @Test
    void decodesAnAuthSysCall() {
        byte[] rec = hex(HEADER + "00000001 00000020 " + SYS_BODY + AUTH_NONE);
        RpcCall c = RpcCall.decode(rec);
        assertThat(c.credential().flavor()).isEqualTo(RpcConstants.AUTH_SYS);
        assertThat(c.authSys()).isEqualTo(new AuthSysParms(7, "host", 1000, 100, new int[] {100, 4}));
        assertThat(c.args().remaining()).isZero();
        // the credential re-encodes to the bytes sent
        assertThat(hex(OpaqueAuth.authSys(c.authSys()).body())).isEqualTo(SYS_BODY.replace(" ", ""));
    }

    @Test
    void wrongRpcVersionIsAnsweredRpcMismatch() {
        byte[] rec = hex("0000abcd 00000000 00000003 000186a3 00000004 00000001" + AUTH_NONE + AUTH_NONE);
        RpcRejectedException e = catchThrowableOfType(RpcRejectedException.class, () -> RpcCall.decode(rec));
        // xid, REPLY, MSG_DENIED, RPC_MISMATCH, low 2, high 2
        assertThat(hex(e.reply())).isEqualTo("0000abcd" + "00000001" + "00000001" + "00000000" + "00000002" + "00000002");
    }

    private static String authBadcred() {
        // xid, REPLY, MSG_DENIED, AUTH_ERROR, AUTH_BADCRED
        return "0000abcd" + "00000001" + "00000001" + "00000001" + "00000001";
    }

    private static void assertBadCred(String record) {
        RpcRejectedException e = catchThrowableOfType(RpcRejectedException.class, () -> RpcCall.decode(hex(record)));
        assertThat(e).as("rejected").isNotNull();
        assertThat(hex(e.reply())).isEqualTo(authBadcred());
    }

    @Test
    void malformedAuthSysIsBadCred() {
        // body truncated: announces 32 bytes of credential but the AUTH_SYS inside is cut short
        assertBadCred(HEADER + "00000001 0000000c 00000007 00000004 686f7374" + AUTH_NONE);
        // trailing bytes inside the credential body
        assertBadCred(HEADER + "00000001 00000024 " + SYS_BODY + " 00000000" + AUTH_NONE);
        // 17 gids (the limit is 16)
        StringBuilder gids = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            gids.append("00000001");
        }
        String body = "00000007 00000000 000003e8 00000064 00000011 " + gids;
        int len = hex(body).length;
        assertBadCred(HEADER + "00000001 " + String.format("%08x ", len) + body + AUTH_NONE);
        // credential body longer than 400 bytes
        assertBadCred(HEADER + "00000001 00000194 " + "00".repeat(404) + AUTH_NONE);
        // credential cut off by the end of the record
        assertBadCred(HEADER + "00000001 00000020 00000007");
    }

    @Test
    void rpcsecGssIsBadCred() {
        assertBadCred(HEADER + "00000006 00000004 01020304" + AUTH_NONE);
    }

    @Test
    void truncatedVerifierIsBadVerf() {
        RpcRejectedException e = catchThrowableOfType(RpcRejectedException.class,
                () -> RpcCall.decode(hex(HEADER + AUTH_NONE + "00000000 00000008 0000")));
        assertThat(hex(e.reply())).isEqualTo("0000abcd00000001000000010000000100000003");
    }

    @Test
    void truncatedHeaderIsGarbageArgs() {
        RpcRejectedException e = catchThrowableOfType(RpcRejectedException.class,
                () -> RpcCall.decode(hex("0000abcd 00000000 00000002 000186a3")));
        // xid, REPLY, MSG_ACCEPTED, verifier AUTH_NONE, GARBAGE_ARGS
        assertThat(hex(e.reply())).isEqualTo("0000abcd" + "00000001" + "00000000" + "0000000000000000" + "00000004");
    }

    @Test
    void notACallOrNoHeaderIsNotAnswered() {
        assertThatThrownBy(() -> RpcCall.decode(hex("0000abcd 00000001 00000000"))).isInstanceOf(XdrException.class)
                .isNotInstanceOf(RpcRejectedException.class);
        assertThatThrownBy(() -> RpcCall.decode(hex("0000abcd"))).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> RpcCall.decode(new byte[0])).isInstanceOf(XdrException.class);
    }
}
