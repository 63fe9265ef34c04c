package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE4args (RFC 8881 §18.4): make a non-regular object in the current directory. */
public record CREATE4args(Createtype4 objtype, String objname, Fattr4 createattrs) implements NfsArgop {
    public CREATE4args {
        java.util.Objects.requireNonNull(objtype, "objtype");
        java.util.Objects.requireNonNull(objname, "objname");
        java.util.Objects.requireNonNull(createattrs, "createattrs");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CREATE;
    }

    public static CREATE4args decode(XdrDecoder x) {
        Createtype4 objtype = Createtype4.decode(x);
        String objname = Nfs4Xdr.readComponent(x);
        Fattr4 createattrs = Fattr4.decode(x);
        return new CREATE4args(objtype, objname, createattrs);
    }

    @Override
    public void encode(XdrEncoder x) {
        objtype.encode(x);
        x.writeString(objname);
        createattrs.encode(x);
    }
}
