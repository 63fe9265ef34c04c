package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OFFLOAD_CANCEL4res (RFC 7862 §15.8). */
public record OFFLOAD_CANCEL4res(int status) implements NfsResop {
    public static final OFFLOAD_CANCEL4res OK = new OFFLOAD_CANCEL4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OFFLOAD_CANCEL;
    }

    public static OFFLOAD_CANCEL4res error(int status) {
        return new OFFLOAD_CANCEL4res(status);
    }

    public static OFFLOAD_CANCEL4res decode(XdrDecoder x) {
        return new OFFLOAD_CANCEL4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "OFFLOAD_CANCEL4res[" + NfsStat4.name(status) + "]";
    }
}
