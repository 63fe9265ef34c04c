package org.cephgw.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.Nfs4Server;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.Adoption;
import org.cephgw.actors.grace.GraceEvent;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.actors.io.IoPool;
import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.gateway.config.GatewayConfig;
import org.cephgw.gateway.head.ClusterHeads;
import org.cephgw.gateway.head.HeadFactory;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.recovery.RecoveryDb;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * The heads of a virtual-IP node as production builds them: each head a member of the grace
 * database under its own name with its own recovery records (over the node's store connection),
 * its back ends mounted with its own CephFS session uuid, its NFS service on the node's I/O pool.
 */
final class VirtualIpHeads implements HeadFactory {
    private final GatewayConfig gc;
    private final GraceStores node;
    private final ActorRef<Topic.Command<GraceEvent>> topic;
    private final Function<String, BackendFactory> backends;
    private final IoPool io;
    private final String hint;

    /**
     * @param node     the node's store connection, shared by its heads
     * @param topic    the grace events of the cluster's {@link org.cephgw.actors.grace.GraceWatcher}
     * @param backends the back ends of a head, by its name (its CephFS session uuid)
     */
    VirtualIpHeads(GatewayConfig gc, GraceStores node, ActorRef<Topic.Command<GraceEvent>> topic,
                   Function<String, BackendFactory> backends, IoPool io, String hint) {
        this.gc = gc;
        this.node = node;
        this.topic = topic;
        this.backends = backends;
        this.io = io;
        this.hint = hint;
    }

    /**
     * Before the node's heads start: with {@code gateway.grace.add-self} the RADOS database is
     * created if missing (each head adds itself when it starts). The local store (one machine,
     * tests and trials) gets every head at once when the database is new, so that the first
     * head's grace period already counts them all.
     */
    static void prepareDatabase(GraceStores st, HeadSet heads, boolean addSelf) {
        if (addSelf && !st.local()) {
            // the heads add themselves when sharding starts them; the database exists before the
            // cluster's grace watcher looks for it
            st.grace().create();
            return;
        }
        if (!st.local()) {
            return;
        }
        boolean created = st.grace().create();
        org.cephgw.persistence.grace.GraceState s = st.grace().read();
        if (created || (s.cur() == 1 && s.rec() == 0 && s.members().isEmpty())) {
            // all at once: atomic, and a no-op if another node was first
            st.grace().add(heads.heads().stream().map(HeadSet.Head::name).toList());
        }
    }

    /** The clients of retired heads that {@code head} takes over: those whose owner is assigned to it now. */
    private Adoption adoption(HeadSet.Head head, ClusterHeads cluster) {
        return new Adoption() {
            @Override
            public Set<String> retired(GraceState st) {
                Set<String> out = new HashSet<>();
                for (String member : st.members().keySet()) {
                    if (cluster.retiredHeadOfOurs(member)) {
                        out.add(member);
                    }
                }
                return out;
            }

            @Override
            public boolean mine(byte[] ownerId) {
                return cluster.own().forOwner(ownerId).name().equals(head.name());
            }

            @Override
            public List<RecoveryRecord> records(String retired, long epoch) {
                try (RecoveryDb db = node.recoveryOf(gc, retired)) {
                    return db.exists(epoch) ? List.copyOf(db.list(epoch).values()) : List.of();
                }
            }
        };
    }

    @Override
    public Head head(HeadSet.Head head, ClusterHeads cluster) {
        return new Head() {
            private GraceStores stores;

            @Override
            public Behavior<GraceParticipant.Command> participant(GraceGate gate, CompletableFuture<Void> ready) {
                stores = node.forMember(gc, head.name());
                GraceParticipant.Settings settings = new GraceParticipant.Settings(head.name(), gc.graceTime(),
                        gc.grace().pollInterval(), gc.grace().addSelf(), stores.where(), hint, gc.grace().safetyPollInterval())
                        .withAdoption(adoption(head, cluster));
                return GraceParticipant.create(stores.grace(), stores.recovery(), settings, gate, ready, topic, null);
            }

            @Override
            public List<Filesystem> openBackends() {
                BackendFactory factory = backends.apply(head.name());
                List<Filesystem> opened = new ArrayList<>();
                for (int i = 0; i < gc.exports().size(); i++) {
                    ExportConfig e = gc.exports().get(i);
                    try {
                        opened.add(factory.open(e));
                    } catch (Exception ex) {
                        opened.forEach(Backends::close);
                        throw new GatewayServer.StartException("head " + head.name() + ": gateway.exports[" + i + "] (id "
                                + e.id() + ", " + e.path() + "): cannot open its " + e.backend() + " back end: " + ex.getMessage(), ex);
                    }
                }
                return opened;
            }

            @Override
            public NfsService service(ActorContext<?> parent, List<Filesystem> fs, GraceLink grace) {
                List<ExportSpec> specs = new ArrayList<>();
                for (int i = 0; i < fs.size(); i++) {
                    ExportSpec e = gc.exports().get(i).toSpec(fs.get(i));
                    // no delegations: a head does not see what the clients of the other heads do
                    // to a file, so it could not recall them
                    specs.add(new ExportSpec(e.id(), e.pseudoPath(), e.fs(), e.readOnly(), e.squash(), e.anonUid(),
                            e.anonGid(), e.clients(), false));
                }
                return Nfs4Server.start(parent, gc.nfsSettings().forHead(head.name(), head.index(), gc.heads().serverScope()),
                        specs, grace, io);
            }

            @Override
            public Duration drainTimeout() {
                return gc.nfs().drainTimeout();
            }

            @Override
            public void close() {
                if (stores != null) {
                    stores.close();
                }
            }
        };
    }
}
