package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Nfs4Xdr;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CB_GETATTR4args (RFC 8881 §20.1.1): the attributes a write-delegation holder has cached. */
public record CB_GETATTR4args(byte[] fh, Bitmap4 attrRequest) implements CbOp {
    @Override
    public int opnum() {
        return OP_CB_GETATTR;
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeOpaque(fh);
        attrRequest.encode(x);
    }

    public static CB_GETATTR4args decode(XdrDecoder x) {
        byte[] fh = Nfs4Xdr.readFh(x);
        return new CB_GETATTR4args(fh, Bitmap4.decode(x));
    }
}
