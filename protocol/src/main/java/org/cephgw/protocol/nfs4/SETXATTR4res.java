package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SETXATTR4res (RFC 8276 §8.4.3).
 *
 * @param info present exactly when {@code status} is NFS4_OK
 */
public record SETXATTR4res(int status, ChangeInfo4 info) implements NfsResop {
    public SETXATTR4res {
        Nfs4Xdr.requireStatus(status, info != null, status == NfsStat4.NFS4_OK, "info");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SETXATTR;
    }

    public static SETXATTR4res ok(ChangeInfo4 info) {
        return new SETXATTR4res(NfsStat4.NFS4_OK, info);
    }

    public static SETXATTR4res error(int status) {
        return new SETXATTR4res(status, null);
    }

    public static SETXATTR4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new SETXATTR4res(status, null);
        }
        ChangeInfo4 info = ChangeInfo4.decode(x);
        return new SETXATTR4res(status, info);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            info.encode(x);
        }
    }

    @Override
    public String toString() {
        return "SETXATTR4res[" + NfsStat4.name(status) + (info == null ? "" : ", " + info) + "]";
    }
}
