package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOCK4args (RFC 8881 §18.10). A length of NFS4_UINT64_MAX (-1) means to end of file. */
public record LOCK4args(int locktype, boolean reclaim, long offset, long length, Locker4 locker) implements NfsArgop {
    public LOCK4args {
        java.util.Objects.requireNonNull(locker, "locker");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCK;
    }

    public static LOCK4args decode(XdrDecoder x) {
        int locktype = x.readInt();
        boolean reclaim = x.readBoolean();
        long offset = x.readHyper();
        long length = x.readHyper();
        Locker4 locker = Locker4.decode(x);
        return new LOCK4args(locktype, reclaim, offset, length, locker);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(locktype);
        x.writeBoolean(reclaim);
        x.writeHyper(offset);
        x.writeHyper(length);
        locker.encode(x);
    }
}
