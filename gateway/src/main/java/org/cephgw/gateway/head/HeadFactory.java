package org.cephgw.gateway.head;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.fsal.Filesystem;

/** What a {@link HeadEntity} is made of on this node: its stores, back ends and NFS service. */
@FunctionalInterface
public interface HeadFactory {

    /**
     * The parts of one incarnation of {@code head} (opens nothing yet); {@code cluster}: the heads
     * of the cluster as this node sees them (whose clients it takes over when they are retired).
     */
    Head head(HeadSet.Head head, ClusterHeads cluster);

    /** One incarnation's parts; the entity calls them in this order, each at most once. */
    interface Head {
        /** The head's grace participant: joins the database as the head's member, completes {@code ready} once it may serve. */
        Behavior<GraceParticipant.Command> participant(GraceGate gate, CompletableFuture<Void> ready);

        /** Mounts the head's back ends (blocking; with the head's CephFS session uuid). */
        List<Filesystem> openBackends();

        /** Starts the head's NFS service, its actors children of {@code parent}. */
        NfsService service(ActorContext<?> parent, List<Filesystem> backends, GraceLink grace);

        /** How long the calls under way may take at a hand-off. */
        Duration drainTimeout();

        /** Closes the head's grace and recovery stores (not the node's connection). */
        void close();
    }
}
