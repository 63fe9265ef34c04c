package org.cephgw.actors.ops;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientActor;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.FREE_STATEID4args;
import org.cephgw.protocol.nfs4.FREE_STATEID4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * FREE_STATEID (RFC 8881 §18.38): forgets a lock stateid that holds no locks (and whatever the
 * back end kept for its lock-owner, e.g. the local back end's descriptor).
 */
public final class OpFreeStateid implements Operation<FREE_STATEID4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, FREE_STATEID4args args) {
        long clientId = ctx.clientId();
        StateId sid = ctx.stateid(args.stateid());
        if (sid.isSpecial()) {
            throw new OpException(NfsStat4.NFS4ERR_BAD_STATEID);
        }
        return ctx.svc().<ClientActor.Command, List<ClientProtocol.StateLocation>>ask(ctx.session().client(),
                r -> new ClientActor.LocateStates(clientId, List.of(sid.other()), r))
                .thenCompose(locations -> {
                    ClientProtocol.StateLocation loc = locations.get(0);
                    if (loc == null) {
                        return CompletableFuture.completedFuture(new ClientProtocol.Status(NfsStat4.NFS4ERR_BAD_STATEID));
                    }
                    return ctx.svc().<OpenFiles.Command, ClientProtocol.Status>ask(ctx.svc().openFiles(),
                            r -> new OpenFiles.Forward(loc.file(), new OpenFileActor.FreeState(clientId, sid, r)));
                })
                .thenCompose(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    // The file's actor told the client's actor the state is gone before it answered;
                    // one more question to the client's actor is answered only after it handled that
                    // and told the sessions (a freed revoked delegation clears
                    // SEQ4_STATUS_RECALLABLE_STATE_REVOKED): the client's next SEQUENCE, sent after
                    // this reply, sees the flag cleared.
                    return ctx.svc().<ClientActor.Command, List<ClientProtocol.StateLocation>>ask(ctx.session().client(),
                            r -> new ClientActor.LocateStates(clientId, List.of(), r));
                })
                .thenApply(none -> (NfsResop) new FREE_STATEID4res(NfsStat4.NFS4_OK));
    }
}
