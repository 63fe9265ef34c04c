package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPEN_DOWNGRADE4args (RFC 8881 §18.18). */
public record OPEN_DOWNGRADE4args(Stateid4 openStateid, int seqid, int shareAccess, int shareDeny) implements NfsArgop {
    public OPEN_DOWNGRADE4args {
        java.util.Objects.requireNonNull(openStateid, "openStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPEN_DOWNGRADE;
    }

    public static OPEN_DOWNGRADE4args decode(XdrDecoder x) {
        Stateid4 openStateid = Stateid4.decode(x);
        int seqid = x.readInt();
        int shareAccess = x.readInt();
        int shareDeny = x.readInt();
        return new OPEN_DOWNGRADE4args(openStateid, seqid, shareAccess, shareDeny);
    }

    @Override
    public void encode(XdrEncoder x) {
        openStateid.encode(x);
        x.writeInt(seqid);
        x.writeInt(shareAccess);
        x.writeInt(shareDeny);
    }
}
