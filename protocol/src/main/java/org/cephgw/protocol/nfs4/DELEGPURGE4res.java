package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DELEGPURGE4res (RFC 8881 §18.5). */
public record DELEGPURGE4res(int status) implements NfsResop {
    public static final DELEGPURGE4res OK = new DELEGPURGE4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DELEGPURGE;
    }

    public static DELEGPURGE4res error(int status) {
        return new DELEGPURGE4res(status);
    }

    public static DELEGPURGE4res decode(XdrDecoder x) {
        return new DELEGPURGE4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "DELEGPURGE4res[" + NfsStat4.name(status) + "]";
    }
}
