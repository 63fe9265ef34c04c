package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CLOSE4res (RFC 8881 §18.2).
 *
 * @param openStateid present exactly when {@code status} is NFS4_OK
 */
public record CLOSE4res(int status, Stateid4 openStateid) implements NfsResop {
    public CLOSE4res {
        Nfs4Xdr.requireStatus(status, openStateid != null, status == NfsStat4.NFS4_OK, "openStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CLOSE;
    }

    public static CLOSE4res ok(Stateid4 openStateid) {
        return new CLOSE4res(NfsStat4.NFS4_OK, openStateid);
    }

    public static CLOSE4res error(int status) {
        return new CLOSE4res(status, null);
    }

    public static CLOSE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new CLOSE4res(status, null);
        }
        Stateid4 openStateid = Stateid4.decode(x);
        return new CLOSE4res(status, openStateid);
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
        return "CLOSE4res[" + NfsStat4.name(status) + (openStateid == null ? "" : ", " + openStateid) + "]";
    }
}
