package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.SessionActor;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4args;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4res;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4resok;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** BIND_CONN_TO_SESSION (RFC 8881 §18.34): adds this connection to a session's channels. */
public final class OpBindConnToSession implements Operation<BIND_CONN_TO_SESSION4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, BIND_CONN_TO_SESSION4args args) {
        boolean fore;
        boolean back;
        switch (args.dir()) {
            case CDFC4_FORE: fore = true; back = false; break;
            case CDFC4_BACK: fore = false; back = true; break;
            case CDFC4_FORE_OR_BOTH:
            case CDFC4_BACK_OR_BOTH: fore = true; back = true; break;
            default: throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (args.useConnInRdmaMode()) {
            // there is no RDMA here; the answer says the connection is used without it
        }
        return ctx.svc().<ClientRegistry.Command, Optional<ClientProtocol.SessionHandle>>ask(ctx.svc().clients(),
                        r -> new ClientRegistry.FindSession(args.sessid(), r))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(new SessionActor.BindReply(NfsStat4.NFS4ERR_BADSESSION, false, false));
                    }
                    return ctx.svc().<SessionActor.Command, SessionActor.BindReply>ask(found.get().session(),
                            r -> new SessionActor.BindConnection(ctx.connection(), fore, back, r));
                })
                .thenApply(b -> {
                    if (b.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(b.status());
                    }
                    int dir = b.fore() && b.back() ? CDFS4_BOTH : b.back() ? CDFS4_BACK : CDFS4_FORE;
                    return BIND_CONN_TO_SESSION4res.ok(new BIND_CONN_TO_SESSION4resok(args.sessid(), dir, false));
                });
    }
}
