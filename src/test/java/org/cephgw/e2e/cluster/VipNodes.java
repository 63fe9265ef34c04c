package org.cephgw.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.e2e.GatewayProcess;

/**
 * Gateway JVMs in virtual-IP mode, one Pekko cluster (every node a seed node, so that any node,
 * the first one too, joins the others again after a restart instead of forming a cluster of its
 * own), as the
 * virtual-IP tests run them: each node on its own NFS, management and remoting port of loopback,
 * all started at once (as a StatefulSet with {@code podManagementPolicy: Parallel}); a node can be
 * killed, stopped and started again on the same ports. Where the data and the grace database live
 * is the caller's {@code gateway { }} fragment (exports, grace store).
 */
final class VipNodes implements AutoCloseable {
    static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;
    private final Path work;
    private final Path jar;
    private final int[] remoting;
    private final String prefix;
    private final String scope;
    private final String gateway;
    /** the configuration of the nodes started from now on, and its heads */
    private Path config;
    private HeadSet heads;
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final int[] starts;

    /**
     * @param work    the jar copy and, for every node, the state directory ({@code work/state}: shared,
     *                so the local grace store is one database)
     * @param prefix  head names: prefix0 … prefix(n-1)
     * @param gateway the rest of the {@code gateway { }} block (exports, grace)
     */
    VipNodes(String label, Path work, int count, int headCount, String prefix, String scope, String gateway)
            throws IOException {
        this.label = label;
        this.work = work;
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path built = root.resolve("gateway/target/gateway.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " missing: mvn package must run first");
        }
        // one copy for every node: a rebuild while the test runs must not mix builds
        jar = work.resolve("gateway.jar");
        if (!Files.exists(jar)) {
            Files.copy(built, jar);
        }
        remoting = new int[count];
        starts = new int[count];
        for (int i = 0; i < count; i++) {
            remoting[i] = GatewayProcess.freePort();
        }
        this.prefix = prefix;
        this.scope = scope;
        this.gateway = gateway;
        configure(headCount);
        for (int i = 0; i < count; i++) {
            nodes.add(null);
        }
    }

