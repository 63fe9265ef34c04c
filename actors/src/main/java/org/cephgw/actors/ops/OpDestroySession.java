package org.cephgw.actors.ops;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.SessionActor;
import org.cephgw.protocol.nfs4.DESTROY_SESSION4args;
import org.cephgw.protocol.nfs4.DESTROY_SESSION4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * DESTROY_SESSION (RFC 8881 §18.37): alone, or after a SEQUENCE (on this or another session);
 * refused with NFS4ERR_DELAY while other requests on the session are still executing.
 */
public final class OpDestroySession implements Operation<DESTROY_SESSION4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, DESTROY_SESSION4args args) {
        boolean own = ctx.session() != null && Arrays.equals(ctx.session().sessionId(), args.sessionid());
        int callerSlot = own ? ctx.slot() : -1;
        return ctx.svc().<ClientRegistry.Command, Optional<ClientProtocol.SessionHandle>>ask(ctx.svc().clients(),
                        r -> new ClientRegistry.FindSession(args.sessionid(), r))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(new ClientProtocol.Status(NfsStat4.NFS4ERR_BADSESSION));
                    }
                    return ctx.svc().<SessionActor.Command, ClientProtocol.Status>ask(found.get().session(),
                            r -> new SessionActor.Destroy(callerSlot, ctx.connection(), r));
                })
                .thenApply(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    return DESTROY_SESSION4res.OK;
                });
    }
}
