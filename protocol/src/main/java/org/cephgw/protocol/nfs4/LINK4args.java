package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LINK4args (RFC 8881 §18.9): link the saved filehandle as {@code newname} in the current directory. */
public record LINK4args(String newname) implements NfsArgop {
    public LINK4args {
        java.util.Objects.requireNonNull(newname, "newname");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LINK;
    }

    public static LINK4args decode(XdrDecoder x) {
        String newname = Nfs4Xdr.readComponent(x);
        return new LINK4args(newname);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(newname);
    }
}
