package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** VERIFY4res (RFC 8881 §18.31). */
public record VERIFY4res(int status) implements NfsResop {
    public static final VERIFY4res OK = new VERIFY4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_VERIFY;
    }

    public static VERIFY4res error(int status) {
        return new VERIFY4res(status);
    }

    public static VERIFY4res decode(XdrDecoder x) {
        return new VERIFY4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "VERIFY4res[" + NfsStat4.name(status) + "]";
    }
}
