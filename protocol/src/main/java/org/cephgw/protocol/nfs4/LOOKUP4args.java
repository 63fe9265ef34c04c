package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOOKUP4args (RFC 8881 §18.13). */
public record LOOKUP4args(String objname) implements NfsArgop {
    public LOOKUP4args {
        java.util.Objects.requireNonNull(objname, "objname");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOOKUP;
    }

    public static LOOKUP4args decode(XdrDecoder x) {
        String objname = Nfs4Xdr.readComponent(x);
        return new LOOKUP4args(objname);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(objname);
    }
}
