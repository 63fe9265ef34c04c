package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** WANT_DELEGATION4args (RFC 8881 §18.49). */
public record WANT_DELEGATION4args(int want, DelegClaim4 claim) implements NfsArgop {
    public WANT_DELEGATION4args {
        java.util.Objects.requireNonNull(claim, "claim");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_WANT_DELEGATION;
    }

    public static WANT_DELEGATION4args decode(XdrDecoder x) {
        int want = x.readInt();
        DelegClaim4 claim = DelegClaim4.decode(x);
        return new WANT_DELEGATION4args(want, claim);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(want);
        claim.encode(x);
    }
}
