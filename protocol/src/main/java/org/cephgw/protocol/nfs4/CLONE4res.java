package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CLONE4res (RFC 7862 §15.13). */
public record CLONE4res(int status) implements NfsResop {
    public static final CLONE4res OK = new CLONE4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CLONE;
    }

    public static CLONE4res error(int status) {
        return new CLONE4res(status);
    }

    public static CLONE4res decode(XdrDecoder x) {
        return new CLONE4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "CLONE4res[" + NfsStat4.name(status) + "]";
    }
}
