package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOOKUPP (RFC 8881 §18.14): no arguments. */
public record LOOKUPP4args() implements NfsArgop {
    public static final LOOKUPP4args INSTANCE = new LOOKUPP4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOOKUPP;
    }

    public static LOOKUPP4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
