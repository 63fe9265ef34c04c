package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE_SESSION4res (RFC 8881 §18.36).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record CREATE_SESSION4res(int status, CREATE_SESSION4resok resok) implements NfsResop {
    public CREATE_SESSION4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CREATE_SESSION;
    }

    public static CREATE_SESSION4res ok(CREATE_SESSION4resok resok) {
        return new CREATE_SESSION4res(NfsStat4.NFS4_OK, resok);
    }

    public static CREATE_SESSION4res error(int status) {
        return new CREATE_SESSION4res(status, null);
    }

    public static CREATE_SESSION4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new CREATE_SESSION4res(status, null);
        }
        CREATE_SESSION4resok resok = CREATE_SESSION4resok.decode(x);
        return new CREATE_SESSION4res(status, resok);
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
        return "CREATE_SESSION4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
