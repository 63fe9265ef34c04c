package org.cephgw.gateway.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.cephgw.gateway.config.ClusterConfig;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node becomes a member of its cluster, beyond what Pekko does by itself: Cluster Bootstrap
 * starts once management listens (the nodes' contact points answer on its HTTP port), and a node
 * that is not an Up member within {@code gateway.cluster.join-timeout} says what it tried and
 * which keys to look at, in one ERROR, and stops with {@link #gaveUp} true (the launcher's exit
 * status 1) — instead of waiting forever, unready, for seed nodes that never answer. A per-node
 * head serves NFS before its cluster forms (its fast restart): the timeout only ends a node that
 * never manages to join.
 */
public final class ClusterJoin {
    private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final String CPD = "pekko.management.cluster.bootstrap.contact-point-discovery.";

    private ClusterJoin() {
    }

    /**
     * Watches the join of a node that has just created its actor system (nothing without the
     * cluster provider): gives up, through coordinated shutdown, once the join timeout is over.
     */
    public static void watch(ActorSystem<?> system, Config config, GatewayConfig gc) {
        if (!ConfigLoader.isClusterProvider(config)) {
            return;
        }
        ClusterConfig cc = gc.cluster();
        String attempt = attempt(cc, config, system.name());
        CoordinatedShutdown cs = CoordinatedShutdown.get(system);
        watch(system, cc.joinTimeout(), System::nanoTime, CHECK_EVERY, () -> isUp(system), (elapsed) -> {
            if (cs.getShutdownReason().isPresent()) {
                return; // stopped (SIGTERM, a failed start) before it joined: no failure to join
            }
            log.error("node {}: not an Up member of the cluster {} after the start ({} = {}): {}. Stopping.",
                    gc.nodeId(), human(elapsed), "gateway.cluster.join-timeout", human(cc.joinTimeout()), attempt);
            cs.runAll(CoordinatedShutdown.clusterJoinUnsuccessfulReason());
        });
    }

    /**
     * The deadline's checks, every {@code every} on the system's scheduler until the node is Up or
     * {@code giveUp} has run (once, with the time since the start).
     */
    static Cancellable watch(ActorSystem<?> system, Duration timeout, LongSupplier nanoClock, Duration every,
                             BooleanSupplier memberUp, Consumer<Duration> giveUp) {
        long start = nanoClock.getAsLong();
        JoinDeadline deadline = new JoinDeadline(timeout, nanoClock);
        AtomicReference<Cancellable> task = new AtomicReference<>();
        // the scheduler may run a check while the previous one still runs: the first to see an end acts
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (done) {
                    return;
                }
                JoinDeadline.State s = deadline.check(memberUp.getAsBoolean());
                if (s == JoinDeadline.State.WAITING) {
                    return;
                }
                done = true;
                Cancellable c = task.get();
                if (c != null) {
                    c.cancel();
                }
                if (s == JoinDeadline.State.GAVE_UP) {
                    giveUp.accept(Duration.ofNanos(nanoClock.getAsLong() - start));
                }
            }
        };
        task.set(system.scheduler().scheduleAtFixedRate(every, every, once, system.executionContext()));
        return task.get();
    }

    private static boolean isUp(ActorSystem<?> system) {
        try {
            MemberStatus s = Cluster.get(system).selfMember().status();
            // Leaving and Exiting come only after Up
            return s == MemberStatus.up() || s == MemberStatus.leaving() || s == MemberStatus.exiting();
        } catch (RuntimeException e) {
            return false; // the cluster extension is stopping with the actor system
        }
    }

    /** Starts Cluster Bootstrap when configured; called once management listens (its routes are the contact point). */
    public static void managementStarted(ActorSystem<?> system, GatewayConfig gc) {
        if (gc.cluster().bootstrap()) {
            log.info("node {}: starting Cluster Bootstrap", gc.nodeId());
            ClusterBootstrap.get(system).start();
        }
    }

    /**
     * Whether the node stopped because it could not join its cluster (this class's timeout, or
     * Pekko's {@code shutdown-after-unsuccessful-join-seed-nodes}): the launcher exits with 1 then.
     */
    public static boolean gaveUp(ActorSystem<?> system) {
        return CoordinatedShutdown.get(system).getShutdownReason()
                .map(r -> r.equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason())).orElse(false);
    }

    /** What the node tried, and which keys to look at, for the give-up message. */
    static String attempt(ClusterConfig cc, Config config, String systemName) {
        if (cc.bootstrap()) {
            String method = config.getString(CPD + "discovery-method");
            if (method.equals("pekko.discovery")) {
                method = config.getString("pekko.discovery.method");
            }
            String service = config.getString(CPD + "service-name");
            if (service.equals("<service-name>")) {
                service = systemName;
            }
            StringBuilder sb = new StringBuilder("Cluster Bootstrap (gateway.cluster.bootstrap = true) did not find or form a cluster: discovery method ")
                    .append(method).append(", service name \"").append(service).append('"');
            if (method.equals("kubernetes-api") && config.hasPath("pekko.discovery.kubernetes-api.pod-label-selector")) {
                sb.append(", pods with label selector \"")
                        .append(config.getString("pekko.discovery.kubernetes-api.pod-label-selector").replace("%s", service))
                        .append('"');
            }
            sb.append(", contact points on port name \"").append(config.getString(CPD + "port-name"))
                    .append("\", required-contact-point-nr ").append(config.getString(CPD + "required-contact-point-nr"))
                    .append(". Look at ").append(CPD).append("* (required-contact-point-nr: CEPHGW_REPLICAS)");
            if (method.equals("kubernetes-api")) {
                sb.append(", pekko.discovery.kubernetes-api.* (the pods must be Running, carry the label and name that"
                        + " container port; RBAC must let the pod list pods)");
            }
            return sb.append(" and the bootstrap's log lines above").toString();
        }
        List<String> seeds = cc.seedNodes();
        if (!seeds.isEmpty()) {
            return "no seed node in pekko.cluster.seed-nodes " + seeds + " let it join (not running, not reachable at"
                    + " that address, or another actor system name). Look at pekko.cluster.seed-nodes and the seed"
                    + " nodes' pekko.remote.artery.canonical.hostname and port";
        }
        if (!cc.selfJoin()) {
            return "it had nothing to join: pekko.cluster.seed-nodes is empty, gateway.cluster.bootstrap = false and"
                    + " gateway.cluster.self-join = false. Set one of them";
        }
        return "it did not even join itself (gateway.cluster.self-join = true); look at the log lines above";
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
