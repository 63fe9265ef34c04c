package org.cephgw.protocol.rpc;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

/**
 * The calling side of ONC RPC (RFC 5531 §9), as the server needs it for NFSv4.1 back-channel
 * calls: encoding a call and reading the reply that comes back on the same connection.
 */
public final class RpcCalls {
    private RpcCalls() {
    }

    /**
     * A reply header and what follows it.
     *
     * @param acceptStat SUCCESS, GARBAGE_ARGS, … for accepted replies; -1 for denied ones
     * @param body       the procedure's results (from {@code bodyOffset} of the record)
     */
    public record Reply(int xid, int acceptStat, byte[] record, int bodyOffset) {
        public boolean isSuccess() {
            return acceptStat == RpcConstants.SUCCESS;
        }

        public XdrDecoder body() {
            return new XdrDecoder(record, bodyOffset, record.length - bodyOffset);
        }
    }

    /** One CALL record (without record marking) with an AUTH_NONE verifier. */
    public static byte[] call(int xid, int program, int version, int procedure, OpaqueAuth cred, byte[] args) {
        XdrEncoder x = new XdrEncoder(64 + args.length);
        x.writeInt(xid).writeInt(RpcConstants.CALL).writeInt(RpcConstants.RPC_VERSION);
        x.writeInt(program).writeInt(version).writeInt(procedure);
        cred.encode(x);
        OpaqueAuth.NONE.encode(x);
        x.writeEncoded(args, 0, args.length);
        return x.toByteArray();
    }

    /** The xid of a record, or throws when it is shorter than one. */
    public static int xid(byte[] record) {
        return new XdrDecoder(record).readInt();
    }

    /**
     * Reads a REPLY record.
     *
     * @throws XdrException when it is not a well-formed reply
     */
    public static Reply reply(byte[] record) {
        XdrDecoder x = new XdrDecoder(record);
        int xid = x.readInt();
        if (x.readInt() != RpcConstants.REPLY) {
            throw new XdrException("not a reply");
        }
        if (x.readInt() != RpcConstants.MSG_ACCEPTED) {
            return new Reply(xid, -1, record, record.length);
        }
        OpaqueAuth.decode(x);
        int stat = x.readInt();
        return new Reply(xid, stat, record, x.position());
    }
}
