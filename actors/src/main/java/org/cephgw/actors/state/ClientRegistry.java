package org.cephgw.actors.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.state.ClientProtocol.ClientInfo;
import org.cephgw.actors.state.ClientProtocol.CreateSessionRequest;
import org.cephgw.actors.state.ClientProtocol.CreateSessionResult;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdRequest;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdResult;
import org.cephgw.actors.state.ClientProtocol.SessionHandle;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * A head's directory of NFSv4 clients: finds (or starts) the {@link ClientActor} of a client
 * owner, the owner of a clientid, and the session of a sessionid. It issues clientids, whose
 * first byte is the head's index.
 */
public final class ClientRegistry extends AbstractBehavior<ClientRegistry.Command> {

    public sealed interface Command {
    }

    public record ExchangeId(ExchangeIdRequest request, ActorRef<ExchangeIdResult> replyTo) implements Command {
    }

    public record CreateSession(CreateSessionRequest request, ActorRef<CreateSessionResult> replyTo) implements Command {
    }

    public record DestroyClientId(long clientId, ActorRef<Status> replyTo) implements Command {
    }

    /** Finds a session; replies with null when there is none. */
    public record FindSession(byte[] sessionId, ActorRef<java.util.Optional<SessionHandle>> replyTo) implements Command {
    }

    /** Finds the actor holding a clientid (confirmed or not). */
    public record FindClient(long clientId, ActorRef<java.util.Optional<ActorRef<ClientActor.Command>>> replyTo)
            implements Command {
    }

    public record ListClients(ActorRef<List<ClientInfo>> replyTo) implements Command {
    }

    /** A client connection closed: the sessions it was bound to forget it (back channel down). */
    public record ConnectionClosed(org.cephgw.actors.Connection connection) implements Command {
    }

    // ---- from ClientActors
    record ClientIdIssued(long clientId, ActorRef<ClientActor.Command> owner) implements Command {
    }

    record ClientIdRetired(long clientId) implements Command {
    }

    record SessionCreated(SessionHandle handle) implements Command {
    }

    record SessionRemoved(byte[] sessionId) implements Command {
    }

    record OwnerIdle(byte[] ownerId, ActorRef<ClientActor.Command> owner, int exchangesSeen) implements Command {
    }

    private record Owner(ActorRef<ClientActor.Command> ref, int exchangesSent) {
    }

    private final int headIndex;
    private final int boot;
    private final int bootVerifier;
    private final Duration lease;
    private final ActorRef<OpenFiles.Command> openFiles;
    private final org.cephgw.actors.grace.GraceLink grace;
    private final Map<String, Owner> owners = new HashMap<>();
    private final Map<Long, ActorRef<ClientActor.Command>> clientIds = new HashMap<>();
    private final Map<String, SessionHandle> sessions = new HashMap<>();
    /** clientids confirmed by a CREATE_SESSION and not retired: for {@link #stats} */
    private final java.util.Set<Long> confirmed = new java.util.HashSet<>();
    private final org.cephgw.actors.metrics.HeadStats stats;
    private int nextClient = 1;
    private int ownerSerial;

    /**
     * @param boot a value that differs between runs of the head (e.g. derived from start time),
     *             part of every clientid so that ids from before a restart are stale
     */
    public static Behavior<Command> create(int headIndex, int boot, Duration lease, ActorRef<OpenFiles.Command> openFiles) {
        return create(headIndex, boot, lease, openFiles, org.cephgw.actors.grace.GraceLink.NONE);
    }

    /** @param grace the head's grace participant, which the client actors tell about their clients */
    public static Behavior<Command> create(int headIndex, int boot, Duration lease, ActorRef<OpenFiles.Command> openFiles,
                                           org.cephgw.actors.grace.GraceLink grace) {
        return create(headIndex, boot, lease, openFiles, grace, new org.cephgw.actors.metrics.HeadStats());
    }

    /** @param stats kept up to date with the head's confirmed clients and sessions (metrics) */
    public static Behavior<Command> create(int headIndex, int boot, Duration lease, ActorRef<OpenFiles.Command> openFiles,
                                           org.cephgw.actors.grace.GraceLink grace, org.cephgw.actors.metrics.HeadStats stats) {
        return Behaviors.setup(ctx -> new ClientRegistry(ctx, headIndex, boot, lease, openFiles, grace, stats));
    }

