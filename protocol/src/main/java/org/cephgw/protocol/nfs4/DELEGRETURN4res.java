package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DELEGRETURN4res (RFC 8881 §18.6). */
public record DELEGRETURN4res(int status) implements NfsResop {
    public static final DELEGRETURN4res OK = new DELEGRETURN4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DELEGRETURN;
    }

    public static DELEGRETURN4res error(int status) {
        return new DELEGRETURN4res(status);
    }

    public static DELEGRETURN4res decode(XdrDecoder x) {
        return new DELEGRETURN4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "DELEGRETURN4res[" + NfsStat4.name(status) + "]";
    }
}
