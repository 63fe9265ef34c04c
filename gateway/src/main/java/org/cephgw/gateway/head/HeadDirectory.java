package org.cephgw.gateway.head;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.cephgw.actors.CborSerializable;

/**
 * Where every head runs, as this node knows it: each {@link HeadEntity} publishes its
 * {@link HeadStatus} on the topic {@value #TOPIC} when it changes and every
 * {@link #REPUBLISH} while it lives; this actor keeps the latest per head and follows the cluster's
 * view of the nodes, so that the {@link HeadRouter} holds the calls for a head whose node is
 * unreachable (instead of sending them to a node that cannot answer) and sends them again once the
 * head runs elsewhere, and management shows {@code /heads}.
 */
public final class HeadDirectory {
    public static final String TOPIC = "cephgw-heads";
    static final java.time.Duration REPUBLISH = java.time.Duration.ofSeconds(2);

    private HeadDirectory() {
    }

    /**
     * One head's state, published by the head.
     *
     * @param node        the address of the node hosting it
     * @param phase       {@code starting} (joining the grace database, waiting for every member to
     *                    enforce, mounting), {@code serving}, {@code handing-off}; this node sets
     *                    {@code node-unreachable} / {@code node-gone} when the cluster says so
     * @param grace       the grace participant's phase (JOINING, IN_GRACE, SERVING, …)
     * @param inGrace     whether the head refuses new state now
     * @param incarnation tells two starts of the head apart
     * @param sinceMillis when the head entered {@code phase}
     */
    public record HeadStatus(String head, int index, String node, String phase, String grace, boolean inGrace,
                             long incarnation, long sinceMillis, boolean reclaiming) implements CborSerializable {
        HeadStatus withPhase(String p) {
            return new HeadStatus(head, index, node, p, grace, inGrace, incarnation, System.currentTimeMillis(), reclaiming);
        }

        /** Serving and out of a grace period of its own (GraceSnapshot#reclaiming): what readiness waits for. */
        public boolean back() {
            return "serving".equals(phase) && !reclaiming;
        }
    }

    /** What the directory tells the router. */
    interface Listener {
        void status(HeadStatus status);

        void nodeUnreachable(String node);

        void nodeReachable(String node);
    }

    private record Published(HeadStatus status) {
    }

    private record NodeEvent(ClusterEvent.ClusterDomainEvent event) {
    }

    /** The heads as last heard of, by name (for management). */
    public static final class View {
        private final AtomicReference<Map<String, HeadStatus>> heads = new AtomicReference<>(Map.of());

        public List<HeadStatus> heads() {
            return List.copyOf(heads.get().values());
        }
    }

    static Behavior<Object> create(ActorRef<Topic.Command<HeadStatus>> topic, View view, Listener listener) {
        return Behaviors.setup(ctx -> {
            topic.tell(Topic.subscribe(ctx.messageAdapter(HeadStatus.class, Published::new)));
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
                    NodeEvent::new), ClusterEvent.UnreachableMember.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.ReachableMember.class,
                    NodeEvent::new), ClusterEvent.ReachableMember.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                    NodeEvent::new), ClusterEvent.MemberRemoved.class));
            Map<String, HeadStatus> known = new TreeMap<>();
            return Behaviors.receiveMessage(m -> {
                if (m instanceof Published p) {
                    HeadStatus s = p.status();
                    HeadStatus old = known.get(s.head());
                    // a late message of an earlier incarnation must not hide the current one
                    if (old == null || old.incarnation() == s.incarnation() || s.sinceMillis() >= old.sinceMillis()) {
                        if (s.phase().equals("retired")) {
                            known.remove(s.head()); // gone from the cluster for good
                        } else {
                            known.put(s.head(), s);
                        }
                        listener.status(s);
                    }
                } else if (m instanceof NodeEvent e) {
                    String node;
                    String phase;
                    if (e.event() instanceof ClusterEvent.UnreachableMember u) {
                        node = u.member().address().toString();
                        phase = "node-unreachable";
                        listener.nodeUnreachable(node);
                    } else if (e.event() instanceof ClusterEvent.ReachableMember r) {
                        node = r.member().address().toString();
                        phase = null;
                        listener.nodeReachable(node);
                    } else if (e.event() instanceof ClusterEvent.MemberRemoved r) {
                        node = r.member().address().toString();
                        phase = "node-gone";
                    } else {
                        return Behaviors.same();
                    }
                    if (phase != null) {
                        for (HeadStatus s : List.copyOf(known.values())) {
                            if (node.equals(s.node())) {
                                known.put(s.head(), s.withPhase(phase));
                            }
                        }
                    }
                }
                view.heads.set(Map.copyOf(known));
                return Behaviors.same();
            });
        });
    }
}
