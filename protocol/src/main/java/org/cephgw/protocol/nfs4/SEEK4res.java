package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEEK4res (RFC 7862 §15.11 (seek_res4)).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record SEEK4res(int status, SEEK4resok resok) implements NfsResop {
    public SEEK4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SEEK;
    }

    public static SEEK4res ok(SEEK4resok resok) {
        return new SEEK4res(NfsStat4.NFS4_OK, resok);
    }

    public static SEEK4res error(int status) {
        return new SEEK4res(status, null);
    }

    public static SEEK4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new SEEK4res(status, null);
        }
        SEEK4resok resok = SEEK4resok.decode(x);
        return new SEEK4res(status, resok);
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
        return "SEEK4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
