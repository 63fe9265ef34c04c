package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.DELEGRETURN4args;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * DELEGRETURN (RFC 8881 §18.6). This server grants no delegations yet, so there is never one
 * to return: the stateid is bad.
 */
public final class OpDelegreturn implements Operation<DELEGRETURN4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, DELEGRETURN4args args) {
        ctx.fh();
        ctx.clientId();
        ctx.stateid(args.delegStateid());
        throw new OpException(NfsStat4.NFS4ERR_BAD_STATEID);
    }
}
