package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** REMOVEXATTR4res (RFC 8276 §8.4.5).
 *
 * @param info present exactly when {@code status} is NFS4_OK
 */
public record REMOVEXATTR4res(int status, ChangeInfo4 info) implements NfsResop {
    public REMOVEXATTR4res {
        Nfs4Xdr.requireStatus(status, info != null, status == NfsStat4.NFS4_OK, "info");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_REMOVEXATTR;
    }

    public static REMOVEXATTR4res ok(ChangeInfo4 info) {
        return new REMOVEXATTR4res(NfsStat4.NFS4_OK, info);
    }

    public static REMOVEXATTR4res error(int status) {
        return new REMOVEXATTR4res(status, null);
    }

    public static REMOVEXATTR4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new REMOVEXATTR4res(status, null);
        }
        ChangeInfo4 info = ChangeInfo4.decode(x);
        return new REMOVEXATTR4res(status, info);
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
        return "REMOVEXATTR4res[" + NfsStat4.name(status) + (info == null ? "" : ", " + info) + "]";
    }
}
