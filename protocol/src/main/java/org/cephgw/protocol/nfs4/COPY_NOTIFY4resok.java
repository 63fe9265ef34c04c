package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COPY_NOTIFY4resok (RFC 7862 §15.3). */
public record COPY_NOTIFY4resok(Nfstime4 leaseTime, Stateid4 stateid, List<Netloc4> sourceServer) implements XdrEncodable {
    public COPY_NOTIFY4resok {
        java.util.Objects.requireNonNull(leaseTime, "leaseTime");
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(sourceServer, "sourceServer");
        sourceServer = List.copyOf(sourceServer);
    }

    public static COPY_NOTIFY4resok decode(XdrDecoder x) {
        Nfstime4 leaseTime = Nfstime4.decode(x);
        Stateid4 stateid = Stateid4.decode(x);
        List<Netloc4> sourceServer = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 8, Netloc4::decode);
        return new COPY_NOTIFY4resok(leaseTime, stateid, sourceServer);
    }

    @Override
    public void encode(XdrEncoder x) {
        leaseTime.encode(x);
        stateid.encode(x);
        Nfs4Xdr.writeList(x, sourceServer, (e, t) -> t.encode(e));
    }
}
