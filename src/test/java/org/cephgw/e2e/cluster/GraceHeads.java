package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.e2e.ceph.CephDevCluster;

/**
 * Per-node gateway heads (separate JVMs, one Pekko cluster through seed nodes) serving the same
 * CephFS directory with the RADOS grace store, as the cluster end-to-end tests run them: two,
 * {@code a} and {@code b}, or {@code n} of them, {@code h0} … ; and what those tests read and
 * change of the grace database: the {@code gateway.jar grace} CLI ({@code ganesha-rados-grace}
 * compatible), {@code GET /grace}.
 *
 * <p>Each run has its own grace object ({@code grace-<run>}) in the dev cluster's metadata pool and
 * namespace, node ids {@code a-<run>}, {@code b-<run>} (or {@code h0-<run>} …) and CephFS directory
 * {@code /cephgw-tests/<prefix>-<run>}. A head keeps its NFS port across restarts, as a real
 * server keeps its address: a mounted kernel client reconnects to it.
 * {@link #close()} stops the heads, resets the CephFS sessions they left for a successor, removes
 * the run's RADOS objects, and the directory unless {@link #keep()} was called.
 */
final class GraceHeads implements AutoCloseable {
    static final Duration READY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The database: epochs and each member's flags ("NE", "E", "N" or ""). */
    record Db(long cur, long rec, Map<String, String> flags) {
    }

    record Cli(int exit, String out) {
    }

    private final String label;
    private final CephDevCluster ceph;
    private final Path root;
    private final Path work;
    private final Path jar;
    private final String run;
    private final String oid;
    private final String exportPath;
    /** per head: its short name (a, b or h0, h1 …), node id, remoting and NFS port, starts, last process */
    private final String[] names;
    private final String[] nodes;
    private final int[] remoting;
    private final int[] nfsPorts;
    private final int[] starts;
    private final GatewayProcess[] procs;
    /** added to every head's gateway { } block */
    private final String extraGateway;
    private final List<Path> logs = new ArrayList<>();
    private boolean keep;

    /**
     * Heads a and b. Two nodes: no split brain resolver (the survivor of a crash of the older
     * node would down itself, docs/configuration.md).
     *
     * @param label  the test's name, for the messages it prints
     * @param prefix of the CephFS directory and the log directory
     */
    GraceHeads(String label, String prefix) throws IOException {
        this(label, prefix, new String[] {"a", "b"}, "");
    }

    /**
     * Heads h0 … h(count-1), three or more (the split brain resolver on, as by default).
     *
     * @param extraGateway keys added to every head's {@code gateway { }} block
     */
    GraceHeads(String label, String prefix, int count, String extraGateway) throws IOException {
        this(label, prefix, java.util.stream.IntStream.range(0, count).mapToObj(i -> "h" + i).toArray(String[]::new),
                extraGateway);
        assertThat(count).as("heads (a two-node cluster needs the other constructor)").isGreaterThanOrEqualTo(3);
    }

    private GraceHeads(String label, String prefix, String[] names, String extraGateway) throws IOException {
        this.label = label;
        this.names = names;
        this.extraGateway = extraGateway;
        ceph = CephDevCluster.get();
        Path r = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        while (r != null && !Files.isRegularFile(r.resolve("scripts/ceph-dev-cluster.sh"))) {
            r = r.getParent();
        }
        assertThat(r).as("project root").isNotNull();
        root = r;
        work = Files.createTempDirectory("cephgw-" + prefix + "-");
        // one copy for every head and the CLI: a rebuild while the test runs must not mix builds
        Path built = root.resolve("gateway/target/gateway.jar");
        assertThat(built).as("mvn package must run first").isRegularFile();
        jar = work.resolve("gateway.jar");
        Files.copy(built, jar);
        run = Long.toHexString(System.currentTimeMillis()) + "-" + ProcessHandle.current().pid();
        oid = "grace-" + run;
        int n = names.length;
        nodes = new String[n];
        remoting = new int[n];
        nfsPorts = new int[n];
        starts = new int[n];
        procs = new GatewayProcess[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = names[i] + "-" + run;
            remoting[i] = GatewayProcess.freePort();
            nfsPorts[i] = GatewayProcess.freePort();
        }
        exportPath = "/cephgw-tests/" + prefix + "-" + run; // not in "/": other suites' sessions may hold it
        CephDevCluster.Result made = ceph.host(null, "mkdirs", exportPath, "777");
        assertThat(made.exitCode()).as("mkdirs %s: %s", exportPath, made).isZero();
        System.out.printf("%s: run %s, grace object %s/%s/%s, nodes %s, CephFS %s%n", label, run,
                ceph.metaPool(), ceph.namespace(), oid, String.join(" ", nodes), exportPath);
    }