    private ClientRegistry(ActorContext<Command> ctx, int headIndex, int boot, Duration lease,
                           ActorRef<OpenFiles.Command> openFiles, org.cephgw.actors.grace.GraceLink grace,
                           org.cephgw.actors.metrics.HeadStats stats) {
        super(ctx);
        this.stats = stats;
        this.grace = grace;
        this.headIndex = headIndex;
        this.boot = boot & 0xffffff;
        this.bootVerifier = boot;
        this.lease = lease;
        this.openFiles = openFiles;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ExchangeId.class, this::onExchangeId)
                .onMessage(CreateSession.class, this::onCreateSession)
                .onMessage(DestroyClientId.class, this::onDestroyClientId)
                .onMessage(FindSession.class, m -> {
                    m.replyTo.tell(java.util.Optional.ofNullable(sessions.get(HexFormat.of().formatHex(m.sessionId))));
                    return this;
                })
                .onMessage(FindClient.class, m -> {
                    m.replyTo.tell(java.util.Optional.ofNullable(clientIds.get(m.clientId)));
                    return this;
                })
                .onMessage(ListClients.class, this::onListClients)
                .onMessage(ConnectionClosed.class, m -> {
                    sessions.values().forEach(h -> h.session().tell(new SessionActor.ConnectionClosed(m.connection)));
                    return this;
                })
                .onMessage(ClientIdIssued.class, m -> {
                    clientIds.put(m.clientId, m.owner);
                    return this;
                })
                .onMessage(ClientIdRetired.class, m -> {
                    clientIds.remove(m.clientId);
                    confirmed.remove(m.clientId);
                    return counted();
                })
                .onMessage(SessionCreated.class, m -> {
                    sessions.put(HexFormat.of().formatHex(m.handle.sessionId()), m.handle);
                    // a clientid's first CREATE_SESSION confirms it
                    confirmed.add(m.handle.clientId());
                    return counted();
                })
                .onMessage(SessionRemoved.class, m -> {
                    sessions.remove(HexFormat.of().formatHex(m.sessionId));
                    return counted();
                })
                .onMessage(OwnerIdle.class, this::onOwnerIdle)
                .build();
    }

    private Behavior<Command> counted() {
        stats.update(confirmed.size(), sessions.size());
        return this;
    }

    private Behavior<Command> onExchangeId(ExchangeId m) {
        String key = HexFormat.of().formatHex(m.request.ownerId());
        Owner o = owners.get(key);
        if (o == null) {
            ActorRef<ClientActor.Command> ref = getContext().spawn(
                    ClientActor.create(m.request.ownerId(), getContext().getSelf(), openFiles, lease, bootVerifier, grace),
                    "client-" + (++ownerSerial), org.apache.pekko.actor.typed.DispatcherSelector.sameAsParent());
            o = new Owner(ref, 0);
        }
        owners.put(key, new Owner(o.ref, o.exchangesSent + 1));
        long fresh = Ids.clientId(headIndex, boot, nextClient++);
        // known before the owner answers, so a CREATE_SESSION right after the reply finds it
        clientIds.put(fresh, o.ref);
        o.ref.tell(new ClientActor.ExchangeId(m.request, fresh, m.replyTo));
        return this;
    }

    private Behavior<Command> onCreateSession(CreateSession m) {
        ActorRef<ClientActor.Command> ref = clientIds.get(m.request.clientId());
        if (ref == null) {
            m.replyTo.tell(CreateSessionResult.error(NfsStat4.NFS4ERR_STALE_CLIENTID));
        } else {
            ref.tell(new ClientActor.CreateSession(m.request, m.replyTo));
        }
        return this;
    }

    private Behavior<Command> onDestroyClientId(DestroyClientId m) {
        ActorRef<ClientActor.Command> ref = clientIds.get(m.clientId);
        if (ref == null) {
            m.replyTo.tell(new Status(NfsStat4.NFS4ERR_STALE_CLIENTID));
        } else {
            ref.tell(new ClientActor.DestroyClientId(m.clientId, m.replyTo));
        }
        return this;
    }

    private Behavior<Command> onOwnerIdle(OwnerIdle m) {
        String key = HexFormat.of().formatHex(m.ownerId);
        Owner o = owners.get(key);
        // an EXCHANGE_ID still on its way to the owner would be lost if it stopped now
        if (o != null && o.ref.equals(m.owner) && o.exchangesSent == m.exchangesSeen) {
            owners.remove(key);
            clientIds.values().removeIf(r -> r.equals(m.owner));
            getContext().stop(m.owner);
        }
        return this;
    }

    private Behavior<Command> onListClients(ListClients m) {
        List<ActorRef<ClientActor.Command>> refs = owners.values().stream().map(Owner::ref).toList();
        if (refs.isEmpty()) {
            m.replyTo.tell(List.of());
            return this;
        }
        // gather every owner's records; an aggregator child collects the answers
        getContext().spawnAnonymous(Behaviors.<List<ClientInfo>>setup(ctx -> {
            for (ActorRef<ClientActor.Command> r : refs) {
                r.tell(new ClientActor.Info(ctx.getSelf()));
            }
            List<ClientInfo> all = new ArrayList<>();
            int[] left = {refs.size()};
            // an owner that stops meanwhile never answers: answer with what came in time
            List<ClientInfo> timedOut = new ArrayList<>();
            ctx.setReceiveTimeout(Duration.ofSeconds(3), timedOut);
            return Behaviors.receive((c, infos) -> {
                if (infos != timedOut) {
                    all.addAll(infos);
                }
                if (infos == timedOut || --left[0] == 0) {
                    m.replyTo.tell(all);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        }));
        return this;
    }
}
