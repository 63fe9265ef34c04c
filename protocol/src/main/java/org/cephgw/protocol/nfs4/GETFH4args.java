package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETFH (RFC 8881 §18.8): no arguments. */
public record GETFH4args() implements NfsArgop {
    public static final GETFH4args INSTANCE = new GETFH4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETFH;
    }

    public static GETFH4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
