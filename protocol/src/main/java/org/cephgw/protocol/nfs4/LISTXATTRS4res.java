package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LISTXATTRS4res (RFC 8276 §8.4.4).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record LISTXATTRS4res(int status, LISTXATTRS4resok resok) implements NfsResop {
    public LISTXATTRS4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LISTXATTRS;
    }

    public static LISTXATTRS4res ok(LISTXATTRS4resok resok) {
        return new LISTXATTRS4res(NfsStat4.NFS4_OK, resok);
    }

    public static LISTXATTRS4res error(int status) {
        return new LISTXATTRS4res(status, null);
    }

    public static LISTXATTRS4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new LISTXATTRS4res(status, null);
        }
        LISTXATTRS4resok resok = LISTXATTRS4resok.decode(x);
        return new LISTXATTRS4res(status, resok);
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
        return "LISTXATTRS4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
