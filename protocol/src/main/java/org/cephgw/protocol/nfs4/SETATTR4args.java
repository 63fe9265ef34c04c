package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SETATTR4args (RFC 8881 §18.30). The stateid matters when the size changes. */
public record SETATTR4args(Stateid4 stateid, Fattr4 objAttributes) implements NfsArgop {
    public SETATTR4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(objAttributes, "objAttributes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SETATTR;
    }

    public static SETATTR4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        Fattr4 objAttributes = Fattr4.decode(x);
        return new SETATTR4args(stateid, objAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        objAttributes.encode(x);
    }
}
