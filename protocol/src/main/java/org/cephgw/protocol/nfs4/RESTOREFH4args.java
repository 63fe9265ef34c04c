package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RESTOREFH (RFC 8881 §18.27): no arguments. */
public record RESTOREFH4args() implements NfsArgop {
    public static final RESTOREFH4args INSTANCE = new RESTOREFH4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_RESTOREFH;
    }

    public static RESTOREFH4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
