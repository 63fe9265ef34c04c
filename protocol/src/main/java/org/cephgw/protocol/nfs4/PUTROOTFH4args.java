package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTROOTFH (RFC 8881 §18.21): no arguments. */
public record PUTROOTFH4args() implements NfsArgop {
    public static final PUTROOTFH4args INSTANCE = new PUTROOTFH4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTROOTFH;
    }

    public static PUTROOTFH4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
