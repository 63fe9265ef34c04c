package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETFH4res (RFC 8881 §18.8): GETFH4resok inlined.
 *
 * @param object present exactly when {@code status} is NFS4_OK
 */
public record GETFH4res(int status, byte[] object) implements NfsResop {
    public GETFH4res {
        Nfs4Xdr.requireStatus(status, object != null, status == NfsStat4.NFS4_OK, "object");
        if (object != null) {
            Nfs4Xdr.requireMaxLength(object, Nfs4Const.NFS4_FHSIZE, "object");
        }
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETFH;
    }

    public static GETFH4res ok(byte[] object) {
        return new GETFH4res(NfsStat4.NFS4_OK, object);
    }

    public static GETFH4res error(int status) {
        return new GETFH4res(status, null);
    }

    public static GETFH4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new GETFH4res(status, null);
        }
        byte[] object = Nfs4Xdr.readFh(x);
        return new GETFH4res(status, object);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            x.writeOpaque(object);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GETFH4res o && o.status == status
                && Arrays.equals(o.object, object);
    }

    @Override
    public int hashCode() {
        return 31 * (Integer.hashCode(status)) + Arrays.hashCode(object);
    }

    @Override
    public String toString() {
        return "GETFH4res[" + "status=" + NfsStat4.name(status) + ", " + "object=" + Nfs4Xdr.hex(object) + "]";
    }
}
