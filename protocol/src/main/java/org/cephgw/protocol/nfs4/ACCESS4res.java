package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ACCESS4res (RFC 8881 §18.1).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record ACCESS4res(int status, ACCESS4resok resok) implements NfsResop {
    public ACCESS4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_ACCESS;
    }

    public static ACCESS4res ok(ACCESS4resok resok) {
        return new ACCESS4res(NfsStat4.NFS4_OK, resok);
    }

    public static ACCESS4res error(int status) {
        return new ACCESS4res(status, null);
    }

    public static ACCESS4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new ACCESS4res(status, null);
        }
        ACCESS4resok resok = ACCESS4resok.decode(x);
        return new ACCESS4res(status, resok);
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
        return "ACCESS4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
