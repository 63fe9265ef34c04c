package org.cephgw.protocol.rpc;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrException;

/**
 * The header of an ONC RPC call (RFC 5531 §9 call_body) and where its arguments start in the
 * record. The arguments are decoded by the program, from {@link #args()}.
 *
 * @param authSys the decoded AUTH_SYS credential, or null for AUTH_NONE
 */
public record RpcCall(int xid, int program, int version, int procedure, OpaqueAuth credential,
                      OpaqueAuth verifier, AuthSysParms authSys, byte[] record, int argsOffset) {

    /** A decoder positioned at the procedure's arguments. */
    public XdrDecoder args() {
        return new XdrDecoder(record, argsOffset, record.length - argsOffset);
    }

    /**
     * Reads an RPC call header from one complete record.
     *
     * @throws RpcRejectedException with the reply to send when the header is well-formed enough
     *         to answer (RPC version mismatch, bad credential)
     * @throws XdrException when not even the xid and message type can be read, or the message
     *         is not a call (the caller decides what to do with replies)
     */
    public static RpcCall decode(byte[] record) {
        XdrDecoder x = new XdrDecoder(record);
        int xid = x.readInt();
        int type = x.readInt();
        if (type != RpcConstants.CALL) {
            throw new XdrException("message type " + type + " is not a call");
        }
        int rpcvers;
        int prog;
        int vers;
        int proc;
        try {
            rpcvers = x.readInt();
            if (rpcvers != RpcConstants.RPC_VERSION) {
                throw new RpcRejectedException(RpcReplies.rpcMismatch(xid), "RPC version " + rpcvers);
            }
            prog = x.readInt();
            vers = x.readInt();
            proc = x.readInt();
        } catch (XdrException e) {
            throw new RpcRejectedException(RpcReplies.accepted(xid, RpcConstants.GARBAGE_ARGS), "truncated header");
        }
        OpaqueAuth cred;
        OpaqueAuth verf;
        try {
            cred = OpaqueAuth.decode(x);
        } catch (XdrException e) {
            throw new RpcRejectedException(RpcReplies.authError(xid, RpcConstants.AUTH_BADCRED), "credential: " + e.getMessage());
        }
        try {
            verf = OpaqueAuth.decode(x);
        } catch (XdrException e) {
            throw new RpcRejectedException(RpcReplies.authError(xid, RpcConstants.AUTH_BADVERF), "verifier: " + e.getMessage());
        }
        AuthSysParms sys = null;
        switch (cred.flavor()) {
            case RpcConstants.AUTH_NONE -> { }
            case RpcConstants.AUTH_SYS -> {
                try {
                    XdrDecoder c = new XdrDecoder(cred.body());
                    sys = AuthSysParms.decode(c);
                    c.expectEnd();
                } catch (XdrException | IllegalArgumentException e) {
                    throw new RpcRejectedException(RpcReplies.authError(xid, RpcConstants.AUTH_BADCRED), "AUTH_SYS: " + e.getMessage());
                }
            }
            // RPCSEC_GSS and the rest are not offered: the client must fall back to AUTH_SYS
            default -> throw new RpcRejectedException(RpcReplies.authError(xid, RpcConstants.AUTH_BADCRED),
                    "unsupported auth flavor " + cred.flavor());
        }
        return new RpcCall(xid, prog, vers, proc, cred, verf, sys, record, x.position());
    }
}
