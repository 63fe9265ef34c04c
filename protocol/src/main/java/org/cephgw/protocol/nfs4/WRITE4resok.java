package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** WRITE4resok (RFC 8881 §18.32). */
public record WRITE4resok(int count, int committed, byte[] writeverf) implements XdrEncodable {
    public WRITE4resok {
        Nfs4Xdr.requireLength(writeverf, Nfs4Const.NFS4_VERIFIER_SIZE, "writeverf");
    }

    public static WRITE4resok decode(XdrDecoder x) {
        int count = x.readInt();
        int committed = x.readInt();
        byte[] writeverf = Nfs4Xdr.readVerifier(x);
        return new WRITE4resok(count, committed, writeverf);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(count);
        x.writeInt(committed);
        Nfs4Xdr.writeVerifier(x, writeverf);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WRITE4resok o && o.count == count
                && o.committed == committed
                && Arrays.equals(o.writeverf, writeverf);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (Integer.hashCode(count)) + Integer.hashCode(committed)) + Arrays.hashCode(writeverf);
    }

    @Override
    public String toString() {
        return "WRITE4resok[" + "count=" + count + ", " + "committed=" + committed + ", " + "writeverf=" + Nfs4Xdr.hex(writeverf) + "]";
    }
}
