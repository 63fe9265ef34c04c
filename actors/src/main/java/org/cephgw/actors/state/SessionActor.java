package org.cephgw.actors.state;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import java.util.List;
import org.cephgw.actors.Connection;
import org.cephgw.actors.callback.BackChannel;
import org.cephgw.actors.callback.CallbackRouter;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.cb.CbOp;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * One NFSv4.1 session (RFC 8881 §2.10): its back channel, the connections carrying it, its end.
 * A child of its client's {@link ClientActor}. SEQUENCE does not pass through here: its
 * {@link SequenceGate} (slot table, reply cache, lease renewal) runs where the request is read;
 * this actor publishes to the gate what a SEQUENCE reports of the back channel, and closes it
 * when the session ends.
 */
public final class SessionActor extends AbstractBehavior<SessionActor.Command> {

    public sealed interface Command {
    }

    /**
     * DESTROY_SESSION. {@code callerSlot} is the slot of the COMPOUND's own SEQUENCE when it
     * runs on this very session (that request is allowed to be in progress), else -1.
     */
    public record Destroy(int callerSlot, Connection connection, ActorRef<ClientProtocol.Status> replyTo) implements Command {
    }

    /** BIND_CONN_TO_SESSION; replies with the channel direction granted (CDFS4_*). */
    public record BindConnection(Connection connection, boolean fore, boolean back,
                                 ActorRef<BindReply> replyTo) implements Command {
    }

    public record BindReply(int status, boolean fore, boolean back) {
    }

    /** BACKCHANNEL_CTL: a new callback program number and security. */
    public record BackchannelCtl(int callbackProgram, List<CallbackSecParms4> security,
                                 ActorRef<ClientProtocol.Status> replyTo) implements Command {
        public BackchannelCtl(int callbackProgram, ActorRef<ClientProtocol.Status> replyTo) {
            this(callbackProgram, null, replyTo);
        }
    }

    /** Send a CB_COMPOUND of CB_SEQUENCE and {@code ops} on the back channel. */
    public record Callback(List<CbOp> ops, ActorRef<BackChannel.Result> replyTo) implements Command {
    }

    /** Whether the client has revoked delegations to free (SEQ4_STATUS_RECALLABLE_STATE_REVOKED). */
    public record RecallableStateRevoked(boolean revoked) implements Command {
    }

    private record CallbackReplied(CallbackRouter.Reply reply) implements Command {
    }

    private record CallbackTimedOut(int xid) implements Command {
    }

    private record ProbeDone(BackChannel.Result result) implements Command {
    }

    public record ConnectionClosed(Connection connection) implements Command {
    }

    /**
     * The parent ends the session (client expired, destroyed or replaced). It lingers a while
     * answering NFS4ERR_BADSESSION, for requests already on their way to it.
     */
    public record Stop() implements Command {
    }

    private record Terminate() implements Command {
    }

    private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(30);

    private final ActorRef<ClientActor.Command> client;
    private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers;
    private final long clientId;
    private final byte[] sessionId;
    private final SequenceGate gate;
    private final Set<Connection> backConnections = new HashSet<>();
    private final boolean backChannelWanted;
    private final BackChannel backChannel;
    private boolean callbacksReported;
    private boolean recallableRevoked;
    private int callbackProgram;
    private boolean destroyed;

    /** A session with no callbacks (tests). */
    public static Behavior<Command> create(ActorRef<ClientActor.Command> client, long clientId, byte[] sessionId,
                                           SequenceGate gate, boolean backChannel, int callbackProgram,
                                           Connection creator) {
        return create(client, clientId, sessionId, gate, backChannel,
                new Callbacks(callbackProgram, List.of(), 1, null), creator);
    }

    /**
     * How the session calls the client back.
     *
     * @param security     csa_sec_parms / BACKCHANNEL_CTL's security
     * @param minorVersion of the CB_COMPOUNDs: the session's own (§20)
     * @param router       where replies to back-channel calls are routed (null: no callbacks)
     */
    public record Callbacks(int program, List<CallbackSecParms4> security, int minorVersion,
                            ActorRef<CallbackRouter.Command> router) {
    }