    CephDevCluster ceph() {
        return ceph;
    }

    Path root() {
        return root;
    }

    String run() {
        return run;
    }

    String nodeA() {
        return nodes[0];
    }

    String nodeB() {
        return nodes[1];
    }

    /** Head {@code i}'s node id (grace database member). */
    String node(int i) {
        return nodes[i];
    }

    int size() {
        return nodes.length;
    }

    /** The export's directory inside CephFS. */
    String exportPath() {
        return exportPath;
    }

    int remotingA() {
        return remoting[0];
    }

    int remotingB() {
        return remoting[1];
    }

    /** Head a as last started (null before). */
    GatewayProcess a() {
        return procs[0];
    }

    GatewayProcess b() {
        return procs[1];
    }

    /** Head {@code i} as last started (null before). */
    GatewayProcess head(int i) {
        return procs[i];
    }

    /** Head {@code i}'s NFS port (the same across restarts). */
    int nfsPort(int i) {
        return nfsPorts[i];
    }

    /** Keep the CephFS directory and say where the logs are (a case failed). */
    void keep() {
        keep = true;
    }

    // ------------------------------------------------------------------ heads

    /** Starts (or restarts) head a and waits until it serves (see {@link #start}). */
    GatewayProcess startA() throws Exception {
        return start(0);
    }

    GatewayProcess startB() throws Exception {
        return start(1);
    }

    /**
     * Starts (or restarts) head {@code i} and waits until it serves: joined and every member
     * enforcing, so that its clients can reclaim ({@link GatewayProcess#awaitServing}); readiness
     * follows their reclaims.
     */
    GatewayProcess start(int i) throws Exception {
        procs[i] = startHead(names[i], nodes[i], i + 1, remoting[i], nfsPorts[i], ++starts[i]);
        return procs[i];
    }

    Path logDir() {
        return root.resolve("src/test/target/" + label + "-" + run);
    }

