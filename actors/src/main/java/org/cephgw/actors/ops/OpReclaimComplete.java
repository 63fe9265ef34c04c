package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientActor;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.RECLAIM_COMPLETE4args;
import org.cephgw.protocol.nfs4.RECLAIM_COMPLETE4res;

/**
 * RECLAIM_COMPLETE (RFC 8881 §18.51): the client has reclaimed what it had; from now on it may
 * obtain new state. The per-file-system form (rca_one_fs) needs no tracking here.
 */
public final class OpReclaimComplete implements Operation<RECLAIM_COMPLETE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, RECLAIM_COMPLETE4args args) {
        long clientId = ctx.clientId();
        if (args.oneFs()) {
            ctx.fh();
            return Done.of(RECLAIM_COMPLETE4res.OK);
        }
        return ctx.svc().<ClientActor.Command, ClientProtocol.Status>ask(ctx.session().client(),
                        r -> new ClientActor.ReclaimComplete(clientId, r))
                .thenApply(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    ctx.markReclaimComplete();
                    return RECLAIM_COMPLETE4res.OK;
                });
    }
}
