package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ_PLUS4res (RFC 7862 §15.10 (read_plus_res4)).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record READ_PLUS4res(int status, READ_PLUS4resok resok) implements NfsResop {
    public READ_PLUS4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READ_PLUS;
    }

    public static READ_PLUS4res ok(READ_PLUS4resok resok) {
        return new READ_PLUS4res(NfsStat4.NFS4_OK, resok);
    }

    public static READ_PLUS4res error(int status) {
        return new READ_PLUS4res(status, null);
    }

    public static READ_PLUS4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new READ_PLUS4res(status, null);
        }
        READ_PLUS4resok resok = READ_PLUS4resok.decode(x);
        return new READ_PLUS4res(status, resok);
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
        return "READ_PLUS4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
