package org.cephgw.gateway;

import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.stream.javadsl.Tcp;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.GraceEvent;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.grace.GraceWatcher;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.gateway.config.GatewayConfig;
import org.cephgw.gateway.management.GatewayRuntime;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.gateway.tcp.NfsTcpServer;
import org.cephgw.gateway.tcp.PendingNfsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node: configuration → actor system → management → NFS listener (calls
 * wait, see {@link PendingNfsService}) → grace participant (waits until the cluster enforces) →
 * back ends → NFS service, which then takes the waiting calls. Used by {@link Main} and by tests (with fakes for the back ends and the
 * NFS service). Stopping goes through Pekko's coordinated shutdown (SIGTERM runs it through the
 * JVM shutdown hook): unbind the NFS port, start a grace period for this node's successor
 * (nfs-ganesha's clean shutdown), stop management, close the back ends and the grace store.
 */
public final class GatewayServer implements AutoCloseable {
    /** All nodes of a cluster must use the same actor system name. */
    public static final String SYSTEM_NAME = "cephgw";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** The gateway could not start; the message says why, for an operator. */
    public static final class StartException extends RuntimeException {
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ActorSystem<Void> system;
    private final GatewayConfig config;
    private final NfsService nfs;
    private final GatewayMetrics metrics;
    private final InetSocketAddress nfsAddress;
    private final Uri managementUri;
    private final AtomicBoolean crashed;

    private GatewayServer(ActorSystem<Void> system, GatewayConfig config, NfsService nfs, GatewayMetrics metrics,
                          InetSocketAddress nfsAddress, Uri managementUri, AtomicBoolean crashed) {
        this.crashed = crashed;
        this.system = system;
        this.config = config;
        this.nfs = nfs;
        this.metrics = metrics;
        this.nfsAddress = nfsAddress;
        this.managementUri = managementUri;
    }

    /** Starts with the production back ends and {@code Nfs4Server}. */
    public static GatewayServer start(Config config) {
        // parsed again (and validated, its warnings logged) by start(config, …); the back ends need
        // the node id and the grace store for CephFS session reclaim (Backends.forGateway)
        return start(config, Backends.forGateway(GatewayConfig.parse(config)), org.cephgw.actors.Nfs4Server::start);
    }

    /**
     * Starts a gateway and returns once it serves NFS and management listens.
     *
     * <p>Order (grace-db.md, "A head's life"): actor system, management (so that {@code /grace}
     * shows a head waiting for the cluster), the NFS port (connections are accepted, their calls
     * wait), the grace participant, which joins the grace database and waits until every member
     * enforces — only then are the back ends opened (CephFS mounted) and the NFS service started,
     * which runs the waiting calls.
     *
     * @param config   fully assembled (see {@link ConfigLoader}); {@code gateway.*} is validated here
     * @throws org.cephgw.gateway.config.GatewayConfigException for a bad configuration
     * @throws StartException when a back end, the grace database, the NFS service, the port or management fails
     */
    public static GatewayServer start(Config config, BackendFactory backends, NfsServiceFactory services) {
        GatewayConfig gc = GatewayConfig.parse(config);
        applyLogLevel(gc.logLevel());
        gc.warnings().forEach(w -> log.warn("configuration: {}", w));

        ActorSystem<Void> system;
        try {
            // one thread per I/O worker, so that every worker can block at the same time
            Config withIo = com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
                    "cephgw.io-dispatcher.thread-pool-executor.fixed-pool-size", gc.ioWorkers())).withFallback(config);
            system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, withIo);
        } catch (RuntimeException ex) {
            throw new StartException("cannot start the actor system: " + message(ex), ex);
        }
        List<Filesystem> opened = new ArrayList<>();
        List<GraceStores> stores = new ArrayList<>();
        try {
            return startOn(system, config, gc, backends, opened, stores, services);
        } catch (RuntimeException ex) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // the original failure is what matters
            }
            closeAll(opened);
            closeStores(stores);
            throw ex instanceof StartException ? ex : new StartException(message(ex), ex);
        }
    }

    private static GatewayServer startOn(ActorSystem<Void> system, Config config, GatewayConfig gc, BackendFactory backends,
                                         List<Filesystem> opened, List<GraceStores> stores, NfsServiceFactory services) {
        CoordinatedShutdown cs = CoordinatedShutdown.get(system);
        // registered first so that back ends and stores are closed even if a later step fails and
        // the system is terminated; closing may block on I/O, hence the blocking dispatcher
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-backends",
                () -> CompletableFuture.supplyAsync(() -> {
                    closeAll(opened);
                    closeStores(stores);
                    return Done.getInstance();
                }, blocking));

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        GatewayRuntime runtime = GatewayRuntime.get(system);

        // management before the grace wait, so that /grace shows a head that waits for the cluster
        Uri managementUri = null;
        if (gc.managementEnabled()) {
            PekkoManagement management = PekkoManagement.get(system);
            try {
                managementUri = await(management.start());
            } catch (Exception ex) {
                throw new StartException("cannot start management HTTP on "
                        + config.getString("pekko.management.http.hostname") + ":"
                        + config.getString("pekko.management.http.port") + ": " + message(ex), ex);
            }
            // stopped late so that /health/ready answers "not ready" while the NFS port closes
            cs.addTask(CoordinatedShutdown.PhaseServiceStop(), "management-stop", management::stop);
        }

        // The NFS port listens before the head joins the grace period; COMPOUNDs wait in
        // PendingNfsService until the head may serve (see there why)
        GatewayConfig.Nfs n = gc.nfs();
        PendingNfsService pending = new PendingNfsService();
        NfsTcpServer tcp = new NfsTcpServer(system,
                new NfsTcpServer.Settings(n.bind(), n.port(), n.maxRecordSize(), n.maxInFlight(), n.backchannelQueueSize(), n.backlog()),
                pending, metrics);
        Tcp.ServerBinding binding;
        try {
            binding = await(tcp.bind());
        } catch (Exception ex) {
            throw new StartException("cannot listen for NFS on " + n.bind() + ":" + n.port() + ": " + message(ex), ex);
        }
        InetSocketAddress nfsAddress = binding.localAddress();
        cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "nfs-unbind", () -> {
            runtime.nfsListening(null);
            log.info("NFS listener on {}:{} unbinding", n.bind(), nfsAddress.getPort());
            return binding.unbind().thenApply(u -> Done.getInstance());
        });
        try {
            return serve(system, config, gc, backends, opened, stores, services, metrics, runtime, prometheus, managementUri,
                    pending, binding);
        } catch (RuntimeException ex) {
            pending.fail(ex);
            binding.unbind();
            throw ex;
        }
    }

    /** Joins the grace period, opens the back ends and starts the NFS service behind the listening port. */
    private static GatewayServer serve(ActorSystem<Void> system, Config config, GatewayConfig gc, BackendFactory backends,
                                       List<Filesystem> opened, List<GraceStores> stores, NfsServiceFactory services,
                                       GatewayMetrics metrics, GatewayRuntime runtime, PrometheusMeterRegistry prometheus,
                                       Uri managementUri, PendingNfsService pending, Tcp.ServerBinding binding) {
        AtomicBoolean crashed = new AtomicBoolean();
        GraceLink grace = joinGrace(system, gc, stores, runtime, crashed);

        List<ExportSpec> specs = new ArrayList<>();
        for (int i = 0; i < gc.exports().size(); i++) {
            ExportConfig e = gc.exports().get(i);
            try {
                Filesystem fs = backends.open(e);
                synchronized (opened) {
                    opened.add(fs);
                }
                specs.add(e.toSpec(fs));
            } catch (Exception ex) {
                throw new StartException("gateway.exports[" + i + "] (id " + e.id() + ", " + e.path()
                        + "): cannot open its " + e.backend() + " back end: " + message(ex), ex);
            }
        }

        NfsService nfs;
        try {
            nfs = services.start(system, gc.nfsSettings(), List.copyOf(specs), grace);
        } catch (RuntimeException ex) {
            throw new StartException("cannot start the NFS service: " + message(ex), ex);
        }
        metrics.bindOpenBackendHandles(() -> {
            try {
                return nfs.openBackendHandles();
            } catch (RuntimeException e) {
                return -1;
            }
        });
        runtime.served(new GatewayRuntime.Served(gc.nodeId(), gc.exports(), List.copyOf(opened), nfs, prometheus));

        if (ConfigLoader.isClusterProvider(config) && gc.selfJoin()
                && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            // the embedded default: a cluster of one; bootstrap/seed nodes take over in multi-node setups
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }

        pending.start(nfs);
        GatewayConfig.Nfs n = gc.nfs();
        InetSocketAddress nfsAddress = binding.localAddress();
        // "listening" for readiness means serving; it follows the listener, whether we unbind it or it dies
        runtime.nfsListening(nfsAddress);
        binding.whenUnbound().whenComplete((d, err) -> runtime.nfsListening(null));

        log.info("node {}: serving {} on {}:{}{}", gc.nodeId(),
                gc.exports().stream().map(e -> e.pseudo() + " = " + e.path() + (e.readOnly() ? " (ro)" : ""))
                        .collect(Collectors.joining(", ", "exports [", "]")),
                n.bind(), nfsAddress.getPort(),
                managementUri == null ? "" : "; management on " + managementUri);
        return new GatewayServer(system, gc, nfs, metrics, nfsAddress, managementUri, crashed);
    }

    /**
     * Opens the grace store, starts the {@link GraceParticipant} and waits until it may serve
     * (every member of the grace database enforces). There is no time limit: a member that does
     * not enforce (a head that is down without E) keeps this one waiting, as it does nfs-ganesha,
     * until it comes back or an administrator removes it; the participant logs whom it waits for.
     */
    private static GraceLink joinGrace(ActorSystem<Void> system, GatewayConfig gc, List<GraceStores> stores,
                                       GatewayRuntime runtime, AtomicBoolean crashed) {
        GraceStores st = GraceStores.open(gc);
        synchronized (stores) {
            stores.add(st);
        }
        GraceGate gate = new GraceGate();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        String hint = st.local() ? "`java -jar gateway.jar grace add {node}`"
                : "`ganesha-rados-grace --pool " + gc.grace().rados().pool()
                + (gc.grace().rados().namespace().isEmpty() ? "" : " --ns " + gc.grace().rados().namespace())
                + " add {node}`";
        GraceParticipant.Settings settings = new GraceParticipant.Settings(gc.nodeId(), gc.graceTime(),
                gc.grace().pollInterval(), st.local(), st.where(), hint, gc.grace().safetyPollInterval());
        ActorRef<Topic.Command<GraceEvent>> topic = null;
        if (ConfigLoader.isClusterProvider(system.settings().config())) {
            // one watcher for the cluster, on its oldest node; every node offers to run it with its
            // own store connection, so that it can move when that node goes
            topic = system.systemActorOf(GraceWatcher.topic(), "grace-topic", Props.empty());
            runtime.graceWatcher(GraceWatcher.init(system, st.grace(), topic,
                    new GraceWatcher.Settings(gc.grace().pollInterval())));
        }
        ActorRef<GraceParticipant.Command> participant = system.systemActorOf(
                GraceParticipant.create(st.grace(), st.recovery(), settings, gate, ready, topic), "grace", Props.empty());
        runtime.grace(participant);
        // clean shutdown: a new grace period for this head's successor, once NFS no longer listens
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "grace-leave", () -> {
            if (crashed.get()) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            return AskPattern.<GraceParticipant.Command, Done>ask(participant, GraceParticipant.Leave::new,
                    Duration.ofSeconds(10), system.scheduler()).exceptionally(e -> Done.getInstance());
        });
        log.info("node {}: joining the grace database ({})", gc.nodeId(), st.where());
        try {
            ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while joining the grace database", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GraceParticipant.NotAMemberException) {
                throw new StartException(cause.getMessage(), cause);
            }
            throw new StartException("cannot join the grace database (" + st.where() + "): " + message(cause), cause);
        }
        return GraceLink.of(gate, participant);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Closes each back end once; called by the shutdown task and by a failing start, maybe both. */
    private static void closeAll(List<Filesystem> opened) {
        synchronized (opened) {
            for (Filesystem fs : opened) {
                try {
                    // clustered CephFS exports: abort, leaving the session to the successor (Backends.close)
                    Backends.close(fs);
                } catch (Exception e) {
                    log.warn("closing back end {} failed", fs, e);
                }
            }
            opened.clear();
        }
    }

    private static void closeStores(List<GraceStores> stores) {
        synchronized (stores) {
            for (GraceStores st : stores) {
                try {
                    st.close();
                } catch (RuntimeException e) {
                    log.warn("closing the grace store {} failed", st.where(), e);
                }
            }
            stores.clear();
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** {@code gateway.log-level} for our loggers, when logback is the backend. */
    private static void applyLogLevel(String level) {
        org.slf4j.Logger ours = LoggerFactory.getLogger("org.cephgw");
        if (ours instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.INFO));
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public GatewayConfig config() {
        return config;
    }

    public NfsService nfs() {
        return nfs;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Where the NFS listener is bound (the real port when configured with 0). */
    public InetSocketAddress nfsAddress() {
        return nfsAddress;
    }

    /** Management's base URI, or null when management is disabled. */
    public Uri managementUri() {
        return managementUri;
    }

    public CompletionStage<Done> whenTerminated() {
        return system.getWhenTerminated();
    }

    /**
     * Stops the way a killed process looks to the cluster: everything closes (the NFS port, the
     * back ends — which releases the locks they hold for this process — the actor system), but the
     * clean-shutdown step of the grace protocol is skipped, so the next start of this node finds the
     * grace database as a crash leaves it. For tests of reclaim after a restart.
     */
    public void closeAsIfCrashed() {
        crashed.set(true);
        close();
    }

    /** Runs coordinated shutdown and waits for the actor system to end. */
    @Override
    public void close() {
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("actor system did not terminate cleanly", e);
        }
    }
}
