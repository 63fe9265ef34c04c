package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.CLOSE4args;
import org.cephgw.protocol.nfs4.CLOSE4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * CLOSE (RFC 8881 §18.2): ends an open (NFS4ERR_LOCKS_HELD while a lock-owner derived from it
 * holds locks or waits for the back end); the lock-owners' back-end lock resources are released
 * and the back-end handle closes once no I/O uses it.
 */
public final class OpClose implements Operation<CLOSE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, CLOSE4args args) {
        Fh fh = ctx.fh();
        StateId sid = ctx.stateid(args.openStateid());
        long clientId = ctx.clientId();
        return ctx.svc().<OpenFiles.Command, OpenFileActor.StateReply>ask(ctx.svc().openFiles(),
                r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.Close(clientId, sid, r)))
                .thenApply(reply -> {
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    ctx.setStateid(reply.stateid());
                    return CLOSE4res.ok(CompoundContext.wire(reply.stateid()));
                });
    }
}
