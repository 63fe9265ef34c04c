package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DESTROY_SESSION4res (RFC 8881 §18.37). */
public record DESTROY_SESSION4res(int status) implements NfsResop {
    public static final DESTROY_SESSION4res OK = new DESTROY_SESSION4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DESTROY_SESSION;
    }

    public static DESTROY_SESSION4res error(int status) {
        return new DESTROY_SESSION4res(status);
    }

    public static DESTROY_SESSION4res decode(XdrDecoder x) {
        return new DESTROY_SESSION4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "DESTROY_SESSION4res[" + NfsStat4.name(status) + "]";
    }
}
