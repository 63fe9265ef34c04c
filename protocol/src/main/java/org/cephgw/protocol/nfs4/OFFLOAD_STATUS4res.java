package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OFFLOAD_STATUS4res (RFC 7862 §15.9).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record OFFLOAD_STATUS4res(int status, OFFLOAD_STATUS4resok resok) implements NfsResop {
    public OFFLOAD_STATUS4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OFFLOAD_STATUS;
    }

    public static OFFLOAD_STATUS4res ok(OFFLOAD_STATUS4resok resok) {
        return new OFFLOAD_STATUS4res(NfsStat4.NFS4_OK, resok);
    }

    public static OFFLOAD_STATUS4res error(int status) {
        return new OFFLOAD_STATUS4res(status, null);
    }

    public static OFFLOAD_STATUS4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new OFFLOAD_STATUS4res(status, null);
        }
        OFFLOAD_STATUS4resok resok = OFFLOAD_STATUS4resok.decode(x);
        return new OFFLOAD_STATUS4res(status, resok);
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
        return "OFFLOAD_STATUS4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
