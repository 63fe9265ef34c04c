package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** FREE_STATEID4res (RFC 8881 §18.38). */
public record FREE_STATEID4res(int status) implements NfsResop {
    public static final FREE_STATEID4res OK = new FREE_STATEID4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_FREE_STATEID;
    }

    public static FREE_STATEID4res error(int status) {
        return new FREE_STATEID4res(status);
    }

    public static FREE_STATEID4res decode(XdrDecoder x) {
        return new FREE_STATEID4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "FREE_STATEID4res[" + NfsStat4.name(status) + "]";
    }
}
