package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** REMOVE4args (RFC 8881 §18.25). */
public record REMOVE4args(String target) implements NfsArgop {
    public REMOVE4args {
        java.util.Objects.requireNonNull(target, "target");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_REMOVE;
    }

    public static REMOVE4args decode(XdrDecoder x) {
        String target = Nfs4Xdr.readComponent(x);
        return new REMOVE4args(target);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(target);
    }
}
