package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETATTR4res (RFC 8881 §18.7): GETATTR4resok inlined.
 *
 * @param objAttributes present exactly when {@code status} is NFS4_OK
 */
public record GETATTR4res(int status, Fattr4 objAttributes) implements NfsResop {
    public GETATTR4res {
        Nfs4Xdr.requireStatus(status, objAttributes != null, status == NfsStat4.NFS4_OK, "objAttributes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETATTR;
    }

    public static GETATTR4res ok(Fattr4 objAttributes) {
        return new GETATTR4res(NfsStat4.NFS4_OK, objAttributes);
    }

    public static GETATTR4res error(int status) {
        return new GETATTR4res(status, null);
    }

    public static GETATTR4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new GETATTR4res(status, null);
        }
        Fattr4 objAttributes = Fattr4.decode(x);
        return new GETATTR4res(status, objAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            objAttributes.encode(x);
        }
    }

    @Override
    public String toString() {
        return "GETATTR4res[" + NfsStat4.name(status) + (objAttributes == null ? "" : ", " + objAttributes) + "]";
    }
}
