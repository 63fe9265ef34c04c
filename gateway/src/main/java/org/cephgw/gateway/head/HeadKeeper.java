package org.cephgw.gateway.head;

import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.cephgw.actors.head.HeadSet;

/**
 * Keeps every head running somewhere: each node tells every head {@link HeadEntity.KeepAlive}
 * every {@link #INTERVAL}. Sharding starts an entity when a message reaches a shard that has none,
 * so a head whose node died starts on its new node as soon as the cluster has moved its shard —
 * at most one interval later, even if none of its clients sends anything. (ShardedDaemonProcess
 * does the same with a fixed 10 s tick, too slow for a failover.)
 */
final class HeadKeeper {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private HeadKeeper() {
    }

    private record Tick() {
    }

    static Behavior<Object> create(HeadSet heads, ClusterSharding sharding) {
        return Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(new Tick(), Duration.ZERO, INTERVAL);
            return Behaviors.receiveMessage(m -> {
                for (HeadSet.Head h : heads.heads()) {
                    sharding.entityRefFor(HeadEntity.TYPE, h.name()).tell(new HeadEntity.KeepAlive());
                }
                return Behaviors.same();
            });
        });
    }
}
