package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPEN4args (RFC 8881 §18.16). The seqid is ignored in 4.1; shareAccess also carries OPEN4_SHARE_ACCESS_WANT_* bits. */
public record OPEN4args(int seqid, int shareAccess, int shareDeny, StateOwner4 owner, Openflag4 openhow, OpenClaim4 claim) implements NfsArgop {
    public OPEN4args {
        java.util.Objects.requireNonNull(owner, "owner");
        java.util.Objects.requireNonNull(openhow, "openhow");
        java.util.Objects.requireNonNull(claim, "claim");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_OPEN;
    }

    public static OPEN4args decode(XdrDecoder x) {
        int seqid = x.readInt();
        int shareAccess = x.readInt();
        int shareDeny = x.readInt();
        StateOwner4 owner = StateOwner4.decode(x);
        Openflag4 openhow = Openflag4.decode(x);
        OpenClaim4 claim = OpenClaim4.decode(x);
        return new OPEN4args(seqid, shareAccess, shareDeny, owner, openhow, claim);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(seqid);
        x.writeInt(shareAccess);
        x.writeInt(shareDeny);
        owner.encode(x);
        openhow.encode(x);
        claim.encode(x);
    }
}
