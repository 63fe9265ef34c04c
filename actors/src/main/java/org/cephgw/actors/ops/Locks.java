package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.protocol.nfs4.LOCK4denied;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.StateOwner4;

/** Shared pieces of LOCK, LOCKT and LOCKU. */
final class Locks {
    private Locks() {
    }

    /** true for a write lock; NFS4ERR_INVAL for a type outside nfs_lock_type4. */
    static boolean isWrite(int locktype) {
        switch (locktype) {
            case READ_LT:
            case READW_LT:
                return false;
            case WRITE_LT:
            case WRITEW_LT:
                return true;
            default:
                throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
    }

    static LOCK4denied denied(OpenFileActor.Denied d) {
        return new LOCK4denied(d.offset(), d.length(), d.write() ? WRITE_LT : READ_LT, new StateOwner4(d.clientId(), d.owner()));
    }
}
