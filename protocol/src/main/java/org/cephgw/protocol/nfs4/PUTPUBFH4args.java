package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTPUBFH (RFC 8881 §18.20): no arguments. */
public record PUTPUBFH4args() implements NfsArgop {
    public static final PUTPUBFH4args INSTANCE = new PUTPUBFH4args();

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTPUBFH;
    }

    public static PUTPUBFH4args decode(XdrDecoder x) {
        return INSTANCE;
    }

    @Override
    public void encode(XdrEncoder x) {
    }
}
