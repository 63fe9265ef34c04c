package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPEN4res (RFC 8881 §18.16).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record OPEN4res(int status, OPEN4resok resok) implements NfsResop {
    public OPEN4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPEN;
    }

    public static OPEN4res ok(OPEN4resok resok) {
        return new OPEN4res(NfsStat4.NFS4_OK, resok);
    }

    public static OPEN4res error(int status) {
        return new OPEN4res(status, null);
    }

    public static OPEN4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new OPEN4res(status, null);
        }
        OPEN4resok resok = OPEN4resok.decode(x);
        return new OPEN4res(status, resok);
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
        return "OPEN4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
