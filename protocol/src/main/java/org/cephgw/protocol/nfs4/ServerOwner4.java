package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * server_owner4 (RFC 8881 §2.5): servers with equal major ids share client state (trunking);
 * with equal minor ids too, connections may join the same session.
 */
public record ServerOwner4(long soMinorId, byte[] soMajorId) implements XdrEncodable {
    public ServerOwner4 {
        Nfs4Xdr.requireMaxLength(soMajorId, Nfs4Const.NFS4_OPAQUE_LIMIT, "so_major_id");
    }

    public static ServerOwner4 decode(XdrDecoder x) {
        long minor = x.readHyper();
        return new ServerOwner4(minor, x.readOpaque(Nfs4Const.NFS4_OPAQUE_LIMIT));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(soMinorId);
        x.writeOpaque(soMajorId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerOwner4 s && s.soMinorId == soMinorId && Arrays.equals(s.soMajorId, soMajorId);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(soMinorId) + Arrays.hashCode(soMajorId);
    }

    @Override
    public String toString() {
        return "ServerOwner4[minor=" + soMinorId + ", major=" + Nfs4Xdr.hex(soMajorId) + "]";
    }
}
