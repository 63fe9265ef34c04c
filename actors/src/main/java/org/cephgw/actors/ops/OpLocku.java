package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.LOCKU4args;
import org.cephgw.protocol.nfs4.LOCKU4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * LOCKU (RFC 8881 §18.12): releases a byte range (splitting a larger lock when needed): in the
 * back end first, where the lock-owner took its locks there too, then in the gateway's table
 * (see {@link OpenFileActor}).
 */
public final class OpLocku implements Operation<LOCKU4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOCKU4args args) {
        Fh fh = ctx.fh();
        long clientId = ctx.clientId();
        Locks.isWrite(args.locktype());
        if (args.length() == 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        StateId sid = ctx.stateid(args.lockStateid());
        return ctx.svc().<OpenFiles.Command, OpenFileActor.StateReply>ask(ctx.svc().openFiles(),
                r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.Unlock(clientId, sid, args.offset(), args.length(), r)))
                .thenApply(reply -> {
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    ctx.setStateid(reply.stateid());
                    return LOCKU4res.ok(CompoundContext.wire(reply.stateid()));
                });
    }
}
