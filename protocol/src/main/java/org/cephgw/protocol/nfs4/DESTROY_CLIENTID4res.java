package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DESTROY_CLIENTID4res (RFC 8881 §18.50). */
public record DESTROY_CLIENTID4res(int status) implements NfsResop {
    public static final DESTROY_CLIENTID4res OK = new DESTROY_CLIENTID4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DESTROY_CLIENTID;
    }

    public static DESTROY_CLIENTID4res error(int status) {
        return new DESTROY_CLIENTID4res(status);
    }

    public static DESTROY_CLIENTID4res decode(XdrDecoder x) {
        return new DESTROY_CLIENTID4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "DESTROY_CLIENTID4res[" + NfsStat4.name(status) + "]";
    }
}