    /** The last {@code lines} lines of every head's log of this run (each incarnation), for failure messages. */
    String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Path log : List.copyOf(logs)) {
            sb.append("\n--- ").append(log.getFileName()).append(" (last ").append(lines).append(" lines of ")
                    .append(log).append(") ---\n").append(GatewayProcess.tail(log, lines));
        }
        return sb.toString();
    }

    private GatewayProcess startHead(String name, String node, int headIndex, int remoting, int nfsPort, int incarnation)
            throws Exception {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        Path config = dir.resolve("gateway.conf");
        Files.writeString(config, headConfig(node, headIndex));
        Path log = logDir().resolve(name + "-" + incarnation + ".log");
        logs.add(log);
        // as the README recommends for production: a class-data-sharing archive (restarts in half the time)
        GatewayProcess g = GatewayProcess.launch(jar, dir, log, true, java.util.Map.of(),
                List.of(GatewayProcess.WITH_CDS, "-Dpekko.remote.artery.canonical.port=" + remoting), "127.0.0.1", nfsPort, 0,
                "--config", config.toString());
        try {
            // not readiness: a restarted head is ready only once its clients reclaimed, which the tests do next
            g.awaitServing(READY);
        } catch (Exception e) {
            g.kill();
            throw e;
        }
        System.out.printf("%s: head %s (%s) pid %d, NFS %d, management %d, remoting %d, log %s%n",
                label, name, node, g.pid(), g.nfsPort(), g.managementPort(), remoting, log);
        return g;
    }

    private String headConfig(String node, int headIndex) {
        String seeds = java.util.Arrays.stream(remoting).mapToObj(p -> "\"pekko://cephgw@127.0.0.1:" + p + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        // two nodes: with the split brain resolver (the default) the survivor of a crash of the
        // node with the lower address downs itself (docs/configuration.md, "two-node clusters")
        String downing = nodes.length == 2 ? "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.NoDowning\"\n" : "";
        return """
                gateway {
                  node-id = %s
                  head-index = %d
                  idmap.numeric-owners = true
                  grace {
                    store = "rados"
                    poll-interval = 1s
                    rados { conf = %s, user = %s, keyring = %s, pool = %s, namespace = %s, oid = %s }
                  }
                  exports = [
                    {
                      id = 1
                      pseudo = "/"
                      path = %s
                      backend = "cephfs"
                      squash = "none"
                      ceph { conf = %s, user = %s, keyring = %s, fs = %s }
                    }
                  ]
                }
                pekko.cluster.seed-nodes = [%s]
                """.formatted(q(node), headIndex, q(ceph.conf().toString()), q(ceph.userId()),
                q(ceph.userKeyring().toString()), q(ceph.metaPool()), q(ceph.namespace()), q(oid),
                q(exportPath), q(ceph.conf().toString()), q(ceph.userId()), q(ceph.userKeyring().toString()),
                q(ceph.fsName()), seeds) + downing + "gateway {\n" + extraGateway + "\n}\n";
    }

    /** A HOCON (JSON) string. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * {@code grace add a b}, start a, then b; waits until both serve without a grace period
     * ({@code cur=3 rec=0}, no flags) and returns that state.
     */
    Db startBoth() throws Exception {
        Cli add = cli("add", nodeA(), nodeB());
        assertThat(add.exit()).as("grace add: %s", add).isZero();
        startA();
        awaitDb(a(), d -> d.rec() == 0 && "".equals(d.flags().get(nodeA())));
        startB();
        Db expected = new Db(3, 0, flags(nodeA(), "", nodeB(), ""));
        awaitDb(b(), expected::equals);
        return awaitDb(a(), expected::equals);
    }

    // ------------------------------------------------------------------ the grace database

    static Map<String, String> flags(String n1, String f1, String n2, String f2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(n1, f1);
        m.put(n2, f2);
        return m;
    }

    /** Parses {@code ganesha-rados-grace dump} output. */
    static Db parseDump(String text) {
        String[] lines = text.split("\n");
        String[] head = lines[0].strip().split(" ");
        assertThat(head).as("dump header in %s", text).hasSize(2);
        long cur = Long.parseLong(head[0].substring("cur=".length()));
        long rec = Long.parseLong(head[1].substring("rec=".length()));
        assertThat(lines[1]).isEqualTo("=".repeat(54));
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int tab = lines[i].indexOf('\t');
            flags.put(lines[i].substring(0, tab), lines[i].substring(tab + 1).replace(" ", ""));
        }
        return new Db(cur, rec, flags);
    }

    /** {@code java -jar gateway.jar grace --cephconf … --userid … --pool … --ns … --oid … ARGS}. */
    Cli cli(String... args) throws Exception {
        GraceCli.Result r = GraceCli.run(jar, ceph, oid, work, args);
        return new Cli(r.exit(), r.out());
    }

    Db cliDump() throws Exception {
        Cli d = cli("dump");
        assertThat(d.exit()).as("grace dump: %s", d).isZero();
        return parseDump(d.out());
    }

    static JsonNode grace(GatewayProcess g) throws Exception {
        HttpResponse<String> r = g.get("/grace");
        assertThat(r.statusCode()).as("GET /grace: %s", r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The database as head {@code g} last read it ({@code /grace}'s dump), once it matches; fails after 30 s. */
    Db awaitDb(GatewayProcess g, Predicate<Db> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Db last = null;
        while (System.nanoTime() < deadline) {
            JsonNode j = grace(g);
            if (j.hasNonNull("dump")) {
                last = parseDump(j.get("dump").asText());
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("head " + g.pid() + ": the grace database did not reach the expected state within 30 s;"
                + " last: " + last + logTails(40));
    }

    /** System.nanoTime() when either head first shows {@code rec=0} (each re-reads on the watch notify); fails after {@code within}. */
    long awaitRecZero(Duration within, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (GatewayProcess g : procs) {
                if (g == null || !g.isAlive()) {
                    continue;
                }
                JsonNode j = grace(g);
                if (j.hasNonNull("dump") && parseDump(j.get("dump").asText()).rec() == 0) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the grace period did not end (rec=0) within " + within.toSeconds() + " s of " + what
                + "; head a's /grace: " + grace(procs[0]) + logTails(60));
    }

    String awaitState(GatewayProcess g, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = grace(g).get("state").asText();
            if (last.equals(state)) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ------------------------------------------------------------------ cleanup

    @Override
    public void close() throws Exception {
        for (GatewayProcess g : procs) {
            if (g != null && g.isAlive()) {
                g.stop(Duration.ofSeconds(30));
            }
        }
        // the stopped heads left their CephFS sessions for a successor: be it, so the MDS lets go
        CephCleanup.resetSessions(ceph, exportPath, List.of(nodes));
        CephCleanup.removeObjects(ceph, o -> o.equals(oid) || java.util.Arrays.stream(nodes).anyMatch(n -> o.endsWith(":" + n)));
        if (!keep) {
            ceph.host(null, Duration.ofMinutes(2), "rmtree", exportPath);
        } else {
            System.out.println(label + ": kept CephFS " + exportPath + " and logs in " + logDir());
        }
        GatewayProcess.deleteTree(work);
    }
}
