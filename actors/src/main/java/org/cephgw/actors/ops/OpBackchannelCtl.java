package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.SessionActor;
import org.cephgw.protocol.nfs4.BACKCHANNEL_CTL4args;
import org.cephgw.protocol.nfs4.BACKCHANNEL_CTL4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** BACKCHANNEL_CTL (RFC 8881 §18.33): a new callback program for the session's back channel. */
public final class OpBackchannelCtl implements Operation<BACKCHANNEL_CTL4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, BACKCHANNEL_CTL4args args) {
        ctx.clientId();
        return ctx.svc().<SessionActor.Command, ClientProtocol.Status>ask(ctx.session().session(),
                        r -> new SessionActor.BackchannelCtl(args.cbProgram(), args.secParms(), r))
                .thenApply(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    return BACKCHANNEL_CTL4res.OK;
                });
    }
}
