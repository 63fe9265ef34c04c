package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPENATTR4args (RFC 8881 §18.17): named attribute directory. */
public record OPENATTR4args(boolean createdir) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPENATTR;
    }

    public static OPENATTR4args decode(XdrDecoder x) {
        boolean createdir = x.readBoolean();
        return new OPENATTR4args(createdir);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(createdir);
    }
}
