package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RENAME4args (RFC 8881 §18.26): oldname in the saved directory to newname in the current one. */
public record RENAME4args(String oldname, String newname) implements NfsArgop {
    public RENAME4args {
        java.util.Objects.requireNonNull(oldname, "oldname");
        java.util.Objects.requireNonNull(newname, "newname");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_RENAME;
    }

    public static RENAME4args decode(XdrDecoder x) {
        String oldname = Nfs4Xdr.readComponent(x);
        String newname = Nfs4Xdr.readComponent(x);
        return new RENAME4args(oldname, newname);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(oldname);
        x.writeString(newname);
    }
}
