package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** client_owner4 (RFC 8881 §2.4): the client's boot verifier and its long-lived owner id. */
public record ClientOwner4(byte[] coVerifier, byte[] coOwnerid) implements XdrEncodable {
    public ClientOwner4 {
        Nfs4Xdr.requireLength(coVerifier, Nfs4Const.NFS4_VERIFIER_SIZE, "co_verifier");
        Nfs4Xdr.requireMaxLength(coOwnerid, Nfs4Const.NFS4_OPAQUE_LIMIT, "co_ownerid");
    }

    public static ClientOwner4 decode(XdrDecoder x) {
        byte[] v = Nfs4Xdr.readVerifier(x);
        return new ClientOwner4(v, x.readOpaque(Nfs4Const.NFS4_OPAQUE_LIMIT));
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeVerifier(x, coVerifier);
        x.writeOpaque(coOwnerid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOwner4 c && Arrays.equals(c.coVerifier, coVerifier)
                && Arrays.equals(c.coOwnerid, coOwnerid);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coVerifier) + Arrays.hashCode(coOwnerid);
    }

    @Override
    public String toString() {
        return "ClientOwner4[verifier=" + Nfs4Xdr.hex(coVerifier) + ", ownerid=" + Nfs4Xdr.hex(coOwnerid) + "]";
    }
}
