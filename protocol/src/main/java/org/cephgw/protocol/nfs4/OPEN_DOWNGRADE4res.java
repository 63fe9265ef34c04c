package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPEN_DOWNGRADE4res (RFC 8881 §18.18): OPEN_DOWNGRADE4resok inlined.
 *
 * @param openStateid present exactly when {@code status} is NFS4_OK
 */
public record OPEN_DOWNGRADE4res(int status, Stateid4 openStateid) implements NfsResop {
    public OPEN_DOWNGRADE4res {
        Nfs4Xdr.requireStatus(status, openStateid != null, status == NfsStat4.NFS4_OK, "openStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPEN_DOWNGRADE;
    }

    public static OPEN_DOWNGRADE4res ok(Stateid4 openStateid) {
        return new OPEN_DOWNGRADE4res(NfsStat4.NFS4_OK, openStateid);
    }

    public static OPEN_DOWNGRADE4res error(int status) {
        return new OPEN_DOWNGRADE4res(status, null);
    }

    public static OPEN_DOWNGRADE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new OPEN_DOWNGRADE4res(status, null);
        }
        Stateid4 openStateid = Stateid4.decode(x);
        return new OPEN_DOWNGRADE4res(status, openStateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            openStateid.encode(x);
        }
    }

    @Override
    public String toString() {
        return "OPEN_DOWNGRADE4res[" + NfsStat4.name(status) + (openStateid == null ? "" : ", " + openStateid) + "]";
    }
}
