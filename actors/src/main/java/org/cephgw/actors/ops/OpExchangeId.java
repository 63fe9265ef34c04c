package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdRequest;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdResult;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4args;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4res;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4resok;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.StateProtect4A;
import org.cephgw.protocol.nfs4.StateProtect4R;

/**
 * EXCHANGE_ID (RFC 8881 §18.35): the client owner's record; the nine cases of §18.35.5 are the
 * client's actor's business. Only SP4_NONE state protection is offered; this is not a pNFS server.
 */
public final class OpExchangeId implements Operation<EXCHANGE_ID4args> {
    /**
     * The eia_flags a client may set (RFC 8881 §18.35.3). Not EXCHGID4_FLAG_SUPP_FENCE_OPS: that
     * bit is undefined in NFSv4.1, and in NFSv4.2 (RFC 7862) it is a pNFS data server's
     * announcement in eir_flags, which this server is not — Linux nfsd refuses it alike.
     */
    private static final int CLIENT_FLAGS = EXCHGID4_FLAG_SUPP_MOVED_REFER | EXCHGID4_FLAG_SUPP_MOVED_MIGR
            | EXCHGID4_FLAG_BIND_PRINC_STATEID | EXCHGID4_FLAG_MASK_PNFS | EXCHGID4_FLAG_UPD_CONFIRMED_REC_A;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, EXCHANGE_ID4args args) {
        if ((args.flags() & ~CLIENT_FLAGS) != 0) {
            // CONFIRMED_R is the server's to set; undefined bits "MUST" be refused (§18.35.3)
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (!(args.stateProtect() instanceof StateProtect4A.None)) {
            throw new OpException(NfsStat4.NFS4ERR_NOTSUPP);
        }
        boolean update = (args.flags() & EXCHGID4_FLAG_UPD_CONFIRMED_REC_A) != 0;
        InetSocketAddress from = ctx.connection().remote();
        ExchangeIdRequest req = new ExchangeIdRequest(args.clientowner().coOwnerid(), args.clientowner().coVerifier(),
                ctx.principal(), update, from);
        return ctx.svc().<ClientRegistry.Command, ExchangeIdResult>ask(ctx.svc().clients(),
                r -> new ClientRegistry.ExchangeId(req, r))
                .thenApply(res -> {
                    if (res.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(res.status());
                    }
                    int flags = EXCHGID4_FLAG_USE_NON_PNFS | (res.confirmed() ? EXCHGID4_FLAG_CONFIRMED_R : 0);
                    return EXCHANGE_ID4res.ok(new EXCHANGE_ID4resok(res.clientId(), res.sequenceId(), flags,
                            new StateProtect4R.None(), ctx.svc().serverOwner(), ctx.svc().serverScope(),
                            ctx.svc().implId()));
                });
    }
}
