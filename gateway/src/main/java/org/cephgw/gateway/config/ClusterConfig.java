package org.cephgw.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code gateway.cluster { }}: how this node becomes a member of its Pekko cluster. One of three
 * ways, checked at start:
 * <ul>
 *   <li>self-join (the embedded default): no seed nodes, no bootstrap, a cluster of one;</li>
 *   <li>seed nodes ({@code pekko.cluster.seed-nodes}): hosts without Kubernetes;</li>
 *   <li>Cluster Bootstrap ({@code gateway.cluster.bootstrap = true}): the nodes find each other
 *       through Pekko Discovery (cephgw-pekko.conf: the Kubernetes API) and agree on who forms the
 *       cluster; never together with seed nodes, which would silently win over it.</li>
 * </ul>
 *
 * @param selfJoin    {@code gateway.cluster.self-join} as configured
 * @param bootstrap   start Pekko Cluster Bootstrap once management listens
 * @param joinTimeout a node that is not an Up member this long after its actor system started
 *                    gives up: one ERROR, then the process ends with a non-zero status
 * @param seedNodes   {@code pekko.cluster.seed-nodes} (empty: none)
 */
public record ClusterConfig(boolean selfJoin, boolean bootstrap, Duration joinTimeout, List<String> seedNodes) {

    static final String SEED_NODES = "pekko.cluster.seed-nodes";
    private static final Set<String> KEYS = Set.of("self-join", "bootstrap", "join-timeout");

    public ClusterConfig {
        seedNodes = List.copyOf(seedNodes);
    }

    /** The embedded default's way: no seed nodes, no bootstrap, self-join on. */
    public boolean joinsSelf() {
        return selfJoin && !bootstrap && seedNodes.isEmpty();
    }

    /**
     * Parses {@code gateway.cluster}; problems go to {@code r}.
     *
     * @param config            the whole configuration (for the Pekko keys it checks against)
     * @param managementEnabled bootstrap needs management: the contact points answer on its HTTP port
     * @return null when a problem was reported
     */
    static ClusterConfig parse(GatewayConfig.Reader r, Config config, Config g, boolean managementEnabled) {
        int before = r.count();
        if (g.hasPath("cluster")) {
            try {
                for (String key : new TreeSet<>(g.getConfig("cluster").root().keySet())) {
                    if (!KEYS.contains(key)) {
                        r.problem("gateway.cluster." + key, "unknown key; known keys are " + String.join(", ", new TreeSet<>(KEYS)));
                    }
                }
            } catch (ConfigException e) {
                r.problem("gateway.cluster", "must be an object");
                return null;
            }
        }
        boolean selfJoin = r.bool(g, "cluster.self-join", "gateway.cluster.self-join");
        boolean bootstrap = r.bool(g, "cluster.bootstrap", "gateway.cluster.bootstrap");
        Duration joinTimeout = r.durationIn(g, "cluster.join-timeout", "gateway.cluster.join-timeout",
                Duration.ofSeconds(1), Duration.ofHours(24));
        List<String> seeds = List.of();
        if (config.hasPath(SEED_NODES)) {
            try {
                // getStringList, not Reader.stringList: it also takes -Dpekko.cluster.seed-nodes.0=..., as Pekko does
                seeds = config.getStringList(SEED_NODES);
            } catch (ConfigException e) {
                r.problem(SEED_NODES, "must be a list of strings, got " + GatewayConfig.describe(config.getValue(SEED_NODES)));
                seeds = null;
            }
        }
        if (bootstrap) {
            if (seeds != null && !seeds.isEmpty()) {
                // Pekko's bootstrap would log a warning and join the seed nodes instead
                r.problem("gateway.cluster.bootstrap", "true together with " + SEED_NODES + " " + seeds
                        + ": choose one way to form the cluster (unset " + SEED_NODES
                        + ", or set gateway.cluster.bootstrap = false)");
            }
            if (!ConfigLoader.isClusterProvider(config)) {
                r.problem("gateway.cluster.bootstrap", "true needs pekko.actor.provider = cluster");
            }
            if (!managementEnabled) {
                r.problem("gateway.cluster.bootstrap", "true needs gateway.management.enabled = true"
                        + " (the nodes find each other through management's HTTP port)");
            }
        }
        if (r.count() > before) {
            return null;
        }
        return new ClusterConfig(selfJoin, bootstrap, joinTimeout, seeds);
    }
}
