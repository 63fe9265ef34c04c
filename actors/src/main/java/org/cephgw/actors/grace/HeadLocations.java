package org.cephgw.actors.grace;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Which node of the cluster runs which head (grace database member), kept in Pekko Distributed
 * Data (a last-writer-wins map head → node address, replicated to every node). A head writes its
 * entry when it starts — per-node mode: the node's own head; virtual-IP mode: each head wherever
 * sharding starts it. The {@link GraceJanitor} reads it to tell the members of this cluster from
 * other heads sharing the database (nfs-ganesha's, another cluster's), and a member that is alive
 * (its node is a cluster member) from one that has left. Being replicated, it outlives the node
 * that wrote an entry and a move of the janitor singleton; it is lost only when the whole cluster
 * stops at once (then the janitor knows a head again once it runs).
 */
public final class HeadLocations {
    /** The replicated map's key. */
    public static final Key<LWWMap<String, String>> KEY = LWWMapKey.create("cephgw-head-locations");

    private HeadLocations() {
    }

    /** This node's address as the entries name it (without the incarnation's uid). */
    public static String selfNode(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address().toString();
    }

    /**
     * Records that {@code head} runs on this node. Written locally and spread by gossip (a node
     * that is not a member yet spreads it once it has joined).
     */
    public static void record(ActorSystem<?> system, String head) {
        DistributedData dd = DistributedData.get(system);
        String node = selfNode(system);
        dd.replicator().tell(new Replicator.Update<>(KEY, LWWMap.<String, String>empty(), Replicator.writeLocal(),
                system.ignoreRef(), m -> node.equals(m.getEntries().get(head)) ? m : m.put(dd.selfUniqueAddress(), head, node)));
    }

    /** Forgets {@code head} (it left the grace database). */
    public static void forget(ActorSystem<?> system, String head) {
        DistributedData dd = DistributedData.get(system);
        dd.replicator().tell(new Replicator.Update<>(KEY, LWWMap.<String, String>empty(), Replicator.writeLocal(),
                system.ignoreRef(), m -> m.getEntries().containsKey(head) ? m.remove(dd.selfUniqueAddress(), head) : m));
    }
}
