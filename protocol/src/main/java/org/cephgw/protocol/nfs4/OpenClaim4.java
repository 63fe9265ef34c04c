package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * open_claim4 (RFC 8881 §18.16): what an OPEN claims and how it names the file. CLAIM_NULL,
 * CLAIM_DELEGATE_CUR and CLAIM_DELEGATE_PREV name a file in the current (directory) filehandle;
 * the *_FH claims and CLAIM_PREVIOUS open the current filehandle itself.
 */
public sealed interface OpenClaim4 extends XdrEncodable {
    /** open_claim_type4. */
    int claim();

    /** CLAIM_NULL: an ordinary open of {@code file} in the current directory. */
    record ClaimNull(String file) implements OpenClaim4 {
        public ClaimNull {
            requireName(file);
        }

        @Override
        public int claim() {
            return Nfs4Const.CLAIM_NULL;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
            x.writeString(file);
        }
    }

    /** CLAIM_PREVIOUS: reclaim after a server restart, with the delegation type then held. */
    record ClaimPrevious(int delegateType) implements OpenClaim4 {
        @Override
        public int claim() {
            return Nfs4Const.CLAIM_PREVIOUS;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
            x.writeInt(delegateType);
        }
    }

    /** CLAIM_DELEGATE_CUR: open_claim_delegate_cur4, an open under a delegation the client holds. */
    record ClaimDelegateCur(Stateid4 delegateStateid, String file) implements OpenClaim4 {
        public ClaimDelegateCur {
            requireName(file);
        }

        @Override
        public int claim() {
            return Nfs4Const.CLAIM_DELEGATE_CUR;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
            delegateStateid.encode(x);
            x.writeString(file);
        }
    }

    /** CLAIM_DELEGATE_PREV: reclaim of a delegation held by the client before it restarted. */
    record ClaimDelegatePrev(String fileDelegatePrev) implements OpenClaim4 {
        public ClaimDelegatePrev {
            requireName(fileDelegatePrev);
        }

        @Override
        public int claim() {
            return Nfs4Const.CLAIM_DELEGATE_PREV;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
            x.writeString(fileDelegatePrev);
        }
    }

    /** CLAIM_FH: like CLAIM_NULL, of the current filehandle. */
    record ClaimFh() implements OpenClaim4 {
        @Override
        public int claim() {
            return Nfs4Const.CLAIM_FH;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
        }
    }

    /** CLAIM_DELEG_CUR_FH: like CLAIM_DELEGATE_CUR, of the current filehandle. */
    record ClaimDelegCurFh(Stateid4 ocDelegateStateid) implements OpenClaim4 {
        @Override
        public int claim() {
            return Nfs4Const.CLAIM_DELEG_CUR_FH;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
            ocDelegateStateid.encode(x);
        }
    }

    /** CLAIM_DELEG_PREV_FH: like CLAIM_DELEGATE_PREV, of the current filehandle. */
    record ClaimDelegPrevFh() implements OpenClaim4 {
        @Override
        public int claim() {
            return Nfs4Const.CLAIM_DELEG_PREV_FH;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(claim());
        }
    }

    private static void requireName(String s) {
        if (s == null) {
            throw new NullPointerException("component4");
        }
    }

    static OpenClaim4 decode(XdrDecoder x) {
        int claim = x.readInt();
        return switch (claim) {
            case Nfs4Const.CLAIM_NULL -> new ClaimNull(Nfs4Xdr.readComponent(x));
            case Nfs4Const.CLAIM_PREVIOUS -> new ClaimPrevious(x.readInt());
            case Nfs4Const.CLAIM_DELEGATE_CUR -> {
                Stateid4 s = Stateid4.decode(x);
                yield new ClaimDelegateCur(s, Nfs4Xdr.readComponent(x));
            }
            case Nfs4Const.CLAIM_DELEGATE_PREV -> new ClaimDelegatePrev(Nfs4Xdr.readComponent(x));
            case Nfs4Const.CLAIM_FH -> new ClaimFh();
            case Nfs4Const.CLAIM_DELEG_CUR_FH -> new ClaimDelegCurFh(Stateid4.decode(x));
            case Nfs4Const.CLAIM_DELEG_PREV_FH -> new ClaimDelegPrevFh();
            default -> throw Nfs4Xdr.badDiscriminant("open_claim4", claim);
        };
    }
}
