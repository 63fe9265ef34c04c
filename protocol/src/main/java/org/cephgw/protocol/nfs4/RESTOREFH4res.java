package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RESTOREFH4res (RFC 8881 §18.27). */
public record RESTOREFH4res(int status) implements NfsResop {
    public static final RESTOREFH4res OK = new RESTOREFH4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_RESTOREFH;
    }

    public static RESTOREFH4res error(int status) {
        return new RESTOREFH4res(status);
    }

    public static RESTOREFH4res decode(XdrDecoder x) {
        return new RESTOREFH4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "RESTOREFH4res[" + NfsStat4.name(status) + "]";
    }
}
