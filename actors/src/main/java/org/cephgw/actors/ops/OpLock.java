package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.LockBackend;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.ExistLockOwner4;
import org.cephgw.protocol.nfs4.LOCK4args;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OpenToLockOwner4;

/**
 * LOCK (RFC 8881 §18.10): a byte-range lock for a new lock-owner (derived from an open) or an
 * existing lock stateid. Where the export's back end has a lock manager (CephFS, the local back
 * end's OFD locks) the lock is taken there too, so that it conflicts with other CephFS clients,
 * other gateway nodes and local processes (see {@link OpenFileActor}). A conflict is
 * NFS4ERR_DENIED with the holder: an NFS lock-owner of this gateway, or, for a lock only the back
 * end knows, clientid 0 and the owner {@value OpenFileActor#BACKEND_OWNER}. Blocking lock types
 * are answered the same way (never waited for) and polled by clients, as the RFC allows.
 *
 * <p>A reclaim ({@code reclaim = true}, after a restart of this head) is admitted by the head's
 * {@link org.cephgw.actors.grace.ReclaimGate} on the client owner, and then re-takes the range
 * exactly like a new lock, in the gateway's table and in the back end; nothing else may hold it
 * then, because the grace period refuses new locks.
 */
public final class OpLock implements Operation<LOCK4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOCK4args args) {
        Fh fh = ctx.fh();
        long clientId = ctx.clientId();
        boolean write = Locks.isWrite(args.locktype());
        if (args.length() == 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        int gate;
        if (args.reclaim()) {
            // §18.51.3: no reclaim after RECLAIM_COMPLETE
            gate = ctx.reclaimComplete() ? NfsStat4.NFS4ERR_NO_GRACE
                    : ctx.svc().gate().admitReclaim(clientId, ctx.session().ownerId());
        } else {
            gate = !ctx.reclaimComplete() ? NfsStat4.NFS4ERR_GRACE : ctx.svc().gate().admitNew(clientId);
        }
        if (gate != NfsStat4.NFS4_OK) {
            throw new OpException(gate);
        }
        StateId openSid = null;
        StateId lockSid = null;
        byte[] owner = null;
        if (args.locker() instanceof OpenToLockOwner4 o) {
            openSid = ctx.stateid(o.openStateid());
            owner = o.lockOwner().owner();
        } else {
            lockSid = ctx.stateid(((ExistLockOwner4) args.locker()).lockStateid());
        }
        StateId os = openSid;
        StateId ls = lockSid;
        byte[] lo = owner;
        LockBackend backend = Locks.backend(ctx, fh);
        return ctx.svc().<OpenFiles.Command, OpenFileActor.LockReply>ask(ctx.svc().openFiles(),
                r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.Lock(clientId, ctx.session().client(), os, lo, ls,
                        write, args.offset(), args.length(), backend, r)))
                .thenApply(reply -> {
                    if (reply.status() == NfsStat4.NFS4ERR_DENIED) {
                        return LOCK4res.denied(Locks.denied(reply.denied()));
                    }
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    ctx.setStateid(reply.stateid());
                    if (args.reclaim()) {
                        ctx.svc().grace().reclaimed(clientId, true);
                    }
                    return LOCK4res.ok(CompoundContext.wire(reply.stateid()));
                });
    }
}
