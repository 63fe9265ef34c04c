package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RENAME4resok (RFC 8881 §18.26). */
public record RENAME4resok(ChangeInfo4 sourceCinfo, ChangeInfo4 targetCinfo) implements XdrEncodable {
    public RENAME4resok {
        java.util.Objects.requireNonNull(sourceCinfo, "sourceCinfo");
        java.util.Objects.requireNonNull(targetCinfo, "targetCinfo");
    }

    public static RENAME4resok decode(XdrDecoder x) {
        ChangeInfo4 sourceCinfo = ChangeInfo4.decode(x);
        ChangeInfo4 targetCinfo = ChangeInfo4.decode(x);
        return new RENAME4resok(sourceCinfo, targetCinfo);
    }

    @Override
    public void encode(XdrEncoder x) {
        sourceCinfo.encode(x);
        targetCinfo.encode(x);
    }
}
