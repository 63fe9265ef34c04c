package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** WRITE4res (RFC 8881 §18.32).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record WRITE4res(int status, WRITE4resok resok) implements NfsResop {
    public WRITE4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_WRITE;
    }

    public static WRITE4res ok(WRITE4resok resok) {
        return new WRITE4res(NfsStat4.NFS4_OK, resok);
    }

    public static WRITE4res error(int status) {
        return new WRITE4res(status, null);
    }

    public static WRITE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new WRITE4res(status, null);
        }
        WRITE4resok resok = WRITE4resok.decode(x);
        return new WRITE4res(status, resok);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            resok.encode(x);
        }
    }

    @Override
    public String toString() {
        return "WRITE4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