    public static Behavior<Command> create(ActorRef<ClientActor.Command> client, long clientId, byte[] sessionId,
                                           SequenceGate gate, boolean backChannel, Callbacks callbacks,
                                           Connection creator) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new SessionActor(ctx, timers, client, clientId,
                sessionId, gate, backChannel, callbacks, creator)));
    }

    private SessionActor(ActorContext<Command> ctx, org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers,
                         ActorRef<ClientActor.Command> client, long clientId,
                         byte[] sessionId, SequenceGate gate, boolean backChannel, Callbacks callbacks,
                         Connection creator) {
        super(ctx);
        this.client = client;
        this.timers = timers;
        this.clientId = clientId;
        this.sessionId = sessionId;
        this.gate = gate;
        this.backChannelWanted = backChannel;
        this.callbackProgram = callbacks.program();
        if (creator != null && backChannel) {
            backConnections.add(creator);
        }
        this.backChannel = new BackChannel(sessionId, callbacks.minorVersion(), callbacks.program(),
                callbacks.security(), callbacks.router(),
                ctx.messageAdapter(CallbackRouter.Reply.class, CallbackReplied::new),
                (xid, after) -> timers.startSingleTimer("cb-" + xid, new CallbackTimedOut(xid), after),
                () -> backConnections);
        if (backChannel && callbacks.router() != null && !backConnections.isEmpty()) {
            // CB_NULL first: a client that cannot be called back gets no delegations
            this.backChannel.probe(ctx.messageAdapter(BackChannel.Result.class, ProbeDone::new));
        }
        reportCallbacks();
    }

    /** Tells the client actor when this session's back channel starts or stops being usable. */
    private void reportCallbacks() {
        boolean usable = backChannelWanted && backChannel.usable();
        if (usable != callbacksReported) {
            callbacksReported = usable;
            client.tell(new ClientActor.BackChannelChanged(sessionId, usable));
        }
        gate.publish(statusFlags(), callbacksReported);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Destroy.class, this::onDestroy)
                .onMessage(BindConnection.class, this::onBind)
                .onMessage(BackchannelCtl.class, this::onBackchannelCtl)
                .onMessage(ConnectionClosed.class, this::onConnectionClosed)
                .onMessage(Callback.class, m -> {
                    if (destroyed || !backChannelWanted) {
                        m.replyTo.tell(BackChannel.Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
                    } else {
                        backChannel.call(m.ops, m.replyTo);
                        reportCallbacks();
                    }
                    return this;
                })
                .onMessage(CallbackReplied.class, m -> {
                    backChannel.onReply(m.reply);
                    reportCallbacks();
                    return this;
                })
                .onMessage(CallbackTimedOut.class, m -> {
                    backChannel.onTimeout(m.xid);
                    reportCallbacks();
                    return this;
                })
                .onMessage(ProbeDone.class, m -> {
                    if (m.result.status() != NfsStat4.NFS4_OK) {
                        getContext().getLog().info("client {}: CB_NULL on the back channel of a new session failed;"
                                + " no delegations for it", Long.toHexString(clientId));
                    }
                    reportCallbacks();
                    return this;
                })
                .onMessage(RecallableStateRevoked.class, m -> {
                    recallableRevoked = m.revoked;
                    reportCallbacks();
                    return this;
                })
                .onMessage(Stop.class, m -> {
                    destroyed = true;
                    gate.close();
                    backChannel.close();
                    timers.startSingleTimer(new Terminate(), LINGER);
                    return this;
                })
                .onMessage(Terminate.class, m -> Behaviors.stopped())
                // stopped with its client (lease expiry) without a Stop: no SEQUENCE may pass after it
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, sig -> {
                    gate.close();
                    return this;
                })
                .build();
    }

    private int statusFlags() {
        int flags = 0;
        // a back channel was asked for but every connection carrying it is gone, or calls fail
        if (backChannelWanted && (backConnections.isEmpty() || backChannel.faulty())) {
            flags |= Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION;
        }
        if (recallableRevoked) {
            flags |= Nfs4Const.SEQ4_STATUS_RECALLABLE_STATE_REVOKED;
        }
        return flags;
    }

    private Behavior<Command> onDestroy(Destroy m) {
        if (destroyed) {
            m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4ERR_BADSESSION));
            return this;
        }
        int status = gate.destroy(m.callerSlot);
        if (status != NfsStat4.NFS4_OK) {
            m.replyTo.tell(new ClientProtocol.Status(status));
            return this;
        }
        destroyed = true;
        client.tell(new ClientActor.SessionEnded(sessionId));
        m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4_OK));
        return this;
    }

    private Behavior<Command> onBind(BindConnection m) {
        if (destroyed) {
            m.replyTo.tell(new BindReply(NfsStat4.NFS4ERR_BADSESSION, false, false));
            return this;
        }
        boolean back = m.back && backChannelWanted;
        if (back) {
            backConnections.add(m.connection);
            backChannel.connectionBound();
            reportCallbacks();
        }
        m.replyTo.tell(new BindReply(NfsStat4.NFS4_OK, m.fore || !back, back));
        return this;
    }

    private Behavior<Command> onBackchannelCtl(BackchannelCtl m) {
        callbackProgram = m.callbackProgram;
        if (m.security != null) {
            backChannel.configure(m.callbackProgram, m.security);
            reportCallbacks();
        }
        m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4_OK));
        return this;
    }

    private Behavior<Command> onConnectionClosed(ConnectionClosed m) {
        backConnections.removeIf(c -> c.id() == m.connection.id());
        reportCallbacks();
        return this;
    }
}
