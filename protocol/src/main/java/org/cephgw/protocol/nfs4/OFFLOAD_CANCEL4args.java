package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OFFLOAD_CANCEL4args (RFC 7862 §15.8). */
public record OFFLOAD_CANCEL4args(Stateid4 stateid) implements NfsArgop {
    public OFFLOAD_CANCEL4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OFFLOAD_CANCEL;
    }

    public static OFFLOAD_CANCEL4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        return new OFFLOAD_CANCEL4args(stateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
    }
}
