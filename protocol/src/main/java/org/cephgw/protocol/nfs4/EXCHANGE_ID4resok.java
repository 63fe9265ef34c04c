package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** EXCHANGE_ID4resok (RFC 8881 §18.35; serverImplId is null when none is sent). */
public record EXCHANGE_ID4resok(long clientid, int sequenceid, int flags, StateProtect4R stateProtect, ServerOwner4 serverOwner, byte[] serverScope, NfsImplId4 serverImplId) implements XdrEncodable {
    public EXCHANGE_ID4resok {
        java.util.Objects.requireNonNull(stateProtect, "stateProtect");
        java.util.Objects.requireNonNull(serverOwner, "serverOwner");
        Nfs4Xdr.requireMaxLength(serverScope, Nfs4Const.NFS4_OPAQUE_LIMIT, "serverScope");
    }

    public static EXCHANGE_ID4resok decode(XdrDecoder x) {
        long clientid = x.readHyper();
        int sequenceid = x.readInt();
        int flags = x.readInt();
        StateProtect4R stateProtect = StateProtect4R.decode(x);
        ServerOwner4 serverOwner = ServerOwner4.decode(x);
        byte[] serverScope = x.readOpaque(Nfs4Const.NFS4_OPAQUE_LIMIT);
        NfsImplId4 serverImplId = Nfs4Xdr.readOptional(x, NfsImplId4::decode);
        return new EXCHANGE_ID4resok(clientid, sequenceid, flags, stateProtect, serverOwner, serverScope, serverImplId);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(clientid);
        x.writeInt(sequenceid);
        x.writeInt(flags);
        stateProtect.encode(x);
        serverOwner.encode(x);
        x.writeOpaque(serverScope);
        Nfs4Xdr.writeOptional(x, serverImplId, (e, t) -> t.encode(e));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EXCHANGE_ID4resok o && o.clientid == clientid
                && o.sequenceid == sequenceid
                && o.flags == flags
                && java.util.Objects.equals(o.stateProtect, stateProtect)
                && java.util.Objects.equals(o.serverOwner, serverOwner)
                && Arrays.equals(o.serverScope, serverScope)
                && java.util.Objects.equals(o.serverImplId, serverImplId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (31 * (31 * (Long.hashCode(clientid)) + Integer.hashCode(sequenceid)) + Integer.hashCode(flags)) + java.util.Objects.hashCode(stateProtect)) + java.util.Objects.hashCode(serverOwner)) + Arrays.hashCode(serverScope)) + java.util.Objects.hashCode(serverImplId);
    }

    @Override
    public String toString() {
        return "EXCHANGE_ID4resok[" + "clientid=" + clientid + ", " + "sequenceid=" + sequenceid + ", " + "flags=" + flags + ", " + "stateProtect=" + stateProtect + ", " + "serverOwner=" + serverOwner + ", " + "serverScope=" + Nfs4Xdr.hex(serverScope) + ", " + "serverImplId=" + serverImplId + "]";
    }
}
