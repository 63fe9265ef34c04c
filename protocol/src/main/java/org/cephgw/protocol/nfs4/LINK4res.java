package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LINK4res (RFC 8881 §18.9): LINK4resok inlined.
 *
 * @param cinfo present exactly when {@code status} is NFS4_OK
 */
public record LINK4res(int status, ChangeInfo4 cinfo) implements NfsResop {
    public LINK4res {
        Nfs4Xdr.requireStatus(status, cinfo != null, status == NfsStat4.NFS4_OK, "cinfo");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LINK;
    }

    public static LINK4res ok(ChangeInfo4 cinfo) {
        return new LINK4res(NfsStat4.NFS4_OK, cinfo);
    }

    public static LINK4res error(int status) {
        return new LINK4res(status, null);
    }

    public static LINK4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new LINK4res(status, null);
        }
        ChangeInfo4 cinfo = ChangeInfo4.decode(x);
        return new LINK4res(status, cinfo);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            cinfo.encode(x);
        }
    }

    @Override
    public String toString() {
        return "LINK4res[" + NfsStat4.name(status) + (cinfo == null ? "" : ", " + cinfo) + "]";
    }
}
