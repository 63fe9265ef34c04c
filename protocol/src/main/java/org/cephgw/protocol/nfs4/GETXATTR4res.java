package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GETXATTR4res (RFC 8276 §8.4.2).
 *
 * @param value present exactly when {@code status} is NFS4_OK
 */
public record GETXATTR4res(int status, byte[] value) implements NfsResop {
    public GETXATTR4res {
        Nfs4Xdr.requireStatus(status, value != null, status == NfsStat4.NFS4_OK, "value");
        if (value != null) {
            Nfs4Xdr.requireMaxLength(value, Nfs4Limits.MAX_XATTR_VALUE, "value");
        }
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_GETXATTR;
    }

    public static GETXATTR4res ok(byte[] value) {
        return new GETXATTR4res(NfsStat4.NFS4_OK, value);
    }

    public static GETXATTR4res error(int status) {
        return new GETXATTR4res(status, null);
    }

    public static GETXATTR4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new GETXATTR4res(status, null);
        }
        byte[] value = x.readOpaque(Nfs4Limits.MAX_XATTR_VALUE);
        return new GETXATTR4res(status, value);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            x.writeOpaque(value);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GETXATTR4res o && o.status == status
                && Arrays.equals(o.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (Integer.hashCode(status)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GETXATTR4res[" + "status=" + NfsStat4.name(status) + ", " + "value=" + Nfs4Xdr.hex(value) + "]";
    }
}
