package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DELEGRETURN4args (RFC 8881 §18.6). */
public record DELEGRETURN4args(Stateid4 delegStateid) implements NfsArgop {
    public DELEGRETURN4args {
        java.util.Objects.requireNonNull(delegStateid, "delegStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DELEGRETURN;
    }

    public static DELEGRETURN4args decode(XdrDecoder x) {
        Stateid4 delegStateid = Stateid4.decode(x);
        return new DELEGRETURN4args(delegStateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        delegStateid.encode(x);
    }
}
