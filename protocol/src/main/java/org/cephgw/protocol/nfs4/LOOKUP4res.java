package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOOKUP4res (RFC 8881 §18.13). */
public record LOOKUP4res(int status) implements NfsResop {
    public static final LOOKUP4res OK = new LOOKUP4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOOKUP;
    }

    public static LOOKUP4res error(int status) {
        return new LOOKUP4res(status);
    }

    public static LOOKUP4res decode(XdrDecoder x) {
        return new LOOKUP4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "LOOKUP4res[" + NfsStat4.name(status) + "]";
    }
}
