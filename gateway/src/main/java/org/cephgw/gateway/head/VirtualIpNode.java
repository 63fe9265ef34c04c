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
    private final HeadSet heads;

    private VirtualIpNode(HeadRouter router, LocalHeads local, HeadDirectory.View directory, ClusterSharding sharding,
                          HeadSet heads) {
        this.router = router;
        this.local = local;
        this.directory = directory;
        this.sharding = sharding;
        this.heads = heads;
    }

    /** Joins the heads' sharding on {@code system} and returns the node's router. */
    public static VirtualIpNode start(ActorSystem<?> system, HeadSet heads, HeadFactory factory) {
        LocalHeads local = new LocalHeads();
        ClusterSharding sharding = ClusterSharding.get(system);
        ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic = system.systemActorOf(
                Topic.create(HeadDirectory.HeadStatus.class, HeadDirectory.TOPIC), "cephgw-heads-topic", Props.empty());
        sharding.init(Entity.of(HeadEntity.TYPE, ectx -> entity(heads, ectx.getEntityId(), factory, local, statusTopic))
                .withStopMessage(new HeadEntity.HandOff())
                .withMessageExtractor(new Extractor(heads)));
        ConcurrentHashMap<Long, Connection> open = new ConcurrentHashMap<>();
        ActorRef<NodeConnections.Command> connections = system.systemActorOf(NodeConnections.create(open),
                "cephgw-connections", Props.empty());
        HeadRouter router = new HeadRouter(heads, local, sharding, system.scheduler(), connections, open);
        HeadDirectory.View view = new HeadDirectory.View();
        system.systemActorOf(HeadDirectory.create(statusTopic, view, router.directoryListener()), "cephgw-head-directory",
                Props.empty());
        system.systemActorOf(HeadKeeper.create(heads, sharding), "cephgw-head-keeper", Props.empty());
        return new VirtualIpNode(router, local, view, sharding, heads);
    }

    private static Behavior<HeadEntity.Command> entity(HeadSet heads, String name, HeadFactory factory, LocalHeads local,
                                                       ActorRef<Topic.Command<HeadDirectory.HeadStatus>> statusTopic) {
        HeadSet.Head head = heads.byName(name).orElseThrow(() -> new IllegalArgumentException("no head named " + name));
        return Behaviors.supervise(HeadEntity.create(head, factory, local, statusTopic))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), MAX_RESTART_BACKOFF, 0.2));
    }

    public HeadRouter router() {
        return router;
    }

    /** The heads serving on this node. */
    public LocalHeads local() {
        return local;
    }

    /** How many heads the cluster has (the configured head set). */
    public int headCount() {
        return heads.heads().size();
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
        for (HeadSet.Head h : heads.heads()) {
            asks.add(sharding.entityRefFor(HeadEntity.TYPE, h.name())
                    .<HeadEntity.HeadClients>ask(HeadEntity.ListClients::new, timeout).toCompletableFuture()
                    .exceptionally(e -> new HeadEntity.HeadClients(h.name(), null, List.of())));
        }
        return CompletableFuture.allOf(asks.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> asks.stream().map(CompletableFuture::join).toList());
    }

    /** One shard per head, named by its index: sharding places heads, not hashes of them. */
    private static final class Extractor extends ShardingMessageExtractor<ShardingEnvelope<HeadEntity.Command>, HeadEntity.Command> {
        private final HeadSet heads;

        Extractor(HeadSet heads) {
            this.heads = heads;
        }

        @Override
        public String entityId(ShardingEnvelope<HeadEntity.Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return heads.byName(entityId).map(h -> Integer.toString(h.index())).orElse("unknown");
        }

        @Override
        public HeadEntity.Command unwrapMessage(ShardingEnvelope<HeadEntity.Command> envelope) {
            return envelope.message();
        }
    }
}
