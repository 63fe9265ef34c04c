package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** open_to_lock_owner4: the first LOCK of a lock-owner, from the open it locks under. */
public record OpenToLockOwner4(int openSeqid, Stateid4 openStateid, int lockSeqid, StateOwner4 lockOwner)
        implements Locker4 {
    @Override
    public boolean newLockOwner() {
        return true;
    }

    static OpenToLockOwner4 decodeBody(XdrDecoder x) {
        int openSeqid = x.readInt();
        Stateid4 open = Stateid4.decode(x);
        int lockSeqid = x.readInt();
        return new OpenToLockOwner4(openSeqid, open, lockSeqid, StateOwner4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(true);
        x.writeInt(openSeqid);
        openStateid.encode(x);
        x.writeInt(lockSeqid);
        lockOwner.encode(x);
    }
}
