package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COPY_NOTIFY4res (RFC 7862 §15.3).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record COPY_NOTIFY4res(int status, COPY_NOTIFY4resok resok) implements NfsResop {
    public COPY_NOTIFY4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_COPY_NOTIFY;
    }

    public static COPY_NOTIFY4res ok(COPY_NOTIFY4resok resok) {
        return new COPY_NOTIFY4res(NfsStat4.NFS4_OK, resok);
    }

    public static COPY_NOTIFY4res error(int status) {
        return new COPY_NOTIFY4res(status, null);
    }

    public static COPY_NOTIFY4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new COPY_NOTIFY4res(status, null);
        }
        COPY_NOTIFY4resok resok = COPY_NOTIFY4resok.decode(x);
        return new COPY_NOTIFY4res(status, resok);
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
        return "COPY_NOTIFY4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