    /**
     * Nodes started from now on (a restart too) are configured with {@code headCount} heads: how a
     * rolling update changes the head set.
     */
    void configure(int headCount) throws IOException {
        int count = remoting.length;
        List<HeadSet.Head> hs = new ArrayList<>();
        for (int i = 0; i < headCount; i++) {
            hs.add(new HeadSet.Head(prefix + i, i));
        }
        heads = new HeadSet(hs);
        config = work.resolve("vip-" + headCount + ".conf");
        Files.writeString(config, """
                gateway {
                  mode = "virtual-ip"
                  virtual-ip { heads = %d, head-prefix = "%s", server-scope = "%s" }
                  cluster.self-join = false
                  %s
                }
                pekko.cluster.seed-nodes = [%s]
                """.formatted(headCount, prefix, scope, gateway, java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"pekko://cephgw@" + host(i) + ":" + remoting[i] + "\"")
                .collect(Collectors.joining(", "))));
    }

    HeadSet heads() {
        return heads;
    }

    Path jar() {
        return jar;
    }

    int size() {
        return nodes.size();
    }

    GatewayProcess node(int n) {
        return nodes.get(n);
    }

    /** The Pekko address of node {@code n}, as {@code /heads} names it. */
    String address(int n) {
        return "pekko://cephgw@" + host(n) + ":" + remoting[n];
    }

    /**
     * The loopback address of node {@code n} (NFS, management, remoting): each node its own, so
     * that firewall rules can cut one off from the others ({@link #cutOff}).
     */
    static String host(int n) {
        return "127.0.0." + (10 + n);
    }

    /**
     * Cuts node {@code n} off from the other nodes, as a network partition does: every packet to its
     * remoting port is dropped (iptables on loopback). That is enough both ways — every exchange of
     * the cluster (heartbeats, messages and their answers) needs the connections the others open
     * to that port — while clients and the load balancer still reach its NFS and management ports.
     * (Matching by the nodes' addresses would not do: on loopback the kernel gives outgoing
     * connections the source address 127.0.0.1.) {@link #reconnect} undoes it.
     */
    void cutOff(int n) throws IOException, InterruptedException {
        iptables("-I", "INPUT", "-p", "tcp", "-d", host(n), "--dport", Integer.toString(remoting[n]), "-j", "DROP");
        cut.add(n);
    }

    /** Undoes {@link #cutOff}. */
    void reconnect(int n) throws IOException, InterruptedException {
        iptables("-D", "INPUT", "-p", "tcp", "-d", host(n), "--dport", Integer.toString(remoting[n]), "-j", "DROP");
        cut.remove(Integer.valueOf(n));
    }

    private final List<Integer> cut = new ArrayList<>();

    /**
     * Whether this machine lets the test change firewall rules (root, netfilter): .ci/run installs
     * iptables; where the kernel or the container refuses rules, the partition case cannot run.
     */
    static boolean canCutOff() {
        try {
            DebianPackages.ensure("iptables", "iptables");
        } catch (IOException | IllegalStateException e) {
            System.out.println("no iptables: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            Process p = new ProcessBuilder("iptables", "-S", "INPUT").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void iptables(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("iptables"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    /** Starts every node at once and waits until each is ready. */
    void startAll() {
        List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int n = i;
            starting.add(CompletableFuture.supplyAsync(() -> start(n, 0, 0)));
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.set(i, starting.get(i).join());
        }
    }

    /** Starts node {@code n} again, on the NFS port it had (a client reconnects to the same address). */
    GatewayProcess restart(int n) {
        GatewayProcess g = start(n, nodes.get(n).nfsPort(), nodes.get(n).managementPort());
        nodes.set(n, g);
        return g;
    }

    /** Same ports as before on a restart (0: free ones): clients and the load balancer find it again. */
    private GatewayProcess start(int n, int nfsPort, int managementPort) {
        Path log = work.resolve("node" + n + "-" + (++starts[n]) + ".log");
        synchronized (logs) {
            logs.add(log);
        }
        try {
            GatewayProcess g = GatewayProcess.start(jar, work, log, true, READY,
                    List.of(GatewayProcess.WITH_CDS, "-Dpekko.remote.artery.canonical.port=" + remoting[n],
                            "-Dgateway.node-id=node" + n),
                    host(n), nfsPort, managementPort, "--config", config.toString());
            System.out.printf("%s: node%d pid %d, NFS %d, management %d, remoting %d, log %s%n", label, n, g.pid(),
                    g.nfsPort(), g.managementPort(), remoting[n], log);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** head name → address of the node hosting it, from node {@code via}'s {@code /heads}, once every head serves out of grace. */
    Map<String, String> awaitAllServing(int via, Duration within) {
        Map<String, String> hosts = new TreeMap<>();
        Awaitility.await(label + ": every head serving").atMost(within).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    hosts.clear();
                    hosts.putAll(serving(via));
                    return hosts.size() == heads.size();
                });
        return Map.copyOf(hosts);
    }

    /**
     * As {@link #awaitAllServing}, once none of the heads is on node {@code gone} any more (a node
     * that died is shown serving until the cluster finds it unreachable).
     */
    Map<String, String> awaitAllServingWithout(int via, int gone, Duration within) {
        Map<String, String> hosts = new TreeMap<>();
        Awaitility.await(label + ": every head serving, none on node" + gone).atMost(within)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    hosts.clear();
                    hosts.putAll(serving(via));
                    return hosts.size() == heads.size() && !hosts.containsValue(address(gone));
                });
        return Map.copyOf(hosts);
    }

    /** Starts again every node that is not running (a failed case may leave one dead), then waits for the heads to spread. */
    void ensureAllRunning(Duration within) {
        for (int n = 0; n < nodes.size(); n++) {
            if (nodes.get(n) == null || !nodes.get(n).isAlive()) {
                reconnectQuietly(n);
                restart(n);
            }
        }
        awaitBalanced(within);
    }

    private void reconnectQuietly(int n) {
        if (cut.contains(n)) {
            try {
                reconnect(n);
            } catch (IOException | RuntimeException e) {
                System.out.println(label + ": removing the firewall rule of node" + n + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The heads node {@code via} knows to serve out of grace, with their nodes. */
    Map<String, String> serving(int via) throws IOException, InterruptedException {
        Map<String, String> hosts = new TreeMap<>();
        JsonNode body = JSON.readTree(nodes.get(via).get("/heads").body());
        for (JsonNode h : body.get("heads")) {
            if (h.get("phase").asText().equals("serving") && !h.get("inGrace").asBoolean()) {
                hosts.put(h.get("head").asText(), h.get("node").asText());
            }
        }
        return hosts;
    }

    /** Waits until the heads are spread evenly over the nodes and all serve (sharding moves one every 10 s). */
    Map<String, String> awaitBalanced(Duration within) {
        Map<String, String> hosts = new TreeMap<>();
        Awaitility.await(label + ": heads spread over every node").atMost(within).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> {
                    hosts.clear();
                    hosts.putAll(serving(0));
                    Map<String, Long> perNode = hosts.values().stream()
                            .collect(Collectors.groupingBy(h -> h, Collectors.counting()));
                    return hosts.size() == heads.size() && perNode.size() == nodes.size()
                            && perNode.values().stream().allMatch(c -> c == heads.size() / nodes.size());
                });
        return Map.copyOf(hosts);
    }

    /** An owner string starting with {@code prefix} that hashes to {@code head}. */
    String ownerOn(String head, String prefix) {
        for (int i = 0; ; i++) {
            String owner = prefix + i;
            if (heads.forOwner(owner.getBytes(StandardCharsets.UTF_8)).name().equals(head)) {
                return owner;
            }
        }
    }

    /** A head that {@code hosts} places on node {@code n}. */
    String headOn(Map<String, String> hosts, int n) {
        return hosts.entrySet().stream().filter(e -> e.getValue().equals(address(n))).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no head on node" + n + ": " + hosts));
    }

    /** The last lines of every node's logs, for a failure. */
    String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        synchronized (logs) {
            for (Path log : logs) {
                sb.append("\n--- ").append(log).append(" ---\n").append(GatewayProcess.tail(log, lines));
            }
        }
        return sb.toString();
    }

    /**
     * Kills every node: stopping them one by one would move their heads to the others again and
     * again (a hand-off and a grace period each), for nothing.
     */
    @Override
    public void close() throws InterruptedException {
        for (int n : List.copyOf(cut)) {
            try {
                reconnect(n);
            } catch (IOException | RuntimeException e) {
                System.out.println(label + ": removing the firewall rules of node" + n + ": " + e);
            }
        }
        for (GatewayProcess g : nodes) {
            if (g != null && g.isAlive()) {
                g.kill();
            }
        }
    }
}
