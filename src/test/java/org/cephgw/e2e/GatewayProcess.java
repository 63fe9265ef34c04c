package org.cephgw.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real gateway JVM ({@code java -jar gateway.jar ...}) for the end-to-end tests that need one
 * outside the test's own JVM: NFS and management on free loopback ports, remoting on any free
 * port, state in a directory of its own, output to a log file. It runs a private copy of the jar,
 * because a rebuild of gateway/target while it runs would crash it.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int nfsPort;
    private final int managementPort;
    private final String host;
    /** System.nanoTime() when the NFS port first accepted a connection (0: not yet seen) */
    private volatile long nfsAcceptingAt;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcess(Process process, Path log, String host, int nfsPort, int managementPort) {
        this.host = host;
        this.process = process;
        this.log = log;
        this.nfsPort = nfsPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts {@code jar} (copied into {@code work}) with {@code args} after the port flags, and
     * waits until {@code /health/ready} answers 200 and the NFS port accepts connections.
     *
     * @param work a directory for the jar copy and the state directory ({@code work/state})
     * @param log where stdout and stderr go
     * @param cleanEnv drop the caller's {@code CEPH_*} variables, so only the configuration says
     *     how to reach Ceph
     */
    public static GatewayProcess start(Path jar, Path work, Path log, boolean cleanEnv, Duration readyWithin,
                                       String... args) throws IOException, InterruptedException {
        return start(jar, work, log, cleanEnv, readyWithin, List.of(), args);
    }

    /**
     * As {@link #start(Path, Path, Path, boolean, Duration, String...)}, with {@code jvmOptions}
     * (e.g. {@code -Dkey=value}) before {@code -jar}. A {@code -Dpekko.remote.artery.canonical.port=N}
     * among them replaces the default port 0 (a fixed remoting port, e.g. for seed nodes);
     * {@link #WITH_CDS} among them becomes the class-data-sharing archive of the jar that runs.
     */
    public static GatewayProcess start(Path jar, Path work, Path log, boolean cleanEnv, Duration readyWithin,
                                       List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return start(jar, work, log, cleanEnv, readyWithin, jvmOptions, 0, args);
    }

    /**
     * As {@link #start(Path, Path, Path, boolean, Duration, List, String...)}, on NFS port
     * {@code nfsPort} (0: a free one). A restarted server keeps its port, so that mounted clients
     * (the kernel client) reconnect to it.
     */
    public static GatewayProcess start(Path jar, Path work, Path log, boolean cleanEnv, Duration readyWithin,
                                       List<String> jvmOptions, int nfsPort, String... args)
            throws IOException, InterruptedException {
        return start(jar, work, log, cleanEnv, readyWithin, jvmOptions, nfsPort, 0, args);
    }

    /**
     * As {@link #start(Path, Path, Path, boolean, Duration, List, int, String...)}, with management on
     * {@code managementPort} (0: a free one): a load balancer's health check keeps its port across restarts.
     */
    public static GatewayProcess start(Path jar, Path work, Path log, boolean cleanEnv, Duration readyWithin,
                                       List<String> jvmOptions, int nfsPort, int managementPort, String... args)
            throws IOException, InterruptedException {
        return start(jar, work, log, cleanEnv, readyWithin, jvmOptions, "127.0.0.1", nfsPort, managementPort, args);
    }

    /**
     * As {@link #start(Path, Path, Path, boolean, Duration, List, int, int, String...)}, on loopback
     * address {@code host} (NFS and management; remoting too: a node of its own on one machine,
     * which firewall rules can cut off from the others).
     */
    public static GatewayProcess start(Path jar, Path work, Path log, boolean cleanEnv, Duration readyWithin,
                                       List<String> jvmOptions, String host, int nfsPort, int managementPort,
                                       String... args)
            throws IOException, InterruptedException {
        GatewayProcess g = launch(jar, work, log, cleanEnv, Map.of(), jvmOptions, host, nfsPort, managementPort, args);
        try {
            g.awaitReady(readyWithin);
        } catch (IOException | RuntimeException | InterruptedException e) {
            g.kill();
            throw e;
        }
        return g;
    }

    /**
     * As {@link #start(Path, Path, Path, boolean, Duration, List, String, int, int, String...)} with
     * {@code env} added to the environment, without waiting until it is ready: for gateways that
     * become ready only together (Cluster Bootstrap) or never (a test of a failing start); see
     * {@link #awaitReady} and {@link #awaitExit}.
     */
    public static GatewayProcess launch(Path jar, Path work, Path log, boolean cleanEnv, Map<String, String> env,
                                        List<String> jvmOptions, String host, int nfsPort, int managementPort,
                                        String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: mvn package must run first");
        }
        Files.createDirectories(work);
        Path ourJar = work.resolve("gateway.jar");
        if (!Files.exists(ourJar)) {
            Files.copy(jar, ourJar);
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        int nfs = nfsPort != 0 ? nfsPort : freePort();
        int mgmt = managementPort != 0 ? managementPort : freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dpekko.remote.artery.canonical.port="))) {
            cmd.add("-Dpekko.remote.artery.canonical.port=0");
        }
        cmd.add("-Dgateway.state-dir=" + work.resolve("state"));
        if (!host.equals("127.0.0.1")) {
            cmd.add("-Dpekko.management.http.hostname=" + host);
            if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dpekko.remote.artery.canonical.hostname="))) {
                cmd.add("-Dpekko.remote.artery.canonical.hostname=" + host);
            }
        }
        for (String o : jvmOptions) {
            if (o.equals(WITH_CDS)) {
                cmd.addAll(cdsOptions(ourJar));
            } else {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-jar", ourJar.toString(),
                "--port", Integer.toString(nfs), "--bind", host, "--management-port", Integer.toString(mgmt)));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (cleanEnv) {
            pb.environment().keySet().removeIf(k -> k.startsWith("CEPH_"));
        }
        pb.environment().putAll(env);
        return new GatewayProcess(pb.start(), log, host, nfs, mgmt);
    }

    /** The loopback address it listens on. */
    public String host() {
        return host;
    }

    public int nfsPort() {
        return nfsPort;
    }

    /**
     * {@link System#nanoTime()} when the start first found the NFS port accepting connections (the
     * gateway may have become ready, e.g. Up in its Pekko cluster, later).
     */
    public long nfsAcceptingAt() {
        return nfsAcceptingAt;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the process has ended (at most {@code limit}); its exit status, or -1 if it still runs. */
    public int awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Waits until {@code /health/ready} answers 200 and the NFS port accepts connections. */
    public void awaitReady(Duration limit) throws IOException, InterruptedException {
        await(limit, "/health/ready", r -> r.statusCode() == 200);
    }

    /**
     * Waits until the head serves — joined, every member enforcing, so its clients can reclaim
     * ({@code GET /grace} says {@code in-grace} or {@code serving}) — and the NFS port accepts
     * connections. Readiness comes only after the reclaims (or the grace time): a test whose own
     * client must reclaim waits for this instead.
     */
    public void awaitServing(Duration limit) throws IOException, InterruptedException {
        await(limit, "/grace", r -> r.statusCode() == 200
                && (r.body().contains("\"state\":\"in-grace\"") || r.body().contains("\"state\":\"serving\"")));
    }

    private void await(Duration limit, String path, java.util.function.Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue()
                        + " before it was ready:\n" + tail(log, 100));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, nfsPort), 1000);
                if (nfsAcceptingAt == 0) {
                    nfsAcceptingAt = System.nanoTime();
                }
                HttpResponse<String> r = get(path);
                if (done.test(r)) {
                    return;
                }
                last = "GET " + path + " -> " + r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway was not ready within " + limit + " (" + last + "):\n" + tail(log, 100));
    }

    /** GET on the management API. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The sum of every match of {@code counter}'s first group in the answer to GET {@code path}
     * (e.g. {@code "openHandles":N} of every export), or -1 if the gateway did not answer 200 with
     * at least one.
     */
    public int sum(String path, Pattern counter) {
        try {
            HttpResponse<String> r = get(path);
            if (r.statusCode() != 200) {
                return -1;
            }
            Matcher m = counter.matcher(r.body());
            int sum = -1;
            while (m.find()) {
                sum = Math.max(sum, 0) + Integer.parseInt(m.group(1));
            }
            return sum;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM (the gateway's clean shutdown), then SIGKILL after {@code limit}; true if it stopped in time. */
    public boolean stop(Duration limit) throws InterruptedException {
        process.destroy();
        if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    /** SIGKILL: a crash, nothing of the gateway's shutdown runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    /** The last lines of a log file, for failure messages (decoded leniently: a log may hold any bytes). */
    public static String tail(Path file, int lines) {
        if (file == null || !Files.exists(file)) {
            return "(no log)";
        }
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** A JVM option for {@link #start}: run with a class-data-sharing archive, as the README recommends. */
    public static final String WITH_CDS = "-XX:SharedArchiveFile=<the archive of the jar that runs>";

    /**
     * The JVM option that makes a gateway started from {@code jar} use a class-data-sharing
     * archive, as the README recommends for production (it halves the time from the JVM's start
     * to serving): records the archive next to the jar the first time ({@code java
     * -XX:ArchiveClassesAtExit=… -jar … warm-up}). Empty when that fails (then heads start
     * without it, slower; the reason is printed).
     */
    public static synchronized List<String> cdsOptions(Path jar) throws InterruptedException {
        Path archive = jar.resolveSibling(jar.getFileName() + ".jsa");
        if (!Files.isRegularFile(archive)) {
            try {
                Path log = jar.resolveSibling(jar.getFileName() + ".warm-up.log");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "warm-up")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    p.destroyForcibly();
                    System.out.println("GatewayProcess: no class-data-sharing archive for " + jar + ":\n" + tail(log, 20));
                    return List.of();
                }
            } catch (IOException e) {
                System.out.println("GatewayProcess: no class-data-sharing archive for " + jar + ": " + e);
                return List.of();
            }
        }
        return List.of("-XX:SharedArchiveFile=" + archive);
    }

    /**
     * A TCP port free on every address, taken below the kernel's ephemeral range: a test binds it
     * seconds later in another JVM, and a port from the ephemeral range can be taken meanwhile by
     * any outgoing connection or port-0 listener (seen in CI: a node's management port taken
     * between the pick and Pekko Management's bind). Ports are handed out once per test JVM.
     */
    public static synchronized int freePort() throws IOException {
        int low = PORT_FLOOR, high = ephemeralLow();
        for (int tries = 0; tries < high - low; tries++) {
            if (nextPort < low || nextPort >= high) {
                nextPort = low;
            }
            int port = nextPort++;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IOException("no free TCP port between " + low + " and " + high);
    }

    private static final int PORT_FLOOR = 20000;
    /** Spread over the range by pid, so test JVMs running side by side rarely meet. */
    private static int nextPort = PORT_FLOOR + (int) (ProcessHandle.current().pid() * 97 % 10000);

    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > PORT_FLOOR + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
