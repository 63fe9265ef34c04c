package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.LockBackend;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.fsal.Filesystem;
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

    /**
     * The back end's lock manager for the handle's file (with the I/O pool to call it on), or
     * null when the back end has none: then the gateway's own table alone decides.
     */
    static LockBackend backend(CompoundContext ctx, Fh fh) {
        Filesystem fs = ctx.svc().exports().fs(fh.exportId());
        if (fs == null) {
            return null;
        }
        return fs.locker().map(l -> new LockBackend(l, ctx.svc().io())).orElse(null);
    }

    static LOCK4denied denied(OpenFileActor.Denied d) {
        return new LOCK4denied(d.offset(), d.length(), d.write() ? WRITE_LT : READ_LT, new StateOwner4(d.clientId(), d.owner()));
    }
}
