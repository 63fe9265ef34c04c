package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** NVERIFY4args (RFC 8881 §18.15): continue only if some attribute differs. */
public record NVERIFY4args(Fattr4 objAttributes) implements NfsArgop {
    public NVERIFY4args {
        java.util.Objects.requireNonNull(objAttributes, "objAttributes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_NVERIFY;
    }

    public static NVERIFY4args decode(XdrDecoder x) {
        Fattr4 objAttributes = Fattr4.decode(x);
        return new NVERIFY4args(objAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        objAttributes.encode(x);
    }
}
