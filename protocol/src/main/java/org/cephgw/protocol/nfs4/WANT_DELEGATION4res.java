package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** WANT_DELEGATION4res (RFC 8881 §18.49).
 *
 * @param delegation present exactly when {@code status} is NFS4_OK
 */
public record WANT_DELEGATION4res(int status, OpenDelegation4 delegation) implements NfsResop {
    public WANT_DELEGATION4res {
        Nfs4Xdr.requireStatus(status, delegation != null, status == NfsStat4.NFS4_OK, "delegation");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_WANT_DELEGATION;
    }

    public static WANT_DELEGATION4res ok(OpenDelegation4 delegation) {
        return new WANT_DELEGATION4res(NfsStat4.NFS4_OK, delegation);
    }

    public static WANT_DELEGATION4res error(int status) {
        return new WANT_DELEGATION4res(status, null);
    }

    public static WANT_DELEGATION4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new WANT_DELEGATION4res(status, null);
        }
        OpenDelegation4 delegation = OpenDelegation4.decode(x);
        return new WANT_DELEGATION4res(status, delegation);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            delegation.encode(x);
        }
    }

    @Override
    public String toString() {
        return "WANT_DELEGATION4res[" + NfsStat4.name(status) + (delegation == null ? "" : ", " + delegation) + "]";
    }
}
