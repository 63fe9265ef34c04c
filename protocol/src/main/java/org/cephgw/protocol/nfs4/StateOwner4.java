package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** state_owner4 (RFC 8881 §2.4): an open_owner4 or lock_owner4, scoped to a client id. */
public record StateOwner4(long clientid, byte[] owner) implements XdrEncodable {
    public StateOwner4 {
        Nfs4Xdr.requireMaxLength(owner, Nfs4Const.NFS4_OPAQUE_LIMIT, "state_owner4.owner");
    }

    public static StateOwner4 decode(XdrDecoder x) {
        long c = x.readHyper();
        return new StateOwner4(c, x.readOpaque(Nfs4Const.NFS4_OPAQUE_LIMIT));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(clientid);
        x.writeOpaque(owner);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateOwner4 s && s.clientid == clientid && Arrays.equals(s.owner, owner);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(clientid) + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return "StateOwner4[clientid=" + Long.toHexString(clientid) + ", owner=" + Nfs4Xdr.hex(owner) + "]";
    }
}
