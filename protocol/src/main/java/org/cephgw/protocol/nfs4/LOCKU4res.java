package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOCKU4res (RFC 8881 §18.12).
 *
 * @param lockStateid present exactly when {@code status} is NFS4_OK
 */
public record LOCKU4res(int status, Stateid4 lockStateid) implements NfsResop {
    public LOCKU4res {
        Nfs4Xdr.requireStatus(status, lockStateid != null, status == NfsStat4.NFS4_OK, "lockStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCKU;
    }

    public static LOCKU4res ok(Stateid4 lockStateid) {
        return new LOCKU4res(NfsStat4.NFS4_OK, lockStateid);
    }

    public static LOCKU4res error(int status) {
        return new LOCKU4res(status, null);
    }

    public static LOCKU4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new LOCKU4res(status, null);
        }
        Stateid4 lockStateid = Stateid4.decode(x);
        return new LOCKU4res(status, lockStateid);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            lockStateid.encode(x);
        }
    }

    @Override
    public String toString() {
        return "LOCKU4res[" + NfsStat4.name(status) + (lockStateid == null ? "" : ", " + lockStateid) + "]";
    }
}
