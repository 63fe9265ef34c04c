package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DELEGPURGE4args (RFC 8881 §18.5). */
public record DELEGPURGE4args(long clientid) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_DELEGPURGE;
    }

    public static DELEGPURGE4args decode(XdrDecoder x) {
        long clientid = x.readHyper();
        return new DELEGPURGE4args(clientid);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(clientid);
    }
}
