package org.cephgw.gateway.head;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.cephgw.actors.grace.HeadLocations;
import org.cephgw.actors.head.HeadSet;

/**
 * Keeps every head running somewhere: each node tells every head of its configuration
 * {@link HeadEntity.KeepAlive} every {@link #INTERVAL}. Sharding starts an entity when a message
 * reaches a shard that has none, so a head whose node died starts on its new node as soon as the
 * cluster has moved its shard — at most one interval later, even if none of its clients sends
 * anything. (ShardedDaemonProcess does the same with a fixed 10 s tick, too slow for a failover.)
 *
 * <p>It also keeps {@link ClusterHeads} up to date with the membership, and retires the heads
 * running here that no serving node is configured with any more (a head set made smaller in a
 * rolling update): {@link HeadEntity.Retire}, which stops the head the way a hand-off does.
 */
final class HeadKeeper {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private HeadKeeper() {
    }

    /**
     * After a node is removed its heads' shards are reallocated on the next request for them: ask
     * at once, and twice more shortly after (the coordinator may learn of the removal a little
     * after this node does), instead of up to {@link #INTERVAL} later. A second of every failover.
     */
    private static final List<Duration> AFTER_REMOVAL = List.of(Duration.ofMillis(50), Duration.ofMillis(250),
            Duration.ofMillis(600));

    private record Tick() {
    }

    private record Removed() {
    }

    private record Changed() {
    }

    private record Ran(java.util.Set<String> heads) {
    }

    static Behavior<Object> create(ClusterHeads heads, LocalHeads local, ClusterSharding sharding) {
        return Behaviors.setup(ctx -> DistributedData.<Object, LWWMap<String, String>>withReplicatorMessageAdapter(ddata ->
                Behaviors.withTimers(timers -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            // the heads that ran in this cluster: a retired one is ours to take the clients of
            ddata.subscribe(HeadLocations.KEY, rsp -> rsp instanceof Replicator.Changed<LWWMap<String, String>> c
                    ? new Ran(c.get(HeadLocations.KEY).getEntries().keySet()) : new Changed());
            timers.startTimerWithFixedDelay(new Tick(), Duration.ZERO, INTERVAL);
            cluster.subscriptions().tell(Subscribe.create(
                    ctx.messageAdapter(ClusterEvent.MemberRemoved.class, r -> new Removed()), ClusterEvent.MemberRemoved.class));
            cluster.subscriptions().tell(Subscribe.create(
                    ctx.messageAdapter(ClusterEvent.MemberEvent.class, e -> new Changed()), ClusterEvent.MemberEvent.class));
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Ran r) {
                    heads.ran(r.heads());
                    return Behaviors.same();
                }
                heads.members(cluster.state().getMembers(), cluster.selfMember().address());
                if (m instanceof Removed) {
                    for (int i = 0; i < AFTER_REMOVAL.size(); i++) {
                        timers.startSingleTimer("after-removal-" + i, new Tick(), AFTER_REMOVAL.get(i));
                    }
                    return Behaviors.same();
                }
                retire(heads, local, sharding);
                if (m instanceof Tick) {
                    for (HeadSet.Head h : heads.own().heads()) {
                        sharding.entityRefFor(HeadEntity.TYPE, h.name()).tell(new HeadEntity.KeepAlive());
                    }
                }
                return Behaviors.same();
            });
        })));
    }

    private static void retire(ClusterHeads heads, LocalHeads local, ClusterSharding sharding) {
        for (int index : local.indexes()) {
            String name = local.name(index);
            if (name != null && heads.retired(name)) {
                sharding.entityRefFor(HeadEntity.TYPE, name).tell(new HeadEntity.Retire());
            }
        }
    }
}
