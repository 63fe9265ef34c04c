package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.NfsSettings;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.state.ChannelLimits;
import org.cephgw.actors.state.ClientProtocol.CreateSessionRequest;
import org.cephgw.actors.state.ClientProtocol.CreateSessionResult;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.SessionActor;
import org.cephgw.protocol.nfs4.CREATE_SESSION4args;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4resok;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.Nfs4Limits;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * CREATE_SESSION (RFC 8881 §18.36): confirms the client record and opens a session whose
 * channel attributes are the lower of what the client asks and what this server allows.
 * Sessions are not persistent; a back channel on the creating connection is granted when asked.
 */
public final class OpCreateSession implements Operation<CREATE_SESSION4args> {
    /** the reply cache keeps at most this per slot */
    private static final int MAX_CACHED = 64 * 1024;
    /** the back channel carries only our small callbacks (its slots and operations are the client's) */
    private static final ChannelLimits BACK = new ChannelLimits(16 * 1024, 16 * 1024, 0, 0, 0);
    private static final int DEFINED_FLAGS = CREATE_SESSION4_FLAG_PERSIST | CREATE_SESSION4_FLAG_CONN_BACK_CHAN
            | CREATE_SESSION4_FLAG_CONN_RDMA;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, CREATE_SESSION4args args) {
        NfsSettings s = ctx.svc().settings();
        ChannelAttrs4 f = args.foreChanAttrs();
        ChannelAttrs4 b = args.backChanAttrs();
        // judged before the client record is looked at, so a refused request uses up no csa_sequence
        if ((args.flags() & ~DEFINED_FLAGS) != 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (f.maxrequests() < 1 || f.maxoperations() < 1 || b.maxrequests() < 1) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        // small values are granted as asked; only ones that leave no usable channel are refused (§18.36.3)
        if (!limits(f).usableAsFore() || !limits(b).usableAsBack()) {
            throw new OpException(NfsStat4.NFS4ERR_TOOSMALL);
        }
        // the decoder takes at most Nfs4Limits.MAX_OPS: a longer COMPOUND must meet NFS4ERR_TOO_MANY_OPS
        ChannelLimits ours = new ChannelLimits(s.maxRequestSize(), s.maxResponseSize(), MAX_CACHED,
                Math.min(s.maxOperations(), Nfs4Limits.MAX_OPS), s.maxSessionSlots());
        ChannelLimits fore = ours.min(limits(f));
        ChannelLimits back = BACK.forBackChannel(limits(b));
        boolean backChannel = (args.flags() & CREATE_SESSION4_FLAG_CONN_BACK_CHAN) != 0;
        CreateSessionRequest req = new CreateSessionRequest(args.clientid(), args.sequence(), ctx.principal(),
                backChannel, fore, back, args.cbProgram(), ctx.connection(),
                new SessionActor.Callbacks(args.cbProgram(), args.secParms(), ctx.minorVersion(), ctx.svc().callbacks()));
        return ctx.svc().<ClientRegistry.Command, CreateSessionResult>ask(ctx.svc().clients(),
                r -> new ClientRegistry.CreateSession(req, r))
                .thenApply(res -> {
                    if (res.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(res.status());
                    }
                    int flags = res.backChannel() ? CREATE_SESSION4_FLAG_CONN_BACK_CHAN : 0;
                    return CREATE_SESSION4res.ok(new CREATE_SESSION4resok(res.sessionId(), res.sequence(), flags,
                            attrs(res.fore()), attrs(res.back())));
                });
    }

    private static ChannelLimits limits(ChannelAttrs4 a) {
        return new ChannelLimits(a.maxrequestsize(), a.maxresponsesize(), a.maxresponsesizeCached(),
                a.maxoperations(), a.maxrequests());
    }

    private static ChannelAttrs4 attrs(ChannelLimits l) {
        return new ChannelAttrs4(0, l.maxRequestSize(), l.maxResponseSize(), l.maxResponseSizeCached(),
                l.maxOperations(), l.maxRequests(), null);
    }
}
