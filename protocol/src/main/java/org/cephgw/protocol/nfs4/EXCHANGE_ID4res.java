package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** EXCHANGE_ID4res (RFC 8881 §18.35).
 *
 * @param resok present exactly when {@code status} is NFS4_OK
 */
public record EXCHANGE_ID4res(int status, EXCHANGE_ID4resok resok) implements NfsResop {
    public EXCHANGE_ID4res {
        Nfs4Xdr.requireStatus(status, resok != null, status == NfsStat4.NFS4_OK, "resok");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_EXCHANGE_ID;
    }

    public static EXCHANGE_ID4res ok(EXCHANGE_ID4resok resok) {
        return new EXCHANGE_ID4res(NfsStat4.NFS4_OK, resok);
    }

    public static EXCHANGE_ID4res error(int status) {
        return new EXCHANGE_ID4res(status, null);
    }

    public static EXCHANGE_ID4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new EXCHANGE_ID4res(status, null);
        }
        EXCHANGE_ID4resok resok = EXCHANGE_ID4resok.decode(x);
        return new EXCHANGE_ID4res(status, resok);
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
        return "EXCHANGE_ID4res[" + NfsStat4.name(status) + (resok == null ? "" : ", " + resok) + "]";
    }
}
