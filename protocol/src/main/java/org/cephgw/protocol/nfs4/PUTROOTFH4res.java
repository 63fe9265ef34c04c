package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTROOTFH4res (RFC 8881 §18.21). */
public record PUTROOTFH4res(int status) implements NfsResop {
    public static final PUTROOTFH4res OK = new PUTROOTFH4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTROOTFH;
    }

    public static PUTROOTFH4res error(int status) {
        return new PUTROOTFH4res(status);
    }

    public static PUTROOTFH4res decode(XdrDecoder x) {
        return new PUTROOTFH4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "PUTROOTFH4res[" + NfsStat4.name(status) + "]";
    }
}
