package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RENAME4res (RFC 8881 §18.26).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record RENAME4res(int status, RENAME4resok resok) implements NfsResop {
    public RENAME4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_RENAME;
    }

    public static RENAME4res ok(RENAME4resok resok) {
        return new RENAME4res(NfsStat4.NFS4_OK, resok);
    }

    public static RENAME4res error(int status) {
        return new RENAME4res(status, null);
    }

    public static RENAME4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new RENAME4res(status, null);
        }
        RENAME4resok resok = RENAME4resok.decode(x);
        return new RENAME4res(status, resok);
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
        return "RENAME4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
