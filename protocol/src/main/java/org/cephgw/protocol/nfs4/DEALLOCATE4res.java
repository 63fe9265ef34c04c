package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DEALLOCATE4res (RFC 7862 §15.4). */
public record DEALLOCATE4res(int status) implements NfsResop {
    public static final DEALLOCATE4res OK = new DEALLOCATE4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DEALLOCATE;
    }

    public static DEALLOCATE4res error(int status) {
        return new DEALLOCATE4res(status);
    }

    public static DEALLOCATE4res decode(XdrDecoder x) {
        return new DEALLOCATE4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "DEALLOCATE4res[" + NfsStat4.name(status) + "]";
    }
}
