package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOOKUPP4res (RFC 8881 §18.14). */
public record LOOKUPP4res(int status) implements NfsResop {
    public static final LOOKUPP4res OK = new LOOKUPP4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOOKUPP;
    }

    public static LOOKUPP4res error(int status) {
        return new LOOKUPP4res(status);
    }

    public static LOOKUPP4res decode(XdrDecoder x) {
        return new LOOKUPP4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "LOOKUPP4res[" + NfsStat4.name(status) + "]";
    }
}
