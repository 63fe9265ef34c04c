package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DESTROY_CLIENTID4args (RFC 8881 §18.50). */
public record DESTROY_CLIENTID4args(long clientid) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_DESTROY_CLIENTID;
    }

    public static DESTROY_CLIENTID4args decode(XdrDecoder x) {
        long clientid = x.readHyper();
        return new DESTROY_CLIENTID4args(clientid);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(clientid);
    }
}
