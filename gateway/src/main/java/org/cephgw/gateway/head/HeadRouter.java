package org.cephgw.gateway.head;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.head.CompoundRoute;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.gateway.tcp.PendingNfsService;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrException;

/**
 * The NFS service of a node in virtual-IP mode: every COMPOUND goes to its head — the one its
 * sessionid or clientid names (their first byte is the head's index), or for EXCHANGE_ID the one
 * the client owner hashes to ({@link HeadSet#forOwner}) — run directly when that head serves on
 * this node, else forwarded through cluster sharding to the node hosting it, the reply written
 * back on the client's connection here. What names no head (an empty COMPOUND, an operation
 * outside a session) is answered by any head: a local one when there is one.
 */
public final class HeadRouter implements NfsService {
    /** Longer than any call takes, as long as a head's start may keep a call waiting (then no answer: the client resends). */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);

    private final ClusterHeads heads;
    private final LocalHeads local;
    private final ClusterSharding sharding;
    private final Scheduler scheduler;
    private final ActorRef<NodeConnections.Command> self;
    private final ConcurrentHashMap<Long, Connection> open;
    /** connection id → the heads (bit per index) that saw calls from it, to tell them when it closes */
    private final ConcurrentHashMap<Long, AtomicLongArray> used = new ConcurrentHashMap<>();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder direct = new LongAdder();
    private final HeadRoutes<Forwarded> routes;
    /** a call answered MOVING (its head hands off) is sent again after this, at most {@link #MAX_ATTEMPTS} times */
    private static final Duration MOVING_RETRY = Duration.ofMillis(100);
    private static final int MAX_ATTEMPTS = 200;
    /** calls held for one head whose node is unreachable; beyond, they are not answered (the client resends) */
    private static final int MAX_HELD = 10_000;

    /**
     * @param open  this node's connections that carried forwarded calls ({@link NodeConnections} writes to them)
     * @param self  this node's {@link NodeConnections}, named in forwarded calls
     */
    public HeadRouter(ClusterHeads heads, LocalHeads local, ClusterSharding sharding, Scheduler scheduler,
                      ActorRef<NodeConnections.Command> self, ConcurrentHashMap<Long, Connection> open) {
        this.heads = heads;
        this.local = local;
        this.sharding = sharding;
        this.scheduler = scheduler;
        this.self = self;
        this.open = open;
        this.routes = new HeadRoutes<>(256, MAX_HELD);
    }

    /** The head {@code call} belongs to. */
    HeadSet.Head headOf(RpcCall call) {
        CompoundRoute.Target t = CompoundRoute.target(call);
        if (t instanceof CompoundRoute.ByHead h) {
            HeadSet.Head head = heads.known().byIndex(h.index()).orElse(null);
            if (head != null) {
                return head;
            }
            // an id no head of this cluster issued, or one of a retired head: any head answers it
            // as stale, and the client establishes itself again with a head that exists
        } else if (t instanceof CompoundRoute.ByOwner o) {
            // among this node's configured heads only: never a head that is being retired
            return heads.own().forOwner(o.ownerId());
        }
        for (int i : local.indexes()) {
            HeadSet.Head head = heads.own().byIndex(i).orElse(null);
            if (head != null) {
                return head;
            }
        }
        return heads.own().heads().get(0);
    }

    @Override
    public CompletionStage<XdrChain> compound(RpcCall call, Connection connection) {
        HeadSet.Head head = headOf(call);
        mark(connection.id(), head.index());
        NfsService here = local.get(head.index());
        if (here != null) {
            direct.increment();
            return here.compound(call, connection);
        }
        forwarded.increment();
        open.putIfAbsent(connection.id(), connection);
        return forward(head, call, connection);
    }

    /**
     * Sends the call to its head, or holds it while the head's node is unreachable: sent there it
     * would be lost and the client would wait out its RPC timeout (a minute for the Linux client)
     * on a connection that is fine. Held and lost calls go (again) to the head's next incarnation,
     * which answers them as a restarted server does (NFS4ERR_BADSESSION: the client recovers).
     */
    private CompletionStage<XdrChain> forward(HeadSet.Head head, RpcCall call, Connection connection) {
        Forwarded f = new Forwarded(head, call, connection.id(), hostPort(connection.remote()),
                hostPort(connection.local()), new CompletableFuture<>());
        switch (routes.admit(head.index(), f)) {
            case SEND -> send(f);
            case HELD -> { }
            case FULL -> f.out().completeExceptionally(new PendingNfsService.NotServed("head " + head.name()
                    + ": its node is unreachable and " + MAX_HELD + " calls wait already", null));
        }
        return f.out();
    }

    /** A COMPOUND on its way to a head on another node (told apart by identity in {@link HeadRoutes}). */
    private record Forwarded(HeadSet.Head head, RpcCall call, long connection, String remote, String local,
                             CompletableFuture<XdrChain> out) {
    }

    private void send(Forwarded f) {
        int index = f.head().index();
        int attempt = routes.attempt(index, f);
        EntityRef<HeadEntity.Command> ref = sharding.entityRefFor(HeadEntity.TYPE, f.head().name());
        scala.concurrent.Future<HeadEntity.CallResult> answer;
        try {
            answer = new org.apache.pekko.actor.typed.scaladsl.AskPattern.Askable<HeadEntity.Command>(ref).ask(
                    r -> new HeadEntity.Call(f.call().record(), self, f.connection(), f.remote(), f.local(), r),
                    org.apache.pekko.util.Timeout.create(FORWARD_TIMEOUT), scheduler);
        } catch (RuntimeException e) {
            routes.finish(index, f, attempt);
            f.out().completeExceptionally(new PendingNfsService.NotServed("head " + f.head().name() + ": " + e, e));
            return;
        }
        // completed on the thread that brings the answer, as NfsServices.ask does: no hop through a pool
        answer.onComplete(t -> {
            if (t.isSuccess() && t.get().outcome() == HeadEntity.CallResult.MOVING && attempt < MAX_ATTEMPTS) {
                // the head is handing off: sharding delivers what is sent now to its next home
                scheduler.scheduleOnce(MOVING_RETRY, () -> sendAgain(f, attempt),
                        scala.concurrent.ExecutionContext.parasitic$.MODULE$);
                return null;
            }
            if (!routes.finish(index, f, attempt)) {
                return null; // sent again since: that answer counts
            }
            String head = f.head().name();
            if (t.isFailure()) {
                // timed out (the head did not start in time) or not deliverable: no answer, the client resends
                f.out().completeExceptionally(new PendingNfsService.NotServed("head " + head + ": " + t.failed().get(),
                        t.failed().get()));
                return null;
            }
            HeadEntity.CallResult r = t.get();
            switch (r.outcome()) {
                case HeadEntity.CallResult.OK -> f.out().complete(XdrChain.of(r.body()));
                case HeadEntity.CallResult.GARBAGE -> f.out().completeExceptionally(new XdrException(r.message()));
                case HeadEntity.CallResult.NOT_SERVED -> f.out().completeExceptionally(
                        new PendingNfsService.NotServed("head " + head + ": " + r.message(), null));
                default -> f.out().completeExceptionally(new IllegalStateException("head " + head + ": " + r.message()));
            }
            return null;
        }, scala.concurrent.ExecutionContext.parasitic$.MODULE$);
    }

    /**
     * A call its head answered MOVING: to the head's next home — unless the head was retired
     * meanwhile (no serving node is configured with it): then routed afresh, to a head that
     * answers its ids as stale.
     */
    private void sendAgain(Forwarded f, int attempt) {
        Connection c = open.get(f.connection());
        String name = f.head().name();
        if (heads.known().byName(name).isPresent() || heads.retiring(name) || c == null) {
            send(f);
            return;
        }
        if (routes.finish(f.head().index(), f, attempt)) {
            compound(f.call(), c).whenComplete((body, err) -> {
                if (err != null) {
                    f.out().completeExceptionally(err);
                } else {
                    f.out().complete(body);
                }
            });
        }
    }

    // ------------------------------------------------------------------ what the directory says

    private final HeadDirectory.Listener directoryListener = new HeadDirectory.Listener() {
        @Override
        public void status(HeadDirectory.HeadStatus s) {
            heads.phase(s.head(), s.phase());
            routes.status(s.index(), s.node(), s.incarnation(), s.phase()).forEach(HeadRouter.this::send);
        }

        @Override
        public void nodeUnreachable(String node) {
            routes.nodeUnreachable(node);
        }

        @Override
        public void nodeReachable(String node) {
            routes.nodeReachable(node).values().forEach(calls -> calls.forEach(HeadRouter.this::send));
        }
    };

    HeadDirectory.Listener directoryListener() {
        return directoryListener;
    }

    private void mark(long connection, int index) {
        AtomicLongArray bits = used.get(connection);
        if (bits == null) {
            bits = used.computeIfAbsent(connection, c -> new AtomicLongArray(4));
        }
        long bit = 1L << (index & 63);
        int word = index >>> 6;
        long v = bits.get(word);
        while ((v & bit) == 0 && !bits.compareAndSet(word, v, v | bit)) {
            v = bits.get(word);
        }
    }

    /** The heads that saw calls on {@code connection}. */
    private List<HeadSet.Head> usedBy(long connection, boolean forget) {
        AtomicLongArray bits = forget ? used.remove(connection) : used.get(connection);
        List<HeadSet.Head> out = new ArrayList<>(1);
        if (bits != null) {
            for (int w = 0; w < 4; w++) {
                long v = bits.get(w);
                while (v != 0) {
                    int i = w * 64 + Long.numberOfTrailingZeros(v);
                    v &= v - 1;
                    heads.known().byIndex(i).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public void backchannelReply(byte[] record, Connection connection) {
        // usually one head per connection (a client's); a head that did not send the call drops the reply
        for (HeadSet.Head h : usedBy(connection.id(), false)) {
            NfsService here = local.get(h.index());
            if (here != null) {
                here.backchannelReply(record, connection);
            } else {
                sharding.entityRefFor(HeadEntity.TYPE, h.name()).tell(new HeadEntity.BackchannelReply(record, self, connection.id()));
            }
        }
    }

    @Override
    public void connectionClosed(Connection connection) {
        open.remove(connection.id());
        for (HeadSet.Head h : usedBy(connection.id(), true)) {
            NfsService here = local.get(h.index());
            if (here != null) {
                here.connectionClosed(connection);
            } else {
                sharding.entityRefFor(HeadEntity.TYPE, h.name()).tell(new HeadEntity.ConnectionClosed(self, connection.id()));
            }
        }
    }

    /** The clients of the heads serving on this node. */
    @Override
    public CompletionStage<List<ClientSummary>> clients() {
        List<CompletableFuture<List<ClientSummary>>> all = new ArrayList<>();
        for (NfsService s : local.all()) {
            all.add(s.clients().toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<ClientSummary> out = new ArrayList<>();
            all.forEach(f -> out.addAll(f.join()));
            return out;
        });
    }

    @Override
    public int openBackendHandles() {
        int n = 0;
        for (NfsService s : local.all()) {
            n += s.openBackendHandles();
        }
        return n;
    }

    /** COMPOUNDs this node sent to a head on another node. */
    public long forwardedCalls() {
        return forwarded.sum();
    }

    /** COMPOUNDs this node ran on a head it hosts. */
    public long directCalls() {
        return direct.sum();
    }

    private static String hostPort(InetSocketAddress a) {
        if (a == null) {
            return null;
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }
}
