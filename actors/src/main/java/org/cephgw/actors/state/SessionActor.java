package org.cephgw.actors.state;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.Connection;
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

    /** A SEQUENCE: judge the slot, then (for a new request) hold it until {@link Complete}. */
    public record Sequence(int slot, int sequenceId, int highestSlot, long requestHash, Connection connection,
                           ActorRef<SequenceReply> replyTo) implements Command {
    }

    /**
     * The answer to a SEQUENCE: {@code status} NFS4_OK with {@code replay} null means execute
     * the rest of the COMPOUND; a non-null {@code replay} is the cached COMPOUND4res to send again.
     */
    public record SequenceReply(int status, byte[] replay, int highestSlotId, int targetHighestSlotId,
                                int statusFlags, boolean reclaimComplete, ClientProtocol.SessionHandle session) {
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

    /** BACKCHANNEL_CTL: a new callback program number. */
    public record BackchannelCtl(int callbackProgram, ActorRef<ClientProtocol.Status> replyTo) implements Command {
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
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new SessionActor(ctx, timers, client, clientId,
                ownerId, sessionId, fore, backChannel, callbackProgram, creator, reclaimComplete)));
    }

    private SessionActor(ActorContext<Command> ctx, org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers,
                         ActorRef<ClientActor.Command> client, long clientId, byte[] ownerId,
                         byte[] sessionId, ChannelLimits fore, boolean backChannel, int callbackProgram,
                         Connection creator, boolean reclaimComplete) {
        super(ctx);
        this.client = client;
        this.timers = timers;
        this.handle = new ClientProtocol.SessionHandle(sessionId, clientId, ctx.getSelf(), client, fore, ownerId.clone());
        this.clientId = clientId;
        this.sessionId = sessionId;
        this.slots = new SlotTable(fore.maxRequests(), fore.maxResponseSizeCached());
        this.backChannelWanted = backChannel;
        this.callbackProgram = callbackProgram;
        this.reclaimComplete = reclaimComplete;
        if (creator != null) {
            connections.add(creator.id());
            if (backChannel) {
                backConnections.add(creator);
            }
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
                .onMessage(ReclaimCompleted.class, m -> {
                    reclaimComplete = true;
                    return this;
                })
                .onMessage(Stop.class, m -> {
                    destroyed = true;
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
        SlotTable.Verdict v = slots.begin(m.slot, m.sequenceId, m.requestHash);
        int highest = slots.highestSlotId();
        if (v instanceof SlotTable.Execute) {
            // with SP4_NONE any connection a client uses is bound to the fore channel (§2.10.3.1)
            if (m.connection != null) {
                connections.add(m.connection.id());
            }
            client.tell(new ClientActor.Renew(clientId));
            m.replyTo.tell(new SequenceReply(NfsStat4.NFS4_OK, null, highest, highest, statusFlags(), reclaimComplete, handle));
        } else if (v instanceof SlotTable.Replay r) {
            m.replyTo.tell(new SequenceReply(NfsStat4.NFS4_OK, r.reply(), highest, highest, statusFlags(), reclaimComplete, handle));
        } else if (v instanceof SlotTable.Refuse r) {
            m.replyTo.tell(new SequenceReply(r.status(), null, highest, highest, 0, reclaimComplete, handle));
        }
        return this;
    }

    private int statusFlags() {
        // a back channel was asked for but every connection carrying it is gone
        if (backChannelWanted && backConnections.isEmpty()) {
            return org.cephgw.protocol.nfs4.Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION;
        }
        return 0;
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
        }
        m.replyTo.tell(new BindReply(NfsStat4.NFS4_OK, m.fore || !back, back));
        return this;
    }

    private Behavior<Command> onBackchannelCtl(BackchannelCtl m) {
        callbackProgram = m.callbackProgram;
        m.replyTo.tell(new ClientProtocol.Status(NfsStat4.NFS4_OK));
        return this;
    }

    private Behavior<Command> onConnectionClosed(ConnectionClosed m) {
        connections.remove(m.connection.id());
        backConnections.removeIf(c -> c.id() == m.connection.id());
        return this;
    }
}
