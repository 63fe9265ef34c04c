package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SAVEFH4res (RFC 8881 §18.28). */
public record SAVEFH4res(int status) implements NfsResop {
    public static final SAVEFH4res OK = new SAVEFH4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SAVEFH;
    }

    public static SAVEFH4res error(int status) {
        return new SAVEFH4res(status);
    }

    public static SAVEFH4res decode(XdrDecoder x) {
        return new SAVEFH4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "SAVEFH4res[" + NfsStat4.name(status) + "]";
    }
}
