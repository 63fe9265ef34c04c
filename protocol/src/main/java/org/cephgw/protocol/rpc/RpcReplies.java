package org.cephgw.protocol.rpc;

import org.cephgw.protocol.xdr.XdrEncoder;

/** Builds ONC RPC replies (RFC 5531 §9 reply_body). Verifiers are always AUTH_NONE. */
public final class RpcReplies {
    private RpcReplies() {
    }

    /**
     * Starts an accepted SUCCESS reply; the caller appends the procedure's results to the
     * returned encoder.
     */
    public static XdrEncoder success(int xid, int sizeHint) {
        XdrEncoder x = new XdrEncoder(24 + sizeHint);
        acceptedHeader(x, xid, RpcConstants.SUCCESS);
        return x;
    }

    /** An accepted reply with no body: PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR. */
    public static byte[] accepted(int xid, int acceptStat) {
        if (acceptStat == RpcConstants.PROG_MISMATCH || acceptStat == RpcConstants.SUCCESS) {
            throw new IllegalArgumentException("accept_stat " + acceptStat + " carries a body");
        }
        XdrEncoder x = new XdrEncoder(24);
        acceptedHeader(x, xid, acceptStat);
        return x.toByteArray();
    }

    public static byte[] progMismatch(int xid, int low, int high) {
        XdrEncoder x = new XdrEncoder(32);
        acceptedHeader(x, xid, RpcConstants.PROG_MISMATCH);
        x.writeInt(low);
        x.writeInt(high);
        return x.toByteArray();
    }

    public static byte[] rpcMismatch(int xid) {
        XdrEncoder x = new XdrEncoder(24);
        x.writeInt(xid).writeInt(RpcConstants.REPLY).writeInt(RpcConstants.MSG_DENIED).writeInt(RpcConstants.RPC_MISMATCH);
        x.writeInt(RpcConstants.RPC_VERSION).writeInt(RpcConstants.RPC_VERSION);
        return x.toByteArray();
    }

    public static byte[] authError(int xid, int authStat) {
        XdrEncoder x = new XdrEncoder(20);
        x.writeInt(xid).writeInt(RpcConstants.REPLY).writeInt(RpcConstants.MSG_DENIED).writeInt(RpcConstants.AUTH_ERROR);
        x.writeInt(authStat);
        return x.toByteArray();
    }

    private static void acceptedHeader(XdrEncoder x, int xid, int acceptStat) {
        x.writeInt(xid).writeInt(RpcConstants.REPLY).writeInt(RpcConstants.MSG_ACCEPTED);
        OpaqueAuth.NONE.encode(x);
        x.writeInt(acceptStat);
    }
}
