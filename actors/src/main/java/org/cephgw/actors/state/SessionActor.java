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
 * One NFSv4.1 session (RFC 8881 §2.10): its fore-channel slot table and reply cache, its
 * negotiated channel attributes and the connections bound to it. A child of its client's
 * {@link ClientActor}; every SEQUENCE on the session passes through here, which renews the
 * client's lease.
 */
public final class SessionActor extends AbstractBehavior<SessionActor.Command> {

    public sealed interface Command {
    }

    /**
     * A SEQUENCE: judge its COMPOUND against the channel limits and the slot, then (for a new
     * request) hold the slot until {@link Complete}.
     */
    public record Sequence(int slot, int sequenceId, int highestSlot, long requestHash, Connection connection,
                           ActorRef<SequenceReply> replyTo, Demand demand) implements Command {
        public Sequence(int slot, int sequenceId, int highestSlot, long requestHash, Connection connection,
                        ActorRef<SequenceReply> replyTo) {
            this(slot, sequenceId, highestSlot, requestHash, connection, replyTo, Demand.NONE);
        }
    }

    /**
     * What a SEQUENCE's COMPOUND asks of the fore channel (see {@link ChannelLimits#admit}).
     *
     * @param replyBytes the least its reply takes, RPC header included
     */
    public record Demand(int operations, int requestBytes, int replyBytes, boolean cacheThis) {
        public static final Demand NONE = new Demand(0, 0, 0, false);
    }

    /**
     * The answer to a SEQUENCE: {@code status} NFS4_OK with {@code replay} null means execute
     * the rest of the COMPOUND; a non-null {@code replay} is the cached COMPOUND4res to send again.
     */
    public record SequenceReply(int status, byte[] replay, int highestSlotId, int targetHighestSlotId,
                                int statusFlags, boolean reclaimComplete, ClientProtocol.SessionHandle session,
                                boolean callbacks) {
        public SequenceReply(int status, byte[] replay, int highestSlotId, int targetHighestSlotId,
                             int statusFlags, boolean reclaimComplete, ClientProtocol.SessionHandle session) {
            this(status, replay, highestSlotId, targetHighestSlotId, statusFlags, reclaimComplete, session, false);
        }
    }

    /** The request on a slot finished; {@code reply} is its encoded COMPOUND4res. */
    public record Complete(int slot, int sequenceId, byte[] reply) implements Command {
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

    /** The client sent RECLAIM_COMPLETE (through another session, perhaps). */
    public record ReclaimCompleted() implements Command {
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
    private final ClientProtocol.SessionHandle handle;
    private final long clientId;
    private final byte[] sessionId;
    private final SlotTable slots;
    private final Set<Long> connections = new HashSet<>();
    private final Set<Connection> backConnections = new HashSet<>();
    private final boolean backChannelWanted;
    private final BackChannel backChannel;
    private boolean callbacksReported;
    private boolean recallableRevoked;
    private int callbackProgram;
    private boolean reclaimComplete;
    private boolean destroyed;

    public static Behavior<Command> create(ActorRef<ClientActor.Command> client, long clientId, byte[] sessionId,
                                           ChannelLimits fore, boolean backChannel, int callbackProgram,
                                           Connection creator, boolean reclaimComplete) {
        return create(client, clientId, new byte[0], sessionId, fore, backChannel, callbackProgram, creator, reclaimComplete);
    }

    /** @param ownerId the client owner (co_ownerid), carried in the session handle for reclaims */
    public static Behavior<Command> create(ActorRef<ClientActor.Command> client, long clientId, byte[] ownerId,
                                           byte[] sessionId, ChannelLimits fore, boolean backChannel,
                                           int callbackProgram, Connection creator, boolean reclaimComplete) {
        return create(client, clientId, ownerId, sessionId, fore, backChannel,
                new Callbacks(callbackProgram, List.of(), 1, null), creator, reclaimComplete);
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

    public static Behavior<Command> create(ActorRef<ClientActor.Command> client, long clientId, byte[] ownerId,
                                           byte[] sessionId, ChannelLimits fore, boolean backChannel,
                                           Callbacks callbacks, Connection creator, boolean reclaimComplete) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new SessionActor(ctx, timers, client, clientId,
                ownerId, sessionId, fore, backChannel, callbacks, creator, reclaimComplete)));
    }

