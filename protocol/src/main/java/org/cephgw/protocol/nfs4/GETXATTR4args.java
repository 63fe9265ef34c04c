package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETXATTR4args (RFC 8276 §8.4.2). */
public record GETXATTR4args(String name) implements NfsArgop {
    public GETXATTR4args {
        java.util.Objects.requireNonNull(name, "name");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETXATTR;
    }

    public static GETXATTR4args decode(XdrDecoder x) {
        String name = Nfs4Xdr.readComponent(x);
        return new GETXATTR4args(name);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(name);
    }
}
