package org.cephgw.gateway;

import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
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
import java.util.function.Supplier;
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
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsService;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.GraceJoin;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.GraceEvent;
import org.cephgw.actors.grace.GraceParticipant;
import org.cephgw.actors.grace.GraceWatcher;
import org.cephgw.actors.grace.HeadLocations;
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
 * One running gateway node: configuration → NFS listener (calls wait, see
 * {@link PendingNfsService}) → actor system (cluster join) → grace participant (waits until the
 * cluster enforces) → back ends → NFS service, which then takes the waiting calls → management
 * (earlier if the wait for the cluster takes more than a few seconds). Used by {@link Main} and by tests (with fakes for the back ends and the NFS
 * service). Stopping goes through Pekko's coordinated shutdown (SIGTERM runs it through the JVM
 * shutdown hook, and so does a node the cluster downed): stop reading NFS requests, let the calls
 * under way answer, start a grace period for this node's successor (nfs-ganesha's clean
 * shutdown), stop management, leave the cluster, close the back ends, the grace store and the
 * connections.
 */
public final class GatewayServer implements AutoCloseable {
    /** All nodes of a cluster must use the same actor system name. */
    public static final String SYSTEM_NAME = "cephgw";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** a head still waiting for the cluster after this long starts management anyway (see startOn) */
    private static final long MANAGEMENT_DEFERRAL_S = 3;
    private static final Duration MANAGEMENT_DEFERRAL = Duration.ofSeconds(MANAGEMENT_DEFERRAL_S);
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    private static final String SPLIT_BRAIN_RESOLVER = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider";

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
        return start(config, org.cephgw.actors.Nfs4Server::start);
    }

    /**
     * Starts with the production back ends: each head's CephFS exports mount with that head's
     * session uuid (in virtual-IP mode a node hosts several heads, each its own).
     */
    public static GatewayServer start(Config config, NfsServiceFactory services) {
        // parsed again (and validated, its warnings logged) by start(config, …); the back ends need
        // the node id and the grace store for CephFS session reclaim (Backends.forGateway)
        GatewayConfig gc = GatewayConfig.parse(config);
        return start(config, Backends.forGateway(gc), services, head -> Backends.forHead(gc, head));
    }

    /** Starts with {@code backends} for every head (tests: one back end shared by all heads, no session uuids). */
    public static GatewayServer start(Config config, BackendFactory backends, NfsServiceFactory services) {
        return start(config, backends, services, head -> backends);
    }

    /**
     * Starts a gateway and returns once it serves NFS and management listens.
     *
     * <p>Order (grace-db.md, "A head's life"): the NFS port (connections are accepted, their calls
     * wait), the actor system, the grace participant, which joins the grace database and waits
     * until every member enforces — only then are the back ends opened (CephFS mounted) and the NFS
     * service started, which runs the waiting calls — and management, started once the head serves
     * or once it has waited {@value #MANAGEMENT_DEFERRAL_S} s for the cluster ({@code /grace} then
     * shows whom it waits for).
     *
     * @param config   fully assembled (see {@link ConfigLoader}); {@code gateway.*} is validated here
     * @throws org.cephgw.gateway.config.GatewayConfigException for a bad configuration
     * @throws StartException when a back end, the grace database, the NFS service, the port or management fails
     */
    public static GatewayServer start(Config config, BackendFactory backends, NfsServiceFactory services,
                                      java.util.function.Function<String, BackendFactory> headBackends) {
        GatewayConfig gc = GatewayConfig.parse(config);

        // The NFS port first, before the actor system, cluster join, management and back ends,
        // which take seconds: calls wait in PendingNfsService until the head serves (see there why)
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        GatewayConfig.Nfs n = gc.nfs();
        PendingNfsService pending = new PendingNfsService();
        NfsTcpServer tcp = new NfsTcpServer(new NfsTcpServer.Settings(n.bind(), n.port(), n.maxRecordSize(), n.maxInFlight(),
                n.backchannelQueueSize(), n.backlog(), n.ioThreads()), pending, metrics);
        InetSocketAddress nfsAddress;
        try {
            nfsAddress = tcp.bind();
        } catch (IOException | RuntimeException ex) {
            tcp.close();
            throw new StartException("cannot listen for NFS on " + n.bind() + ":" + n.port() + ": " + message(ex), ex);
        }
        LoggingStart.await();
        applyLogLevel(gc.logLevel());
        gc.warnings().forEach(w -> log.warn("configuration: {}", w));
        log.info("node {}: NFS listening on {}:{}; calls wait until the head serves", gc.nodeId(), n.bind(),
                nfsAddress.getPort());

        // The grace store's connection (RADOS: monitors, authentication) and the head's join of
        // the grace database (watch, start, recovery databases) are made while the actor system
        // starts: they are on a restarting head's way to serving, and the other heads start to
        // enforce meanwhile
        List<GraceStores> stores = new ArrayList<>();
        CompletableFuture<GraceStores> graceStores = new CompletableFuture<>();
        CompletableFuture<GraceJoin.Joined> joined = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            GraceStores st;
            try {
                st = GraceStores.open(gc);
                synchronized (stores) {
                    stores.add(st);
                }
                graceStores.complete(st);
            } catch (RuntimeException e) {
                graceStores.completeExceptionally(e);
                joined.completeExceptionally(e);
                return;
            }
            if (gc.heads().virtualIp()) {
                // the node is no member: its heads join, each under its own name, wherever they run
                try {
                    VirtualIpHeads.prepareDatabase(st, gc.heads().headSet(), gc.grace().addSelf());
                    joined.complete(null);
                } catch (RuntimeException e) {
                    joined.completeExceptionally(e);
                }
                return;
            }
            log.info("node {}: joining the grace database ({})", gc.nodeId(), st.where());
            try {
                joined.complete(GraceJoin.join(st.grace(), st.recovery(), gc.nodeId(), gc.grace().addSelf(), st.where(),
                        graceHint(gc, st)));
            } catch (RuntimeException e) {
                joined.completeExceptionally(e);
            }
        }, "cephgw-join-grace");
        opener.setDaemon(true);
        opener.start();

        ActorSystem<Void> system;
        try {
            // one thread per I/O worker, so that every worker can block at the same time
            java.util.Map<String, Object> overlay = new java.util.HashMap<>();
            overlay.put("cephgw.io-dispatcher.thread-pool-executor.fixed-pool-size", gc.ioWorkers());
            if (ConfigLoader.isClusterProvider(config) && config.getString("pekko.cluster.downing-provider-class").isEmpty()) {
                // a dead node's heads move (virtual-IP mode), and the grace janitor enforces for and
                // later removes a head that left, only once the cluster has downed its node (timings
                // and the trade-off: cephgw-pekko.conf)
                overlay.put("pekko.cluster.downing-provider-class", SPLIT_BRAIN_RESOLVER);
            }
            if (ConfigLoader.isClusterProvider(config)) {
                // every node tells the others, through the membership, which heads it is configured
                // with: how a head set changed in a rolling update is run and retired (ClusterHeads)
                List<String> roles = new ArrayList<>(config.getStringList("pekko.cluster.roles"));
                roles.addAll(org.cephgw.actors.head.HeadRoles.roles(gc.heads().headSet()));
                overlay.put("pekko.cluster.roles", roles);
            }
            Config withIo = com.typesafe.config.ConfigFactory.parseMap(overlay).withFallback(config);
            system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, withIo);
            log.debug("start: actor system created");
        } catch (RuntimeException ex) {
            pending.fail(ex);
            tcp.close();
            awaitQuietly(joined);
            closeStores(stores);
            throw new StartException("cannot start the actor system: " + message(ex), ex);
        }
        List<Filesystem> opened = new ArrayList<>();
        try {
            return startOn(system, config, gc, backends, opened, stores, graceStores, joined, services, metrics, prometheus,
                    pending, tcp, headBackends);
        } catch (RuntimeException ex) {
            pending.fail(ex);
            awaitQuietly(joined);
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
            tcp.close();
            throw ex instanceof StartException ? ex : new StartException(message(ex), ex);
        }
    }

    private static GatewayServer startOn(ActorSystem<Void> system, Config config, GatewayConfig gc, BackendFactory backends,
                                         List<Filesystem> opened, List<GraceStores> stores,
                                         CompletableFuture<GraceStores> graceStores,
                                         CompletableFuture<GraceJoin.Joined> joined, NfsServiceFactory services,
                                         GatewayMetrics metrics, PrometheusMeterRegistry prometheus,
                                         PendingNfsService pending, NfsTcpServer tcp,
                                         java.util.function.Function<String, BackendFactory> headBackends) {
        CoordinatedShutdown cs = CoordinatedShutdown.get(system);
        GatewayRuntime runtime = GatewayRuntime.get(system);
        // a node that never becomes an Up member stops after gateway.cluster.join-timeout
        org.cephgw.gateway.cluster.ClusterJoin.watch(system, config, gc);
        metrics.attach(system, gc.exports());
        GatewayConfig.Nfs n = gc.nfs();
        // A stop never answers a call it did not finish with an error (issue: an fsync failing
        // with EREMOTEIO in a rolling update). 1. service-unbind: close the listener, stop reading
        // (records not yet run are dropped; the client sends them again after it reconnects);
        // 2. service-requests-done: wait until the calls under way have answered (at most
        // drain-timeout; what runs longer gets no answer), then the grace period for the successor;
        // 3. before-actor-system-terminate: only now close the back ends (CephFS: leave the
        // session to the successor), then the connections.
        CompletableFuture<Done> drained = new CompletableFuture<>();
        cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "nfs-stop-reading", () -> {
            runtime.nfsListening(null);
            tcp.drain();
            pending.fail(new PendingNfsService.NotServed("the head stops", null));
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "nfs-drain", () -> {
            int under = tcp.callsInFlight();
            tcp.drain().toCompletableFuture().orTimeout(n.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((d, err) -> {
                        if (err != null) {
                            log.warn("NFS: {} call(s) still under way after {} ms: they get no answer (their clients send them again)",
                                    tcp.callsInFlight(), n.drainTimeout().toMillis());
                        } else if (under > 0) {
                            log.info("NFS: the {} call(s) under way at the stop have answered", under);
                        }
                        tcp.stopReplying();
                        drained.complete(Done.getInstance());
                    });
            return drained;
        });
        // registered before anything can be opened, so that back ends and stores are closed even
        // if a later step fails and the system is terminated; closing may block on I/O, hence the
        // blocking dispatcher
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-backends",
                () -> CompletableFuture.supplyAsync(() -> {
                    tcp.stopReplying();
                    closeAll(opened);
                    closeStores(stores);
                    tcp.close();
                    return Done.getInstance();
                }, blocking));

        if (gc.heads().virtualIp()) {
            return serveVirtualIp(system, config, gc, graceStores, headBackends, metrics, runtime, prometheus, pending, tcp, cs);
        }
        // the grace participant first (it joins on its own thread), then management, which takes a
        // second or two (Pekko HTTP) and is waited for only at the end; /grace answers once it listens
        AtomicBoolean crashed = new AtomicBoolean();
        log.debug("start: actor system up");
        GraceStart grace = startGrace(system, gc, graceStores, joined, runtime, crashed, drained);
        log.debug("start: grace participant started");
        // Management (Pekko HTTP) costs a second or two of CPU at start, which a restarting head
        // on a busy node needs for the way to serving: it starts once the head serves, or once the
        // head has waited MANAGEMENT_DEFERRAL for the cluster (so that /grace shows a head stuck there)
        Supplier<CompletableFuture<Uri>> management = () -> startManagement(system, gc, cs);
        tcp.whenUnbound().whenComplete((d, err) -> runtime.nfsListening(null));
        return serve(system, config, gc, backends, opened, services, metrics, runtime, prometheus, management,
                pending, tcp, grace, crashed);
    }

    /** Joins the grace period, opens the back ends and starts the NFS service behind the listening port. */
    private static GatewayServer serve(ActorSystem<Void> system, Config config, GatewayConfig gc, BackendFactory backends,
                                       List<Filesystem> opened, NfsServiceFactory services,
                                       GatewayMetrics metrics, GatewayRuntime runtime, PrometheusMeterRegistry prometheus,
                                       Supplier<CompletableFuture<Uri>> startManagement, PendingNfsService pending,
                                       NfsTcpServer tcp, GraceStart graceStart, AtomicBoolean crashed) {
        CompletableFuture<Uri> management = null;
        try {
            graceStart.ready().get(MANAGEMENT_DEFERRAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            management = startManagement.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // awaitGrace reports it
        }
        GraceLink grace = awaitGrace(graceStart);

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
        metrics.heads().hosted(gc.nodeId(), grace.gate(), nfs.stats());
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

        // serve first: management (Pekko HTTP) may still be starting, and clients wait for this head
        pending.start(nfs);
        GatewayConfig.Nfs n = gc.nfs();
        InetSocketAddress nfsAddress = tcp.localAddress();
        log.info("node {}: NFS service running", gc.nodeId());
        if (management == null) {
            management = startManagement.get();
        }

        Uri managementUri = awaitManagement(config, management);
        // "listening" for readiness means serving; it follows the listener, whether we unbind it or it dies
        if (!tcp.whenUnbound().toCompletableFuture().isDone()) {
            runtime.nfsListening(nfsAddress);
        }

        log.info("node {}: serving {} on {}:{}{}", gc.nodeId(),
                gc.exports().stream().map(e -> e.pseudo() + " = " + e.path() + (e.readOnly() ? " (ro)" : ""))
                        .collect(Collectors.joining(", ", "exports [", "]")),
                n.bind(), nfsAddress.getPort(),
                managementUri == null ? "" : "; management on " + managementUri);
        return new GatewayServer(system, gc, nfs, metrics, nfsAddress, managementUri, crashed);
    }

    /**
     * A node of the virtual-IP mode: serves at once — the router takes every call and each waits
     * for its head, which sharding starts on some node (here or elsewhere) with the same start
     * path as a restarted head of the per-node mode — and joins the cluster.
     */
    private static GatewayServer serveVirtualIp(ActorSystem<Void> system, Config config, GatewayConfig gc,
                                                CompletableFuture<GraceStores> graceStores,
                                                java.util.function.Function<String, BackendFactory> headBackends,
                                                GatewayMetrics metrics, GatewayRuntime runtime,
                                                PrometheusMeterRegistry prometheus, PendingNfsService pending,
                                                NfsTcpServer tcp, CoordinatedShutdown cs) {
        GraceStores st = awaitStores(graceStores);
        ActorRef<Topic.Command<GraceEvent>> topic = system.systemActorOf(GraceWatcher.topic(), "grace-topic", Props.empty());
        runtime.graceWatcher(GraceWatcher.init(system, st.grace(), topic, new GraceWatcher.Settings(gc.grace().pollInterval(), gc.grace().removeDepartedAfter())));
        org.cephgw.actors.io.IoPool io = org.cephgw.actors.io.IoPool.spawn(system, gc.ioWorkers());
        org.cephgw.actors.head.HeadSet heads = gc.heads().headSet();
        org.cephgw.gateway.head.VirtualIpNode node = org.cephgw.gateway.head.VirtualIpNode.start(system, heads,
                new VirtualIpHeads(gc, st, topic, headBackends, io, graceHint(gc, st)));
        runtime.virtualIp(node);
        NfsService nfs = node.router();
        metrics.bindOpenBackendHandles(nfs::openBackendHandles);
        metrics.bindHeadRouter(node.router()::forwardedCalls, node.router()::directCalls);
        runtime.served(new GatewayRuntime.Served(gc.nodeId(), gc.exports(), List.of(), nfs, prometheus));
        if (gc.selfJoin() && config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        pending.start(nfs);
        log.info("node {}: virtual-IP mode, {} heads ({}); routing NFS calls to them", gc.nodeId(), heads.size(),
                heads.heads().stream().map(org.cephgw.actors.head.HeadSet.Head::name).collect(Collectors.joining(", ")));
        Uri managementUri = awaitManagement(config, startManagement(system, gc, cs));
        InetSocketAddress nfsAddress = tcp.localAddress();
        if (!tcp.whenUnbound().toCompletableFuture().isDone()) {
            runtime.nfsListening(nfsAddress);
        }
        return new GatewayServer(system, gc, nfs, metrics, nfsAddress, managementUri, new AtomicBoolean());
    }

    private static GraceStores awaitStores(CompletableFuture<GraceStores> graceStores) {
        try {
            return graceStores.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while opening the grace database", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StartException(message(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new StartException("gateway.grace: the grace store did not open within " + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static Uri awaitManagement(Config config, CompletableFuture<Uri> management) {
        try {
            return management.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while management HTTP starts", e);
        } catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            throw new StartException("cannot start management HTTP on " + config.getString("pekko.management.http.hostname")
                    + ":" + config.getString("pekko.management.http.port") + ": " + message(cause), cause);
        }
    }

    /** Starts Pekko Management from a thread of its own (much of PekkoManagement.start runs on the caller). */
    private static CompletableFuture<Uri> startManagement(ActorSystem<Void> system, GatewayConfig gc, CoordinatedShutdown cs) {
        if (!gc.managementEnabled()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Uri> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                PekkoManagement pm = PekkoManagement.get(system);
                // stopped late so that /health/ready answers "not ready" while the NFS port closes
                cs.addTask(CoordinatedShutdown.PhaseServiceStop(), "management-stop", pm::stop);
                pm.start().whenComplete((uri, err) -> {
                    if (err != null) {
                        started.completeExceptionally(err);
                    } else {
                        // Cluster Bootstrap's contact points answer on management: it starts now
                        org.cephgw.gateway.cluster.ClusterJoin.managementStarted(system, gc);
                        started.complete(uri);
                    }
                });
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "cephgw-start-management");
        t.setDaemon(true);
        t.start();
        return started;
    }

    /** The command that adds a member, for the message of a head that is not one. */
    private static String graceHint(GatewayConfig gc, GraceStores st) {
        return st.local() ? "`java -jar gateway.jar grace add {node}`"
                : "`ganesha-rados-grace --pool " + gc.grace().rados().pool()
                + (gc.grace().rados().namespace().isEmpty() ? "" : " --ns " + gc.grace().rados().namespace())
                + " add {node}`";
    }

    /** The grace participant of a starting head, and the future completed once it may serve. */
    private record GraceStart(GraceLink link, CompletableFuture<Void> ready, String where) {
    }

    /**
     * Takes the grace store (opened in the background), starts the {@link GraceParticipant}, which
     * joins the grace database on its own thread, and the cluster's {@link GraceWatcher}.
     */
    private static GraceStart startGrace(ActorSystem<Void> system, GatewayConfig gc,
                                         CompletableFuture<GraceStores> graceStores,
                                         CompletableFuture<GraceJoin.Joined> joined, GatewayRuntime runtime,
                                         AtomicBoolean crashed, CompletionStage<Done> drained) {
        GraceStores st = awaitStores(graceStores);
        GraceGate gate = new GraceGate();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        GraceParticipant.Settings settings = new GraceParticipant.Settings(gc.nodeId(), gc.graceTime(),
                gc.grace().pollInterval(), gc.grace().addSelf(), st.where(), graceHint(gc, st), gc.grace().safetyPollInterval());
        ActorRef<Topic.Command<GraceEvent>> topic = null;
        if (ConfigLoader.isClusterProvider(system.settings().config())) {
            // one watcher for the cluster, on its oldest node; every node offers to run it with its
            // own store connection, so that it can move when that node goes
            topic = system.systemActorOf(GraceWatcher.topic(), "grace-topic", Props.empty());
        }
        ActorRef<GraceParticipant.Command> participant = system.systemActorOf(
                GraceParticipant.create(st.grace(), st.recovery(), settings, gate, ready, topic, joined), "grace", Props.empty());
        runtime.grace(participant);
        runtime.graceGate(gate);
        if (topic != null) {
            runtime.graceWatcher(GraceWatcher.init(system, st.grace(), topic,
                    new GraceWatcher.Settings(gc.grace().pollInterval(), gc.grace().removeDepartedAfter())));
            // this node runs this head: the cluster's janitor tells it from heads that left (HeadLocations)
            HeadLocations.record(system, gc.nodeId());
        }
        // clean shutdown: a new grace period for this head's successor, once the calls under way have answered
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "grace-leave", () -> {
            if (crashed.get()) {
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            return drained.thenCompose(d -> AskPattern.<GraceParticipant.Command, Done>ask(participant, GraceParticipant.Leave::new,
                    Duration.ofSeconds(10), system.scheduler())).exceptionally(e -> Done.getInstance());
        });
        return new GraceStart(GraceLink.of(gate, participant), ready, st.where());
    }

    /**
     * Waits until the head may serve (every member of the grace database enforces). There is no
     * time limit: a member that does not enforce (a head that is down without E) keeps this one
     * waiting, as it does nfs-ganesha, until it comes back or an administrator removes it; the
     * participant logs whom it waits for.
     */
    private static GraceLink awaitGrace(GraceStart g) {
        try {
            g.ready().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while joining the grace database", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GraceParticipant.NotAMemberException) {
                throw new StartException(cause.getMessage(), cause);
            }
            throw new StartException("cannot join the grace database (" + g.where() + "): " + message(cause), cause);
        }
        return g.link();
    }

    /** Waits (a while) for a background step to end, so that what it opened can be closed. */
    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // nothing opened, or it will be closed by the JVM's end
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
