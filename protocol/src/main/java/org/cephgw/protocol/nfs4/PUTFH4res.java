package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTFH4res (RFC 8881 §18.19). */
public record PUTFH4res(int status) implements NfsResop {
    public static final PUTFH4res OK = new PUTFH4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTFH;
    }

    public static PUTFH4res error(int status) {
        return new PUTFH4res(status);
    }

    public static PUTFH4res decode(XdrDecoder x) {
        return new PUTFH4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "PUTFH4res[" + NfsStat4.name(status) + "]";
    }
}
