package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** BIND_CONN_TO_SESSION4res (RFC 8881 §18.34).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record BIND_CONN_TO_SESSION4res(int status, BIND_CONN_TO_SESSION4resok resok) implements NfsResop {
    public BIND_CONN_TO_SESSION4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_BIND_CONN_TO_SESSION;
    }

    public static BIND_CONN_TO_SESSION4res ok(BIND_CONN_TO_SESSION4resok resok) {
        return new BIND_CONN_TO_SESSION4res(NfsStat4.NFS4_OK, resok);
    }

    public static BIND_CONN_TO_SESSION4res error(int status) {
        return new BIND_CONN_TO_SESSION4res(status, null);
    }

    public static BIND_CONN_TO_SESSION4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new BIND_CONN_TO_SESSION4res(status, null);
        }
        BIND_CONN_TO_SESSION4resok resok = BIND_CONN_TO_SESSION4resok.decode(x);
        return new BIND_CONN_TO_SESSION4res(status, resok);
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
        return "BIND_CONN_TO_SESSION4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
