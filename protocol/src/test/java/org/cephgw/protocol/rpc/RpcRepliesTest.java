package org.cephgw.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** Replies against bytes assembled by hand from RFC 5531 §9 (reply_body). */
class RpcRepliesTest {
    private static final int XID = 0x01020304;

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void successHeaderThenResults() {
        XdrEncoder x = RpcReplies.success(XID, 0);
        x.writeInt(0x55);
        // xid | REPLY | MSG_ACCEPTED | verf AUTH_NONE, length 0 | SUCCESS | results
        assertThat(hex(x.toByteArray())).isEqualTo("01020304" + "00000001" + "00000000" + "00000000" + "00000000"
                + "00000000" + "00000055");
    }

    @Test
    void acceptedErrors() {
        assertThat(hex(RpcReplies.accepted(XID, RpcConstants.PROG_UNAVAIL)))
                .isEqualTo("01020304" + "00000001" + "00000000" + "0000000000000000" + "00000001");
        assertThat(hex(RpcReplies.accepted(XID, RpcConstants.PROC_UNAVAIL)))
                .isEqualTo("01020304" + "00000001" + "00000000" + "0000000000000000" + "00000003");
        assertThat(hex(RpcReplies.accepted(XID, RpcConstants.GARBAGE_ARGS)))
                .isEqualTo("01020304" + "00000001" + "00000000" + "0000000000000000" + "00000004");
        assertThat(hex(RpcReplies.accepted(XID, RpcConstants.SYSTEM_ERR)))
                .isEqualTo("01020304" + "00000001" + "00000000" + "0000000000000000" + "00000005");
        assertThatThrownBy(() -> RpcReplies.accepted(XID, RpcConstants.SUCCESS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpcReplies.accepted(XID, RpcConstants.PROG_MISMATCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progMismatchCarriesTheVersionRange() {
        assertThat(hex(RpcReplies.progMismatch(XID, 4, 4)))
                .isEqualTo("01020304" + "00000001" + "00000000" + "0000000000000000" + "00000002" + "00000004" + "00000004");
    }

    @Test
    void deniedReplies() {
        // xid | REPLY | MSG_DENIED | RPC_MISMATCH | low 2 | high 2
        assertThat(hex(RpcReplies.rpcMismatch(XID)))
                .isEqualTo("01020304" + "00000001" + "00000001" + "00000000" + "00000002" + "00000002");
        // xid | REPLY | MSG_DENIED | AUTH_ERROR | auth_stat
        assertThat(hex(RpcReplies.authError(XID, RpcConstants.AUTH_BADCRED)))
                .isEqualTo("01020304" + "00000001" + "00000001" + "00000001" + "00000001");
        assertThat(hex(RpcReplies.authError(XID, RpcConstants.AUTH_TOOWEAK)))
                .isEqualTo("01020304" + "00000001" + "00000001" + "00000001" + "00000005");
    }
}
