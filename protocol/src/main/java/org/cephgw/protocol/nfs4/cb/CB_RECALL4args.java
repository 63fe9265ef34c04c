package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.nfs4.Nfs4Xdr;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CB_RECALL4args (RFC 8881 §20.2.1): give the delegation {@code stateid} on file {@code fh} back. */
public record CB_RECALL4args(Stateid4 stateid, boolean truncate, byte[] fh) implements CbOp {
    @Override
    public int opnum() {
        return OP_CB_RECALL;
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeBoolean(truncate);
        x.writeOpaque(fh);
    }

    public static CB_RECALL4args decode(XdrDecoder x) {
        Stateid4 s = Stateid4.decode(x);
        boolean t = x.readBoolean();
        return new CB_RECALL4args(s, t, Nfs4Xdr.readFh(x));
    }
}
