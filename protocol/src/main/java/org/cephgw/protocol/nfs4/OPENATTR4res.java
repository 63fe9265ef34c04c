package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPENATTR4res (RFC 8881 §18.17). */
public record OPENATTR4res(int status) implements NfsResop {
    public static final OPENATTR4res OK = new OPENATTR4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPENATTR;
    }

    public static OPENATTR4res error(int status) {
        return new OPENATTR4res(status);
    }

    public static OPENATTR4res decode(XdrDecoder x) {
        return new OPENATTR4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "OPENATTR4res[" + NfsStat4.name(status) + "]";
    }
}
