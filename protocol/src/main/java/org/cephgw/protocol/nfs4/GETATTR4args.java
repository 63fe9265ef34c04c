package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETATTR4args (RFC 8881 §18.7). */
public record GETATTR4args(Bitmap4 attrRequest) implements NfsArgop {
    public GETATTR4args {
        java.util.Objects.requireNonNull(attrRequest, "attrRequest");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETATTR;
    }

    public static GETATTR4args decode(XdrDecoder x) {
        Bitmap4 attrRequest = Bitmap4.decode(x);
        return new GETATTR4args(attrRequest);
    }

    @Override
    public void encode(XdrEncoder x) {
        attrRequest.encode(x);
    }
}
