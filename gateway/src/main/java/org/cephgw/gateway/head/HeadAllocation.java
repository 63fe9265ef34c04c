package org.cephgw.gateway.head;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Map;
import scala.collection.immutable.Set;
import scala.concurrent.Future;

/**
 * Where the coordinator puts the heads' shards: Pekko's least-shard allocation (the default, with
 * the settings of {@code pekko.cluster.sharding.least-shard-allocation-strategy}), counting only the shards of heads that are not retired. A retired head's
 * shard stays allocated to the node it last ran on, empty — counted, it would make that node look
 * busier than it is, and the remaining heads would never spread evenly after a head set was made
 * smaller ({@link ClusterHeads}).
 */
final class HeadAllocation implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    private final ClusterHeads heads;
    private final ShardCoordinator.LeastShardAllocationStrategy least;

    HeadAllocation(ClusterHeads heads, com.typesafe.config.Config config) {
        this.heads = heads;
        com.typesafe.config.Config c = config.getConfig("pekko.cluster.sharding.least-shard-allocation-strategy");
        this.least = new ShardCoordinator.LeastShardAllocationStrategy(c.getInt("rebalance-threshold"),
                c.getInt("max-simultaneous-rebalance"));
    }

    @Override
    public void start(ActorSystem system) {
        least.start(system);
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId, Map<ActorRef, IndexedSeq<String>> current) {
        return least.allocateShard(requester, shardId, live(current));
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current, Set<String> inProgress) {
        return least.rebalance(live(current), inProgress);
    }

    private Map<ActorRef, IndexedSeq<String>> live(Map<ActorRef, IndexedSeq<String>> current) {
        return current.transform((region, shards) -> shards.filter(this::live));
    }

    /** A shard (named by its head's index) of a head this node knows to be configured somewhere. */
    private Object live(String shardId) {
        try {
            return heads.known().byIndex(Integer.parseInt(shardId)).isPresent();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
