package org.cephgw.gateway.head;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.pubsub.Topic;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.cephgw.actors.Connection;
import org.cephgw.actors.head.HeadSet;

/**
 * A node of the virtual-IP mode: takes part in the sharding of the heads ({@link HeadEntity}),
 * keeps every head running somewhere ({@link HeadKeeper}), and routes every COMPOUND that reaches
 * it to its head ({@link HeadRouter}).
 */
public final class VirtualIpNode {
    /** A head that failed to start is started again after 1 s, 2 s, 4 s … at most this. */
    private static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

    private final HeadRouter router;
    private final LocalHeads local;
    private final HeadDirectory.View directory;
    private final ClusterSharding sharding;
    private final ClusterHeads heads;

    private VirtualIpNode(HeadRouter router, LocalHeads local, HeadDirectory.View directory, ClusterSharding sharding,
                          ClusterHeads heads) {
        this.router = router;
        this.local = local;
        this.directory = directory;
        this.sharding = sharding;
        this.heads = heads;
    }

    /** Joins the heads' sharding on {@code system} and returns the node's router. */
    public static VirtualIpNode start(ActorSystem<?> system, HeadSet configured, HeadFactory factory) {
        LocalHeads local = new LocalHeads();
        ClusterHeads heads = new ClusterHeads(configured);
        ClusterSharding sharding = ClusterSharding.get(system);
        ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic = system.systemActorOf(
                Topic.create(HeadDirectory.HeadStatus.class, HeadDirectory.TOPIC), "cephgw-heads-topic", Props.empty());
        sharding.init(Entity.of(HeadEntity.TYPE, ectx -> entity(heads, ectx.getEntityId(), factory, local, statusTopic))
                .withStopMessage(new HeadEntity.HandOff())
                .withMessageExtractor(new Extractor(heads, local))
                .withAllocationStrategy(new HeadAllocation(heads, system.settings().config())));
        ConcurrentHashMap<Long, Connection> open = new ConcurrentHashMap<>();
        ActorRef<NodeConnections.Command> connections = system.systemActorOf(NodeConnections.create(open),
                "cephgw-connections", Props.empty());
        HeadRouter router = new HeadRouter(heads, local, sharding, system.scheduler(), connections, open);
        HeadDirectory.View view = new HeadDirectory.View();
        system.systemActorOf(HeadDirectory.create(statusTopic, view, router.directoryListener()), "cephgw-head-directory",
                Props.empty());
        system.systemActorOf(HeadKeeper.create(heads, local, sharding), "cephgw-head-keeper", Props.empty());
        return new VirtualIpNode(router, local, view, sharding, heads);
    }

    private static Behavior<HeadEntity.Command> entity(ClusterHeads heads, String name, HeadFactory factory, LocalHeads local,
                                                       ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic) {
        HeadSet.Head head = heads.known().byName(name).orElse(null);
        if (head == null) {
            // retired (no serving node is configured with it), or a message from a node this one
            // has not seen join yet: nothing to run; a head still configured somewhere is asked
            // for again within a second by that node's keep-alive
            // calls that reach it (sent while the head was retiring) go back to their router, which
            // routes them afresh; after a few seconds nothing is sent here any more
            return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
                ctx.getLog().info("head {}: not started here: no serving node is configured with it", name);
                timers.startSingleTimer(new HeadEntity.HandOff(), java.time.Duration.ofSeconds(5));
                return Behaviors.receive(HeadEntity.Command.class)
                        .onMessage(HeadEntity.Call.class, c -> {
                            c.replyTo().tell(new HeadEntity.CallResult(HeadEntity.CallResult.MOVING, null, "no such head"));
                            return Behaviors.same();
                        })
                        .onMessage(HeadEntity.HandOff.class, m -> Behaviors.stopped())
                        .onAnyMessage(m -> Behaviors.same())
                        .build();
            }));
        }
        return Behaviors.supervise(HeadEntity.create(head, factory, local, heads, statusTopic))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), MAX_RESTART_BACKOFF, 0.2));
    }

    public HeadRouter router() {
        return router;
    }

    /** The heads serving on this node. */
    public LocalHeads local() {
        return local;
    }

    /** How many heads the cluster has (this node's configured head set). */
    public int headCount() {
        return heads.own().size();
    }

    /** Every head as this node last heard of it. */
    public List<HeadDirectory.HeadStatus> heads() {
        return directory.heads();
    }

    /**
     * The clients of every head, asked of the heads wherever they run (a head that does not
     * answer within {@code timeout} is left out).
     */
    public CompletionStage<List<HeadEntity.HeadClients>> clients(Duration timeout, org.apache.pekko.actor.typed.Scheduler scheduler) {
        List<CompletableFuture<HeadEntity.HeadClients>> asks = new ArrayList<>();
        for (HeadSet.Head h : heads.known().heads()) {
            asks.add(sharding.entityRefFor(HeadEntity.TYPE, h.name())
                    .<HeadEntity.HeadClients>ask(HeadEntity.ListClients::new, timeout).toCompletableFuture()
                    .exceptionally(e -> new HeadEntity.HeadClients(h.name(), null, List.of())));
        }
        return CompletableFuture.allOf(asks.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> asks.stream().map(CompletableFuture::join).toList());
    }

    /** One shard per head, named by its index: sharding places heads, not hashes of them. */
    private static final class Extractor extends ShardingMessageExtractor<ShardingEnvelope<HeadEntity.Command>, HeadEntity.Command> {
        private final ClusterHeads heads;
        private final LocalHeads local;

        Extractor(ClusterHeads heads, LocalHeads local) {
            this.heads = heads;
            this.local = local;
        }

        @Override
        public String entityId(ShardingEnvelope<HeadEntity.Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            HeadSet.Head h = heads.known().byName(entityId).orElse(null);
            if (h != null) {
                return Integer.toString(h.index());
            }
            // a retired head still running here: its Retire must reach it in its shard
            for (int i : local.indexes()) {
                if (entityId.equals(local.name(i))) {
                    return Integer.toString(i);
                }
            }
            return "unknown";
        }

        @Override
        public HeadEntity.Command unwrapMessage(ShardingEnvelope<HeadEntity.Command> envelope) {
            return envelope.message();
        }
    }
}
