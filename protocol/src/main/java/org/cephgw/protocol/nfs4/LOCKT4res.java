package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * LOCKT4res (RFC 8881 §18.11).
 *
 * @param denied present exactly when status is NFS4ERR_DENIED
 */
public record LOCKT4res(int status, LOCK4denied denied) implements NfsResop {
    public static final LOCKT4res OK = new LOCKT4res(NfsStat4.NFS4_OK, null);

    public LOCKT4res {
        Nfs4Xdr.requireStatus(status, denied != null, status == NfsStat4.NFS4ERR_DENIED, "LOCK4denied");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCKT;
    }

    public static LOCKT4res denied(LOCK4denied denied) {
        return new LOCKT4res(NfsStat4.NFS4ERR_DENIED, denied);
    }

    public static LOCKT4res error(int status) {
        return new LOCKT4res(status, null);
    }

    public static LOCKT4res decode(XdrDecoder x) {
        int status = x.readInt();
        return status == NfsStat4.NFS4ERR_DENIED ? denied(LOCK4denied.decode(x)) : new LOCKT4res(status, null);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (denied != null) {
            denied.encode(x);
        }
    }
}
