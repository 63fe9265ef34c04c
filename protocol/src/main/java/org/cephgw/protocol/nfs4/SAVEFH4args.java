package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SAVEFH (RFC 8881 §18.28): no arguments. */
public record SAVEFH4args() implements NfsArgop {
    public static final SAVEFH4args INSTANCE = new SAVEFH4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SAVEFH;
    }

    public static SAVEFH4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
