package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.protocol.nfs4.DESTROY_CLIENTID4args;
import org.cephgw.protocol.nfs4.DESTROY_CLIENTID4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** DESTROY_CLIENTID (RFC 8881 §18.50): only a client without sessions or state (else NFS4ERR_CLIENTID_BUSY). */
public final class OpDestroyClientid implements Operation<DESTROY_CLIENTID4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, DESTROY_CLIENTID4args args) {
        return ctx.svc().<ClientRegistry.Command, ClientProtocol.Status>ask(ctx.svc().clients(),
                        r -> new ClientRegistry.DestroyClientId(args.clientid(), r))
                .thenApply(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    return DESTROY_CLIENTID4res.OK;
                });
    }
}
