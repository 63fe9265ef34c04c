package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** exist_lock_owner4: a further LOCK by a lock-owner that already has a lock stateid. */
public record ExistLockOwner4(Stateid4 lockStateid, int lockSeqid) implements Locker4 {
    @Override
    public boolean newLockOwner() {
        return false;
    }

    static ExistLockOwner4 decodeBody(XdrDecoder x) {
        Stateid4 s = Stateid4.decode(x);
        return new ExistLockOwner4(s, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(false);
        lockStateid.encode(x);
        x.writeInt(lockSeqid);
    }
}
