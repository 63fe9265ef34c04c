package org.cephgw.protocol.rpc;

/** A call the RPC layer answers itself, without reaching the program; carries that reply. */
public class RpcRejectedException extends RuntimeException {
    private final byte[] reply;

    public RpcRejectedException(byte[] reply, String reason) {
        super(reason, null, false, false);
        this.reply = reply;
    }

    /** The complete reply record (without record marking). */
    public byte[] reply() {
        return reply.clone();
    }
}
