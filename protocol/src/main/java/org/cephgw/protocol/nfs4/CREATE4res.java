package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE4res (RFC 8881 §18.4).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record CREATE4res(int status, CREATE4resok resok) implements NfsResop {
    public CREATE4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CREATE;
    }

    public static CREATE4res ok(CREATE4resok resok) {
        return new CREATE4res(NfsStat4.NFS4_OK, resok);
    }

    public static CREATE4res error(int status) {
        return new CREATE4res(status, null);
    }

    public static CREATE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new CREATE4res(status, null);
        }
        CREATE4resok resok = CREATE4resok.decode(x);
        return new CREATE4res(status, resok);
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
        return "CREATE4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
