package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SECINFO4args (RFC 8881 §18.29). */
public record SECINFO4args(String name) implements NfsArgop {
    public SECINFO4args {
        java.util.Objects.requireNonNull(name, "name");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SECINFO;
    }

    public static SECINFO4args decode(XdrDecoder x) {
        String name = Nfs4Xdr.readComponent(x);
        return new SECINFO4args(name);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(name);
    }
}
