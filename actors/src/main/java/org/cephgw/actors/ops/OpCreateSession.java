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
import org.cephgw.protocol.nfs4.CREATE_SESSION4args;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4resok;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
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
    /** the back channel carries only our small callbacks */
    private static final ChannelLimits BACK = new ChannelLimits(16 * 1024, 16 * 1024, 0, 8, 16);
    /** below this the client could not even send an OPEN */
    private static final int MIN_REQUEST = 512;

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, CREATE_SESSION4args args) {
        NfsSettings s = ctx.svc().settings();
        ChannelAttrs4 f = args.foreChanAttrs();
        ChannelAttrs4 b = args.backChanAttrs();
        if (f.maxrequests() < 1 || f.maxoperations() < 1 || b.maxrequests() < 1) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (f.maxrequestsize() < MIN_REQUEST || f.maxresponsesize() < MIN_REQUEST) {
            throw new OpException(NfsStat4.NFS4ERR_TOOSMALL);
        }
        ChannelLimits ours = new ChannelLimits(s.maxRequestSize(), s.maxResponseSize(), MAX_CACHED,
                s.maxOperations(), s.maxSessionSlots());
        ChannelLimits fore = ours.min(limits(f));
        ChannelLimits back = BACK.min(limits(b));
        boolean backChannel = (args.flags() & CREATE_SESSION4_FLAG_CONN_BACK_CHAN) != 0;
        CreateSessionRequest req = new CreateSessionRequest(args.clientid(), args.sequence(), ctx.principal(),
                backChannel, fore, back, args.cbProgram(), ctx.connection());
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
