package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEQUENCE4res (RFC 8881 §18.46).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record SEQUENCE4res(int status, SEQUENCE4resok resok) implements NfsResop {
    public SEQUENCE4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SEQUENCE;
    }

    public static SEQUENCE4res ok(SEQUENCE4resok resok) {
        return new SEQUENCE4res(NfsStat4.NFS4_OK, resok);
    }

    public static SEQUENCE4res error(int status) {
        return new SEQUENCE4res(status, null);
    }

    public static SEQUENCE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new SEQUENCE4res(status, null);
        }
        SEQUENCE4resok resok = SEQUENCE4resok.decode(x);
        return new SEQUENCE4res(status, resok);
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
        return "SEQUENCE4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
