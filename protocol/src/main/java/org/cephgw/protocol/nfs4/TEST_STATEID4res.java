package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** TEST_STATEID4res (RFC 8881 §18.48): a status per stateid tested.
 *
 * @param statusCodes present exactly when {@code status} is NFS4_OK
 */
public record TEST_STATEID4res(int status, int[] statusCodes) implements NfsResop {
    public TEST_STATEID4res {
        Nfs4Xdr.requireStatus(status, statusCodes != null, status == NfsStat4.NFS4_OK, "statusCodes");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_TEST_STATEID;
    }

    public static TEST_STATEID4res ok(int[] statusCodes) {
        return new TEST_STATEID4res(NfsStat4.NFS4_OK, statusCodes);
    }

    public static TEST_STATEID4res error(int status) {
        return new TEST_STATEID4res(status, null);
    }

    public static TEST_STATEID4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new TEST_STATEID4res(status, null);
        }
        int[] statusCodes = readIntList(x);
        return new TEST_STATEID4res(status, statusCodes);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            x.writeInt(statusCodes.length);
            for (int s : statusCodes) {
                x.writeInt(s);
            }
        }
    }

    private static int[] readIntList(XdrDecoder x) {
        int n = x.readCount(Nfs4Limits.MAX_ARRAY, 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = x.readInt();
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TEST_STATEID4res o && o.status == status
                && Arrays.equals(o.statusCodes, statusCodes);
    }

    @Override
    public int hashCode() {
        return 31 * (Integer.hashCode(status)) + Arrays.hashCode(statusCodes);
    }

    @Override
    public String toString() {
        return "TEST_STATEID4res[" + "status=" + NfsStat4.name(status) + ", " + "statusCodes=" + Arrays.toString(statusCodes) + "]";
    }
}
