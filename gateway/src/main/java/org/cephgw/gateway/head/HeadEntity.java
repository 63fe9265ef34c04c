package org.cephgw.gateway.head;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.cephgw.actors.CborSerializable;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.Backends;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One head of the virtual-IP mode as a cluster-sharded entity (entity id = head name, shard =
 * head index): wherever sharding places it, it takes the same start path as a restarted head —
 * joins the grace database as its member, waits until every member enforces, mounts its back ends
 * with its own CephFS session uuid (resetting its previous incarnation's session), starts its NFS
 * service — and then runs the COMPOUNDs of its clients, forwarded from whichever node their
 * connection reached ({@link Call}) or run directly by this node's {@link HeadRouter}.
 *
 * <p>A hand-off (rebalance, the node leaving) sends {@link HandOff}: the calls under way answer,
 * the participant leaves the grace database the way a cleanly stopped head does (a grace period
 * for its successor), the back ends are left for the successor (CephFS: {@code ceph_abort_conn}),
 * and only then does sharding start the head on its new node. Whatever fails on the way stops the
 * entity; the node's keep-alive ({@link HeadKeeper}) starts it again.
 */
public final class HeadEntity {
    public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "cephgw-head");
    private static final Logger log = LoggerFactory.getLogger(HeadEntity.class);
    /** COMPOUNDs kept while the head starts; beyond, they are not answered (their clients resend) */
    private static final int STASH = 10_000;
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

    public sealed interface Command {
    }

    /** Messages other nodes send. */
    public sealed interface Remote extends Command, CborSerializable {
    }

    /**
     * A COMPOUND call (the RPC record without record marking) that arrived on connection
     * {@code connection} of node {@code origin}; the answer goes to {@code replyTo}.
     */
    public record Call(byte[] record, ActorRef<NodeConnections.Command> origin, long connection, String remote,
                       String local, ActorRef<CallResult> replyTo) implements Remote {
    }

    /** A reply to a back-channel call, read on a connection of {@code origin}. */
    public record BackchannelReply(byte[] record, ActorRef<NodeConnections.Command> origin, long connection)
            implements Remote {
    }

    /** A connection of {@code origin} that this head's clients may have used is closed. */
    public record ConnectionClosed(ActorRef<NodeConnections.Command> origin, long connection) implements Remote {
    }

    /** Management: the head's clients. Answered only once the head serves. */
    public record ListClients(ActorRef<HeadClients> replyTo) implements Remote {
    }

    /** A head's clients, and the node it runs on (null: it did not answer). */
    public record HeadClients(String head, String node, List<org.cephgw.actors.ClientSummary> clients)
            implements CborSerializable {
    }

    /** Sent to every head every second by every node: starts a head wherever sharding puts it. */
    public record KeepAlive() implements Remote {
    }

    /**
     * The head is configured on no serving node any more (a head set made smaller): it stops the
     * way a hand-off does, and nothing starts it again.
     */
    public record Retire() implements Remote {
    }

    /** Sharding's stop message: the head moves to another node (or the cluster stops). */
    public record HandOff() implements Command {
    }

    private record Opened(List<Filesystem> backends) implements Command {
    }

    /** A connection of another node, known by that node's {@link NodeConnections} and its id there. */
    private record ProxyKey(ActorRef<NodeConnections.Command> origin, long connection) {
    }

    private record StartFailed(Throwable cause) implements Command {
    }

    private record OriginGone(ActorRef<NodeConnections.Command> origin) implements Command {
    }

    private record Stopped() implements Command {
    }

    private record Republish() implements Command {
    }

    /**
     * The answer to a {@link Call}: the encoded COMPOUND4res, or why there is none.
     *
     * @param outcome {@link #OK}, {@link #GARBAGE} (the server answers GARBAGE_ARGS), {@link #NOT_SERVED}
     *                (no answer, the client sends the call again), {@link #MOVING} (the router sends it to
     *                the head's next incarnation) or {@link #FAILED}
     */
    public record CallResult(int outcome, byte[] body, String message) implements CborSerializable {
        public static final int OK = 0;
        public static final int GARBAGE = 1;
        public static final int NOT_SERVED = 2;
        public static final int FAILED = 3;
        /** the head is moving to another node: the call goes to its next incarnation */
        public static final int MOVING = 4;

        /** Takes {@code body} over: its bytes are copied into the message and its buffers given back. */
        static CallResult of(XdrChain body, Throwable err) {
            if (err == null && body != null) {
                byte[] bytes = body.toByteArray();
                body.release();
                return new CallResult(OK, bytes, null);
            }
            Throwable c = err;
            while (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof XdrException) {
                return new CallResult(GARBAGE, null, c.getMessage());
            }
            return new CallResult(FAILED, null, c == null ? "no result" : c.toString());
        }
    }

    private final ActorContext<Command> ctx;
    private final HeadSet.Head head;
    private final ClusterHeads cluster;
    private final HeadFactory.Head parts;
    private final LocalHeads local;
    private final StashBuffer<Command> stash;
    private final Executor blocking;
    private final AtomicInteger underWay = new AtomicInteger();
    private final Map<ProxyKey, ProxyConnection> proxies = new HashMap<>();
    private final Map<ActorRef<NodeConnections.Command>, Set<ProxyKey>> byOrigin = new HashMap<>();
    private final ActorRef<GraceParticipant.Command> participant;
    private final GraceLink link;
    private final GraceGate gate;
    private final ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic;
    private final String node;
    private final long incarnation = System.currentTimeMillis() * 1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000);
    private String phase = "starting";
    private long phaseSince = System.currentTimeMillis();
    private List<Filesystem> backends = List.of();
    private NfsService nfs;
    private boolean closed;
    /** stopping for good: the back ends are released, not left to a successor */
    private volatile boolean retiring;

    /** The behaviour of head {@code head}, started by sharding on this node. */
    public static Behavior<Command> create(HeadSet.Head head, HeadFactory factory, LocalHeads local, ClusterHeads cluster,
                                           ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic) {
        return Behaviors.setup(ctx -> Behaviors.withStash(STASH, stash -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Republish(), GRACE_CHECK);
            return new HeadEntity(ctx, head, factory, local, cluster, stash, statusTopic).starting();
        })));
    }

    private HeadEntity(ActorContext<Command> ctx, HeadSet.Head head, HeadFactory factory, LocalHeads local,
                       ClusterHeads cluster, StashBuffer<Command> stash,
                       ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.statusTopic = statusTopic;
        this.node = org.apache.pekko.cluster.typed.Cluster.get(ctx.getSystem()).selfMember().address().toString();
        this.head = head;
        this.local = local;
        this.stash = stash;
        this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        this.parts = factory.head(head, cluster);
        log.info("head {} (index {}): starting on this node", head.name(), head.index());
        gate = new GraceGate();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        participant = ctx.spawn(parts.participant(gate, ready), "grace");
        // a participant that stops (it could not join: not a member, the database unreachable)
        // stops the head; the keep-alive starts it again
        ctx.watchWith(participant, new StartFailed(new IllegalStateException("the grace participant stopped")));
        link = GraceLink.of(gate, participant);
        headMetrics(m -> m.hosted(head.name(), gate, null));
        // the back ends only once every member enforces: nobody can take a lock of this head's
        // previous incarnation (its CephFS session is reset by the mount) before its owner reclaims it
        CompletableFuture<List<Filesystem>> opened = ready.thenApplyAsync(v -> parts.openBackends(), blocking);
        ctx.pipeToSelf(opened, (fs, err) -> err != null ? new StartFailed(err) : new Opened(fs));
        publish("starting");
    }

    /** Tells every node's {@link HeadDirectory} where this head is and how it is. */
    private void publish(String newPhase) {
        if (!newPhase.equals(phase)) {
            phase = newPhase;
            phaseSince = System.currentTimeMillis();
        }
        org.cephgw.actors.grace.GraceSnapshot g = gate.snapshot();
        publishedGrace = g.phase();
        publishedInGrace = g.inGrace();
        publishedReclaiming = g.reclaiming();
        publishedAt = System.nanoTime();
        statusTopic.tell(Topic.publish(new HeadDirectory.HeadStatus(head.name(), head.index(), node, phase,
                g.phase().name(), g.inGrace(), incarnation, phaseSince, g.reclaiming())));
    }

    /** How often the grace phase is looked at: a change is published at once (GET /heads, routers). */
    private static final java.time.Duration GRACE_CHECK = java.time.Duration.ofMillis(250);
    /** the grace state last published, and when */
    private org.cephgw.actors.grace.GraceParticipant.Phase publishedGrace;
    private boolean publishedInGrace;
    private boolean publishedReclaiming;
    private long publishedAt;

    private Behavior<Command> republish() {
        org.cephgw.actors.grace.GraceSnapshot g = gate.snapshot();
        if (g.phase() != publishedGrace || g.inGrace() != publishedInGrace || g.reclaiming() != publishedReclaiming
                || System.nanoTime() - publishedAt >= HeadDirectory.REPUBLISH.toNanos()) {
            publish(phase);
        }
        return Behaviors.same();
    }

    private Behavior<Command> starting() {
        return Behaviors.receive(Command.class)
                .onMessage(Opened.class, this::onOpened)
                .onMessage(StartFailed.class, m -> {
                    // the supervisor starts it again, after a back-off
                    throw new HeadFailed("head " + head.name() + ": cannot start here: " + message(m.cause()), m.cause());
                })
                .onMessage(HandOff.class, m -> {
                    log.info("head {}: handed off before it served", head.name());
                    return stopNow();
                })
                .onMessage(Retire.class, m -> {
                    log.info("head {}: retired before it served (no serving node is configured with it)", head.name());
                    return stopNow();
                })
                .onMessage(KeepAlive.class, m -> Behaviors.same())
                .onMessage(Republish.class, m -> republish())
                .onMessage(OriginGone.class, this::onOriginGone)
                .onMessage(Remote.class, m -> {
                    if (stash.isFull()) {
                        if (m instanceof Call c) {
                            c.replyTo().tell(new CallResult(CallResult.NOT_SERVED, null, "head starting, too many calls waiting"));
                        }
                    } else {
                        stash.stash(m);
                    }
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> closeQuietly())
                .onSignal(PreRestart.class, s -> closeQuietly())
                .build();
    }

    private Behavior<Command> onOpened(Opened m) {
        backends = m.backends();
        try {
            nfs = parts.service(ctx, backends, link);
        } catch (RuntimeException e) {
            throw new HeadFailed("head " + head.name() + ": cannot start its NFS service: " + message(e), e);
        }
        local.serving(head, new CountingService(nfs, underWay));
        NfsService started = nfs;
        headMetrics(hm -> hm.hosted(head.name(), gate, started.stats()));
        log.info("head {}: serving on this node", head.name());
        // the cluster's grace janitor: this head is ours and runs here
        org.cephgw.actors.grace.HeadLocations.record(ctx.getSystem(), head.name());
        publish("serving");
        return stash.unstashAll(serving());
    }

    private Behavior<Command> serving() {
        return Behaviors.receive(Command.class)
                .onMessage(Call.class, this::onCall)
                .onMessage(ListClients.class, m -> {
                    nfs.clients().whenComplete((list, err) -> m.replyTo().tell(
                            new HeadClients(head.name(), node, err == null ? list : List.of())));
                    return Behaviors.same();
                })
                .onMessage(BackchannelReply.class, m -> {
                    ProxyConnection p = proxies.get(new ProxyKey(m.origin(), m.connection()));
                    if (p != null) {
                        nfs.backchannelReply(m.record(), p);
                    }
                    return Behaviors.same();
                })
                .onMessage(ConnectionClosed.class, m -> {
                    ProxyKey k = new ProxyKey(m.origin(), m.connection());
                    ProxyConnection p = proxies.remove(k);
                    if (p != null) {
                        Set<ProxyKey> ids = byOrigin.get(m.origin());
                        if (ids != null) {
                            ids.remove(k);
                        }
                        nfs.connectionClosed(p);
                    }
                    return Behaviors.same();
                })
                .onMessage(OriginGone.class, this::onOriginGone)
                .onMessage(KeepAlive.class, m -> Behaviors.same())
                .onMessage(Republish.class, m -> republish())
                .onMessage(HandOff.class, m -> handOff(cluster.lastConfigured(head.name())))
                .onMessage(Retire.class, m -> handOff(true))
                .onMessage(StartFailed.class, m -> {
                    throw new HeadFailed("head " + head.name() + ": " + message(m.cause()), m.cause());
                })
                .onSignal(PostStop.class, s -> closeQuietly())
                .onSignal(PreRestart.class, s -> closeQuietly())
                .build();
    }

    private Behavior<Command> onCall(Call c) {
        ProxyConnection conn = proxy(c);
        RpcCall call;
        try {
            call = RpcCall.decode(c.record());
        } catch (RuntimeException e) {
            // the origin decoded this header already: it cannot happen, but must not kill the head
            c.replyTo().tell(new CallResult(CallResult.GARBAGE, null, e.toString()));
            return Behaviors.same();
        }
        underWay.incrementAndGet();
        try {
            nfs.compound(call, conn).whenComplete((body, err) -> {
                underWay.decrementAndGet();
                c.replyTo().tell(CallResult.of(body, err));
            });
        } catch (RuntimeException e) {
            underWay.decrementAndGet();
            c.replyTo().tell(CallResult.of(null, e));
        }
        return Behaviors.same();
    }

    /** The stand-in of the origin's connection, the same object for every call on it. */
    private ProxyConnection proxy(Call c) {
        ProxyKey k = new ProxyKey(c.origin(), c.connection());
        ProxyConnection p = proxies.get(k);
        if (p == null) {
            p = new ProxyConnection(Connection.newId(), address(c.remote()), address(c.local()), c.origin(), c.connection());
            proxies.put(k, p);
            Set<ProxyKey> ids = byOrigin.get(c.origin());
            if (ids == null) {
                ids = new HashSet<>();
                byOrigin.put(c.origin(), ids);
                // the origin node gone (crashed, downed): so are its connections
                ctx.watchWith(c.origin(), new OriginGone(c.origin()));
            }
            ids.add(k);
        }
        return p;
    }

    private Behavior<Command> onOriginGone(OriginGone m) {
        Set<ProxyKey> ids = byOrigin.remove(m.origin());
        if (ids != null) {
            for (ProxyKey k : ids) {
                ProxyConnection p = proxies.remove(k);
                if (p != null && nfs != null) {
                    nfs.connectionClosed(p);
                }
            }
        }
        return Behaviors.same();
    }

    /**
     * Stops the way a cleanly stopped head does, so that its clients find their state to reclaim:
     * the calls under way answer, the participant starts the grace period, and the back ends are
     * left to the successor of the same name (CephFS: the session is aborted, its caps and locks
     * kept for the successor's reclaim). A head that is retiring ({@link Retire}, or handed off by
     * the last node configured with it) has no successor of its name: its back ends are released
     * (unmounted), and its clients reclaim from the heads they are assigned to now
     * ({@link org.cephgw.actors.grace.Adoption}); the GraceJanitor later removes it from the
     * grace database.
     */
    private Behavior<Command> handOff(boolean retire) {
        retiring = retire;
        if (retire) {
            log.info("head {}: retiring: no other serving node is configured with it ({} call(s) under way)", head.name(),
                    underWay.get());
        } else {
            log.info("head {}: handing off ({} call(s) under way)", head.name(), underWay.get());
        }
        local.stopped(head.index());
        // routers keep its calls (MOVING) while it is "retiring": its clients are told their
        // clientid is stale only once it has left (the grace period its successors admit their
        // reclaims in) and released its back ends (its locks no longer in their way)
        publish(retire ? "retiring" : "handing-off");
        CompletableFuture<Done> drained = new CompletableFuture<>();
        drain(drained, System.nanoTime() + parts.drainTimeout().toNanos());
        CompletableFuture<Done> left = drained.thenCompose(d -> AskPattern.<GraceParticipant.Command, Done>ask(participant,
                GraceParticipant.Leave::new, LEAVE_TIMEOUT, ctx.getSystem().scheduler()).toCompletableFuture())
                .exceptionally(e -> {
                    log.warn("head {}: leaving the grace database failed: {}", head.name(), message(e));
                    return Done.getInstance();
                });
        ctx.pipeToSelf(left.thenApplyAsync(d -> {
            closeQuietly();
            return d;
        }, blocking), (d, err) -> new Stopped());
        return Behaviors.receive(Command.class)
                .onMessage(Stopped.class, m -> {
                    if (retire) {
                        publish("retired");
                    }
                    log.info(retire ? "head {}: retired" : "head {}: handed off", head.name());
                    return Behaviors.stopped();
                })
                .onMessage(Call.class, c -> {
                    // sent before sharding began to buffer for the new home: the client sends it
                    // again (the router routes it afresh once a retired head is unknown there)
                    c.replyTo().tell(new CallResult(CallResult.MOVING, null, "head moving"));
                    return Behaviors.same();
                })
                .onAnyMessage(m -> Behaviors.same())
                .onSignal(PostStop.class, s -> closeQuietly())
                .build();
    }

    /** Completes {@code done} once no call is under way, or at {@code deadline}. */
    private void drain(CompletableFuture<Done> done, long deadline) {
        if (underWay.get() == 0 || System.nanoTime() >= deadline) {
            if (underWay.get() > 0) {
                log.warn("head {}: {} call(s) still under way at the hand-off: they get no answer", head.name(), underWay.get());
            }
            done.complete(Done.getInstance());
            return;
        }
        CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> drain(done, deadline));
    }

    /** The head cannot go on here: its supervisor starts it again after a back-off. */
    static final class HeadFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HeadFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Behavior<Command> stopNow() {
        local.stopped(head.index());
        return Behaviors.stopped();
    }

    /** Leaves the back ends to a successor and closes the head's stores; once. */
    private Behavior<Command> closeQuietly() {
        synchronized (this) {
            if (closed) {
                return Behaviors.same();
            }
            closed = true;
        }
        local.stopped(head.index());
        headMetrics(m -> m.gone(head.name(), gate));
        for (Filesystem fs : new ArrayList<>(backends)) {
            try {
                if (retiring) {
                    fs.close();
                } else {
                    Backends.close(fs);
                }
            } catch (RuntimeException e) {
                log.warn("head {}: closing {} failed", head.name(), fs, e);
            }
        }
        parts.close();
        return Behaviors.same();
    }

    /** The node's head metrics (heads hosted, grace state, clients), when the gateway has metrics. */
    private void headMetrics(java.util.function.Consumer<org.cephgw.gateway.metrics.HeadMetrics> use) {
        org.cephgw.gateway.metrics.GatewayMetrics m =
                org.cephgw.gateway.management.GatewayRuntime.get(ctx.getSystem()).metrics();
        if (m != null) {
            use.accept(m.heads());
        }
    }

    private static InetSocketAddress address(String hostPort) {
        if (hostPort == null) {
            return null;
        }
        int colon = hostPort.lastIndexOf(':');
        try {
            // an IP literal (NodeConnections sends getHostAddress()): no name lookup
            return new InetSocketAddress(java.net.InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String message(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
