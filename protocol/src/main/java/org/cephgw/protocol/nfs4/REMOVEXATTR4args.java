package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** REMOVEXATTR4args (RFC 8276 §8.4.5). */
public record REMOVEXATTR4args(String name) implements NfsArgop {
    public REMOVEXATTR4args {
        java.util.Objects.requireNonNull(name, "name");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_REMOVEXATTR;
    }

    public static REMOVEXATTR4args decode(XdrDecoder x) {
        String name = Nfs4Xdr.readComponent(x);
        return new REMOVEXATTR4args(name);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(name);
    }
}
