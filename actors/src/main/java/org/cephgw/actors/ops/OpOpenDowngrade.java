package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN_DOWNGRADE4args;
import org.cephgw.protocol.nfs4.OPEN_DOWNGRADE4res;

/** OPEN_DOWNGRADE (RFC 8881 §18.18): fewer access/deny bits for an open. */
public final class OpOpenDowngrade implements Operation<OPEN_DOWNGRADE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, OPEN_DOWNGRADE4args args) {
        Fh fh = ctx.fh();
        StateId sid = ctx.stateid(args.openStateid());
        int access = args.shareAccess() & ~OPEN4_SHARE_ACCESS_WANT_DELEG_MASK;
        if (access < 1 || access > OPEN4_SHARE_ACCESS_BOTH || args.shareDeny() < 0 || args.shareDeny() > OPEN4_SHARE_DENY_BOTH) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        long clientId = ctx.clientId();
        return ctx.svc().<OpenFiles.Command, OpenFileActor.StateReply>ask(ctx.svc().openFiles(),
                r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.OpenDowngrade(clientId, sid, access, args.shareDeny(), r)))
                .thenApply(reply -> {
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    ctx.setStateid(reply.stateid());
                    return OPEN_DOWNGRADE4res.ok(CompoundContext.wire(reply.stateid()));
                });
    }
}
