package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** FREE_STATEID4args (RFC 8881 §18.38). */
public record FREE_STATEID4args(Stateid4 stateid) implements NfsArgop {
    public FREE_STATEID4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_FREE_STATEID;
    }

    public static FREE_STATEID4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        return new FREE_STATEID4args(stateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
    }
}
