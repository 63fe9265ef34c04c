package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CLOSE4args (RFC 8881 §18.2). The seqid is ignored in 4.1. */
public record CLOSE4args(int seqid, Stateid4 openStateid) implements NfsArgop {
    public CLOSE4args {
        java.util.Objects.requireNonNull(openStateid, "openStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CLOSE;
    }

    public static CLOSE4args decode(XdrDecoder x) {
        int seqid = x.readInt();
        Stateid4 openStateid = Stateid4.decode(x);
        return new CLOSE4args(seqid, openStateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(seqid);
        openStateid.encode(x);
    }
}