    private SessionActor(ActorContext<Command> ctx, org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers,
                         ActorRef<ClientActor.Command> client, long clientId, byte[] ownerId,
                         byte[] sessionId, ChannelLimits fore, boolean backChannel, Callbacks callbacks,
                         Connection creator, boolean reclaimComplete) {
        super(ctx);
        this.client = client;
        this.timers = timers;
        this.handle = new ClientProtocol.SessionHandle(sessionId, clientId, ctx.getSelf(), client, fore, ownerId.clone());
        this.clientId = clientId;
        this.sessionId = sessionId;
        // the cache holds COMPOUND4res bytes; ca_maxresponsesize_cached counts the RPC header too
        this.slots = new SlotTable(fore.maxRequests(), fore.maxResponseSizeCached() - ChannelLimits.RPC_REPLY_HEADER);
        this.backChannelWanted = backChannel;
        this.callbackProgram = callbacks.program();
        this.reclaimComplete = reclaimComplete;
        if (creator != null) {
            connections.add(creator.id());
            if (backChannel) {
                backConnections.add(creator);
            }
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
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Sequence.class, this::onSequence)
                .onMessage(Complete.class, this::onComplete)
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
                    return this;
                })
                .onMessage(ReclaimCompleted.class, m -> {
                    reclaimComplete = true;
                    return this;
                })
                .onMessage(Stop.class, m -> {
                    destroyed = true;
                    backChannel.close();
                    timers.startSingleTimer(new Terminate(), LINGER);
                    return this;
                })
                .onMessage(Terminate.class, m -> Behaviors.stopped())
                .build();
    }

    private Behavior<Command> onSequence(Sequence m) {
        if (destroyed) {
            m.replyTo.tell(new SequenceReply(NfsStat4.NFS4ERR_BADSESSION, null, 0, 0, 0, false, handle));
            return this;
        }
        // before the slot: a SEQUENCE that fails leaves the slot and the lease as they were (§18.46.3)
        Demand d = m.demand;
        int limit = handle.fore().admit(d.operations(), d.requestBytes(), d.replyBytes(), d.cacheThis());
        if (limit != NfsStat4.NFS4_OK) {
            int top = slots.highestSlotId();
            m.replyTo.tell(new SequenceReply(limit, null, top, top, 0, reclaimComplete, handle));
            return this;
        }
        SlotTable.Verdict v = slots.begin(m.slot, m.sequenceId, m.requestHash);
        int highest = slots.highestSlotId();
        if (v instanceof SlotTable.Execute) {
            // with SP4_NONE any connection a client uses is bound to the fore channel (§2.10.3.1)
            if (m.connection != null) {
                connections.add(m.connection.id());
            }
            client.tell(new ClientActor.Renew(clientId));
            m.replyTo.tell(new SequenceReply(NfsStat4.NFS4_OK, null, highest, highest, statusFlags(), reclaimComplete, handle,
                    callbacksReported));
        } else if (v instanceof SlotTable.Replay r) {
            m.replyTo.tell(new SequenceReply(NfsStat4.NFS4_OK, r.reply(), highest, highest, statusFlags(), reclaimComplete, handle));
        } else if (v instanceof SlotTable.Refuse r) {
            m.replyTo.tell(new SequenceReply(r.status(), null, highest, highest, 0, reclaimComplete, handle));
        }
        return this;
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

    private Behavior<Command> onComplete(Complete m) {
        slots.complete(m.slot, m.sequenceId, m.reply);
        return this;
    }

    private Behavior<Command> onDestroy(Destroy m) {
        if (destroyed) {
            m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4ERR_BADSESSION));
            return this;
        }
        boolean busy = m.callerSlot >= 0 ? slots.anyBusyExcept(m.callerSlot) : slots.anyBusy();
        if (busy) {
            m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4ERR_DELAY));
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
        connections.add(m.connection.id());
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
        connections.remove(m.connection.id());
        backConnections.removeIf(c -> c.id() == m.connection.id());
        reportCallbacks();
        return this;
    }
}
