package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OFFLOAD_STATUS4args (RFC 7862 §15.9). */
public record OFFLOAD_STATUS4args(Stateid4 stateid) implements NfsArgop {
    public OFFLOAD_STATUS4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OFFLOAD_STATUS;
    }

    public static OFFLOAD_STATUS4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        return new OFFLOAD_STATUS4args(stateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
    }
}
