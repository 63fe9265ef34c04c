package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOCKT4args (RFC 8881 §18.11): test for a conflicting lock. */
public record LOCKT4args(int locktype, long offset, long length, StateOwner4 owner) implements NfsArgop {
    public LOCKT4args {
        java.util.Objects.requireNonNull(owner, "owner");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCKT;
    }

    public static LOCKT4args decode(XdrDecoder x) {
        int locktype = x.readInt();
        long offset = x.readHyper();
        long length = x.readHyper();
        StateOwner4 owner = StateOwner4.decode(x);
        return new LOCKT4args(locktype, offset, length, owner);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(locktype);
        x.writeHyper(offset);
        x.writeHyper(length);
        owner.encode(x);
    }
}
