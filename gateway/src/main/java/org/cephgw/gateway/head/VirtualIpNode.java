package org.cephgw.gateway.head;

import java.time.Duration;
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

    private VirtualIpNode(HeadRouter router, LocalHeads local) {
        this.router = router;
        this.local = local;
    }

    /** Joins the heads' sharding on {@code system} and returns the node's router. */
    public static VirtualIpNode start(ActorSystem<?> system, HeadSet heads, HeadFactory factory) {
        LocalHeads local = new LocalHeads();
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(HeadEntity.TYPE, ectx -> entity(heads, ectx.getEntityId(), factory, local))
                .withStopMessage(new HeadEntity.HandOff())
                .withMessageExtractor(new Extractor(heads)));
        ConcurrentHashMap<Long, Connection> open = new ConcurrentHashMap<>();
        ActorRef<NodeConnections.Command> connections = system.systemActorOf(NodeConnections.create(open),
                "cephgw-connections", Props.empty());
        system.systemActorOf(HeadKeeper.create(heads, sharding), "cephgw-head-keeper", Props.empty());
        return new VirtualIpNode(new HeadRouter(heads, local, sharding, system.scheduler(), connections, open), local);
    }

    private static Behavior<HeadEntity.Command> entity(HeadSet heads, String name, HeadFactory factory, LocalHeads local) {
        HeadSet.Head head = heads.byName(name).orElseThrow(() -> new IllegalArgumentException("no head named " + name));
        return Behaviors.supervise(HeadEntity.create(head, factory, local))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), MAX_RESTART_BACKOFF, 0.2));
    }

    public HeadRouter router() {
        return router;
    }

    /** The heads serving on this node. */
    public LocalHeads local() {
        return local;
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
