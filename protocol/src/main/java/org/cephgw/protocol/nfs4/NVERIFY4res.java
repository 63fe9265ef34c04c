package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** NVERIFY4res (RFC 8881 §18.15). */
public record NVERIFY4res(int status) implements NfsResop {
    public static final NVERIFY4res OK = new NVERIFY4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_NVERIFY;
    }

    public static NVERIFY4res error(int status) {
        return new NVERIFY4res(status);
    }

    public static NVERIFY4res decode(XdrDecoder x) {
        return new NVERIFY4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "NVERIFY4res[" + NfsStat4.name(status) + "]";
    }
}
