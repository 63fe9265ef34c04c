package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READDIR4res (RFC 8881 §18.23).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record READDIR4res(int status, READDIR4resok resok) implements NfsResop {
    public READDIR4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READDIR;
    }

    public static READDIR4res ok(READDIR4resok resok) {
        return new READDIR4res(NfsStat4.NFS4_OK, resok);
    }

    public static READDIR4res error(int status) {
        return new READDIR4res(status, null);
    }

    public static READDIR4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new READDIR4res(status, null);
        }
        READDIR4resok resok = READDIR4resok.decode(x);
        return new READDIR4res(status, resok);
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
        return "READDIR4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
