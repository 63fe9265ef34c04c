package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READLINK (RFC 8881 §18.24): no arguments. */
public record READLINK4args() implements NfsArgop {
    public static final READLINK4args INSTANCE = new READLINK4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READLINK;
    }

    public static READLINK4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
