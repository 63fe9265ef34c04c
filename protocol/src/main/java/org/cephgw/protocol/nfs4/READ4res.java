package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ4res (RFC 8881 §18.22).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record READ4res(int status, READ4resok resok) implements NfsResop {
    public READ4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READ;
    }

    public static READ4res ok(READ4resok resok) {
        return new READ4res(NfsStat4.NFS4_OK, resok);
    }

    public static READ4res error(int status) {
        return new READ4res(status, null);
    }

    public static READ4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new READ4res(status, null);
        }
        READ4resok resok = READ4resok.decode(x);
        return new READ4res(status, resok);
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
        return "READ4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
