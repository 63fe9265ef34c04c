package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READLINK4res (RFC 8881 §18.24): READLINK4resok inlined.
 *
 * @param link present exactly when {@code status} is NFS4_OK
 */
public record READLINK4res(int status, String link) implements NfsResop {
    public READLINK4res {
        Nfs4Xdr.requireStatus(status, link != null, status == NfsStat4.NFS4_OK, "link");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READLINK;
    }

    public static READLINK4res ok(String link) {
        return new READLINK4res(NfsStat4.NFS4_OK, link);
    }

    public static READLINK4res error(int status) {
        return new READLINK4res(status, null);
    }

    public static READLINK4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new READLINK4res(status, null);
        }
        String link = Nfs4Xdr.readComponent(x);
        return new READLINK4res(status, link);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            x.writeString(link);
        }
    }

    @Override
    public String toString() {
        return "READLINK4res[" + NfsStat4.name(status) + (link == null ? "" : ", " + link) + "]";
    }
}
