package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COMMIT4res (RFC 8881 §18.3): COMMIT4resok inlined.
 *
 * @param writeverf present exactly when {@code status} is NFS4_OK
 */
public record COMMIT4res(int status, byte[] writeverf) implements NfsResop {
    public COMMIT4res {
        Nfs4Xdr.requireStatus(status, writeverf != null, status == NfsStat4.NFS4_OK, "writeverf");
        if (writeverf != null) {
            Nfs4Xdr.requireLength(writeverf, Nfs4Const.NFS4_VERIFIER_SIZE, "writeverf");
        }
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_COMMIT;
    }

    public static COMMIT4res ok(byte[] writeverf) {
        return new COMMIT4res(NfsStat4.NFS4_OK, writeverf);
    }

    public static COMMIT4res error(int status) {
        return new COMMIT4res(status, null);
    }

    public static COMMIT4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new COMMIT4res(status, null);
        }
        byte[] writeverf = Nfs4Xdr.readVerifier(x);
        return new COMMIT4res(status, writeverf);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            Nfs4Xdr.writeVerifier(x, writeverf);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof COMMIT4res o && o.status == status
                && Arrays.equals(o.writeverf, writeverf);
    }

    @Override
    public int hashCode() {
        return 31 * (Integer.hashCode(status)) + Arrays.hashCode(writeverf);
    }

    @Override
    public String toString() {
        return "COMMIT4res[" + "status=" + NfsStat4.name(status) + ", " + "writeverf=" + Nfs4Xdr.hex(writeverf) + "]";
    }
}
