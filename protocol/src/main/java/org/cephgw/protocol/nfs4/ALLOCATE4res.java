package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ALLOCATE4res (RFC 7862 §15.1). */
public record ALLOCATE4res(int status) implements NfsResop {
    public static final ALLOCATE4res OK = new ALLOCATE4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_ALLOCATE;
    }

    public static ALLOCATE4res error(int status) {
        return new ALLOCATE4res(status);
    }

    public static ALLOCATE4res decode(XdrDecoder x) {
        return new ALLOCATE4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "ALLOCATE4res[" + NfsStat4.name(status) + "]";
    }
}
