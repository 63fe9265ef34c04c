package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** REMOVE4res (RFC 8881 §18.25): REMOVE4resok inlined.
 *
 * @param cinfo present exactly when {@code status} is NFS4_OK
 */
public record REMOVE4res(int status, ChangeInfo4 cinfo) implements NfsResop {
    public REMOVE4res {
        Nfs4Xdr.requireStatus(status, cinfo != null, status == NfsStat4.NFS4_OK, "cinfo");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_REMOVE;
    }

    public static REMOVE4res ok(ChangeInfo4 cinfo) {
        return new REMOVE4res(NfsStat4.NFS4_OK, cinfo);
    }

    public static REMOVE4res error(int status) {
        return new REMOVE4res(status, null);
    }

    public static REMOVE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new REMOVE4res(status, null);
        }
        ChangeInfo4 cinfo = ChangeInfo4.decode(x);
        return new REMOVE4res(status, cinfo);
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
        return "REMOVE4res[" + NfsStat4.name(status) + (cinfo == null ? "" : ", " + cinfo) + "]";
    }
}
