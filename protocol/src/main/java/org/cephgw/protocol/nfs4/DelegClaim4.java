package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * deleg_claim4 (RFC 8881 §18.49): the claim of a WANT_DELEGATION: CLAIM_FH, CLAIM_DELEG_PREV_FH,
 * or CLAIM_PREVIOUS with the delegation type held before the server restarted.
 *
 * @param delegateType meaningful for CLAIM_PREVIOUS only (0 otherwise)
 */
public record DelegClaim4(int claim, int delegateType) implements XdrEncodable {
    public DelegClaim4 {
        switch (claim) {
            case Nfs4Const.CLAIM_FH, Nfs4Const.CLAIM_DELEG_PREV_FH -> delegateType = 0;
            case Nfs4Const.CLAIM_PREVIOUS -> { }
            default -> throw new IllegalArgumentException("deleg_claim4 " + claim);
        }
    }

    public static DelegClaim4 decode(XdrDecoder x) {
        int c = x.readInt();
        return switch (c) {
            case Nfs4Const.CLAIM_FH, Nfs4Const.CLAIM_DELEG_PREV_FH -> new DelegClaim4(c, 0);
            case Nfs4Const.CLAIM_PREVIOUS -> new DelegClaim4(c, x.readInt());
            default -> throw Nfs4Xdr.badDiscriminant("deleg_claim4", c);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(claim);
        if (claim == Nfs4Const.CLAIM_PREVIOUS) {
            x.writeInt(delegateType);
        }
    }
}
