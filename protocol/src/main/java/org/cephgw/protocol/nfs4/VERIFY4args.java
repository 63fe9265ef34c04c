package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** VERIFY4args (RFC 8881 §18.31): continue only if all attributes match. */
public record VERIFY4args(Fattr4 objAttributes) implements NfsArgop {
    public VERIFY4args {
        java.util.Objects.requireNonNull(objAttributes, "objAttributes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_VERIFY;
    }

    public static VERIFY4args decode(XdrDecoder x) {
        Fattr4 objAttributes = Fattr4.decode(x);
        return new VERIFY4args(objAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        objAttributes.encode(x);
    }
}
