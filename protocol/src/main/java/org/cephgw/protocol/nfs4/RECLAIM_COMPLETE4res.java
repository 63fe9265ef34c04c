package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RECLAIM_COMPLETE4res (RFC 8881 §18.51). */
public record RECLAIM_COMPLETE4res(int status) implements NfsResop {
    public static final RECLAIM_COMPLETE4res OK = new RECLAIM_COMPLETE4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_RECLAIM_COMPLETE;
    }

    public static RECLAIM_COMPLETE4res error(int status) {
        return new RECLAIM_COMPLETE4res(status);
    }

    public static RECLAIM_COMPLETE4res decode(XdrDecoder x) {
        return new RECLAIM_COMPLETE4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "RECLAIM_COMPLETE4res[" + NfsStat4.name(status) + "]";
    }
}
