package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.DELEGRETURN4args;
import org.cephgw.protocol.nfs4.DELEGRETURN4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * DELEGRETURN (RFC 8881 §18.6): the client gives a delegation on the current file back, after a
 * recall or on its own. A revoked one is NFS4ERR_DELEG_REVOKED (the client frees it with
 * FREE_STATEID).
 */
public final class OpDelegreturn implements Operation<DELEGRETURN4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, DELEGRETURN4args args) {
        Fh fh = ctx.fh();
        long clientId = ctx.clientId();
        StateId sid = ctx.stateid(args.delegStateid());
        if (sid.isSpecial()) {
            throw new OpException(NfsStat4.NFS4ERR_BAD_STATEID);
        }
        return ctx.svc().<OpenFiles.Command, OpenFileActor.StateReply>ask(ctx.svc().openFiles(),
                        r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.ReturnDelegation(clientId, sid, r)))
                .thenApply(r -> {
                    if (r.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(r.status());
                    }
                    return (NfsResop) new DELEGRETURN4res(NfsStat4.NFS4_OK);
                });
    }
}
