package org.cephgw.e2e.kclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.cephgw.e2e.GatewayProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The real Linux NFS client (Debian 12 kernel in qemu, scripts/kclient/) against the gateway:
 * mounts with vers=4.1 and then vers=4.2 and runs src/test/kclient/workload.sh (64 MiB of data
 * with checksums, a 2,000-file tree, a 5,000-entry directory, links, attributes, locks), then
 * two guests at once contend for one lock. What the guest reports is checked here again from
 * the host side, in the exported directory.
 *
 * <p>Runs only with {@code -Dkclient=true} (qemu, and about 5 minutes under TCG). By default it
 * starts {@code gateway.jar} on a fresh directory and, after every unmount, expects the gateway
 * to hold no client state ({@code GET /clients} on the management port: {@code count} 0).
 * With {@code -Dkclient.server.port=N -Dkclient.export=DIR} it uses an NFS server that already
 * listens on 127.0.0.1:N and exports DIR instead (e.g. nfs-ganesha, bench/ganesha.sh), without
 * the client-state check.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class KernelClientTest {
    /** touch -d '2001-02-03 04:05:06' in the guest, whose time zone is UTC */
    private static final long TOUCH_D_EPOCH = 981173106L;
    private static final int BIGDIR = 5000;
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    private final List<String> summary = new ArrayList<>();
    /** one thread per guest (two at most at a time): the guests of the lock test must overlap */
    private final ExecutorService guests = Executors.newFixedThreadPool(2);
    private Path root;
    private KclientRunner kclient;
    private Path export;
    private String prefix = "";
    private int nfsPort;
    private GatewayProcess gateway;
    private Path work;
    private Path gatewayLog;
    private boolean failed;

    @BeforeAll
    void startServer() throws Exception {
        root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        kclient = new KclientRunner(root);
        kclient.build();
        String external = System.getProperty("kclient.server.port", "");
        if (!external.isBlank()) {
            nfsPort = Integer.parseInt(external);
            String dir = System.getProperty("kclient.export", "");
            assertThat(dir).as("-Dkclient.export (the directory the server at port %d exports)", nfsPort).isNotBlank();
            export = Path.of(dir).toAbsolutePath();
            assertThat(export).isDirectory();
            prefix = "kct-" + System.currentTimeMillis() + "-";   // the export may hold earlier runs
            return;
        }
        Path jar = Path.of(System.getProperty("kclient.gateway.jar", root.resolve("gateway/target/gateway.jar").toString()));
        export = Files.createTempDirectory("cephgw-kclient-export-");
        work = Files.createTempDirectory("cephgw-kclient-work-");
        gatewayLog = root.resolve("src/test/target/kclient-gateway.log");
        // the guest works as root and chowns files: no root squashing on this export
        gateway = GatewayProcess.start(jar, work, gatewayLog, false, Duration.ofSeconds(120),
                "--export", export.toString(), "--squash", "none");
        nfsPort = gateway.nfsPort();
        System.out.printf("KernelClientTest: gateway pid %d, NFS 127.0.0.1:%d, export %s, log %s%n",
                gateway.pid(), nfsPort, export, gatewayLog);
    }

    @AfterAll
    void stopServer() throws Exception {
        summary.forEach(s -> System.out.println("KernelClientTest: " + s));
        guests.shutdownNow();
        if (gateway == null) {
            return;
        }
        gateway.stop(Duration.ofSeconds(30));   // SIGTERM: the gateway's own clean shutdown
        GatewayProcess.deleteTree(work);
        if (failed) {
            System.out.println("KernelClientTest: export kept for inspection: " + export);
        } else {
            GatewayProcess.deleteTree(export);
        }
    }

    @Test
    @Order(1)
    void nfs41Workload() throws Exception {
        workload("4.1", "v41");
    }

    @Test
    @Order(2)
    void nfs42Workload() throws Exception {
        workload("4.2", "v42");
    }

    /**
     * Between processes of one client the kernel resolves lock conflicts locally, so only two
     * clients make the server's lock manager deny a lock. One guest per minor version.
     */
    @Test
    @Order(3)
    void lockConflictBetweenTwoClients() throws Exception {
        guarded(() -> {
            Path script = root.resolve("src/test/kclient/lock-peer.sh");
            Map<String, String> env = Map.of("KCT_DIR", prefix + "peer");
            // no attribute or lookup caching: each guest must see the other's marker files at once
            CompletableFuture<KclientRunner.Result> a = CompletableFuture.supplyAsync(() ->
                    runUnchecked("peer-4.1", script, "vers=4.1,lookupcache=none,actimeo=0", env), guests);
            CompletableFuture<KclientRunner.Result> b = CompletableFuture.supplyAsync(() ->
                    runUnchecked("peer-4.2", script, "vers=4.2,lookupcache=none,actimeo=0", env), guests);
            List<KclientRunner.Result> results = List.of(a.get(), b.get());
            SoftAssertions soft = new SoftAssertions();
            List<String> roles = new ArrayList<>();
            for (KclientRunner.Result r : results) {
                summary.add(String.format("%s: rc=%d wall=%ds", r.label(), r.exitCode(), r.wall().toSeconds()));
                soft.assertThat(r.exitCode()).as("%s exit code; failed checks %s", r.label(), r.failedChecks()).isZero();
                soft.assertThat(r.failedChecks()).as("%s failed checks", r.label()).isEmpty();
                roles.add(r.values().getOrDefault("role", "none"));
            }
            soft.assertThat(roles).as("one guest holds the lock, the other probes it").containsExactlyInAnyOrder("holder", "prober");
            Set<String> checks = new TreeSet<>();
            results.forEach(r -> checks.addAll(r.checks().keySet()));
            soft.assertThat(checks).as("checks reported by the two guests").containsAll(List.of(
                    "peer-holder", "peer-getlk-held", "peer-fcntl-held", "peer-flock-held",
                    "peer-fcntl-released", "peer-getlk-released"));
            assertAllWithLogs(soft, results);
            assertNoClientsLeft();
        });
    }

    private void workload(String vers, String sub) throws Exception {
        guarded(() -> {
            String dir = prefix + sub;
            CompletableFuture<KclientRunner.Result> run = CompletableFuture.supplyAsync(() -> runUnchecked("nfs" + vers,
                    root.resolve("src/test/kclient/workload.sh"), "vers=" + vers, Map.of("KCT_DIR", dir)), guests);
            // while the guest is mounted the gateway must list it: proves that the "0 clients
            // after unmount" check below can fail
            int maxClients = -1;
            while (gateway != null && !run.isDone()) {
                maxClients = Math.max(maxClients, gateway.sum("/clients", COUNT));
                Thread.sleep(1000);
            }
            KclientRunner.Result r = run.get();
            Map<String, String> v = r.values();
            summary.add(String.format("vers=%s: rc=%d wall=%ds workload=%ss write=%s MB/s read=%s MB/s tree create=%s/s"
                            + " bigdir create=%s/s", vers, r.exitCode(), r.wall().toSeconds(), v.get("workload_s"),
                    v.get("write_MBps"), v.get("read_MBps"), v.get("tree_create_per_s"), v.get("bigdir_create_per_s")));

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(r.exitCode()).as("run.sh exit code (guest script: number of failed checks)").isZero();
            soft.assertThat(r.failedChecks()).as("failed guest checks").isEmpty();
            soft.assertThat(r.checks().keySet()).as("checks the guest reported").containsAll(KclientRunner.WORKLOAD_CHECKS);
            soft.assertThat(v.get("mount")).as("mount options in the guest").contains("vers=" + vers);
            if (gateway != null) {
                soft.assertThat(maxClients).as("GET /clients count while the guest was mounted").isGreaterThanOrEqualTo(1);
            }
            try {
                hostChecks(soft, export.resolve(dir), v);
            } catch (IOException e) {               // e.g. a file the guest should have left is missing
                soft.fail("host-side check failed: " + e);
            }
            assertAllWithLogs(soft, List.of(r));
            assertNoClientsLeft();
        });
    }

    /** What the guest did, seen from the host in the exported directory. */
    private void hostChecks(SoftAssertions soft, Path d, Map<String, String> v) throws IOException {
        if (!Files.isDirectory(d)) {
            soft.fail("%s does not exist on the host", d);
            return;
        }
        Path data = d.resolve("data.bin");
        soft.assertThat(Files.exists(data) ? md5(data) : "missing").as("host md5 of %s", data)
                .isEqualTo(v.get("data_md5"));
        soft.assertThat(Files.exists(data) ? Files.size(data) : -1).as("host size of data.bin").isEqualTo(64L << 20);

        Path f = d.resolve("attrs/f");
        soft.assertThat((Integer) Files.getAttribute(f, "unix:mode") & 07777).as("host mode of attrs/f").isEqualTo(0640);
        soft.assertThat(Files.getAttribute(f, "unix:uid")).as("host uid of attrs/f").isEqualTo(1234);
        soft.assertThat(Files.getAttribute(f, "unix:gid")).as("host gid of attrs/f").isEqualTo(5678);
        soft.assertThat(Files.getLastModifiedTime(f).toInstant()).as("host mtime of attrs/f")
                .isEqualTo(Instant.ofEpochSecond(TOUCH_D_EPOCH));
        soft.assertThat(Files.size(f)).as("host size of attrs/f").isEqualTo(12345L);
        soft.assertThat(Files.readString(d.resolve("attrs/g"))).as("host content of attrs/g").isEqualTo("01234");

        Path links = d.resolve("links");
        soft.assertThat(Files.readSymbolicLink(links.resolve("sym")).toString()).as("host symlink target").isEqualTo("target");
        soft.assertThat(Files.readSymbolicLink(links.resolve("dangling")).toString()).as("host dangling symlink target")
                .isEqualTo("/nonexistent/target");
        soft.assertThat(Files.getAttribute(links.resolve("target"), "unix:nlink")).as("host nlink of links/target").isEqualTo(2);
        soft.assertThat(fileKey(links.resolve("h1"))).as("links/h1 is links/target").isEqualTo(fileKey(links.resolve("target")));
        soft.assertThat(links.resolve("h2")).as("removed hard link").doesNotExist();

        soft.assertThat(d.resolve("tree")).as("removed tree").doesNotExist();
        soft.assertThat(d.resolve("v42.bin")).as("removed v42.bin").doesNotExist();
        // an xattr the kernel client set over NFSv4.2 is the file's user.* attribute
        java.nio.file.attribute.UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(d.resolve("xattr.f"),
                java.nio.file.attribute.UserDefinedFileAttributeView.class);
        if (v.getOrDefault("mount", "").contains("vers=4.2")) {
            soft.assertThat(xattrs.list()).as("host user xattrs of xattr.f").containsExactly("cephgw.kept");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
            xattrs.read("cephgw.kept", b);
            soft.assertThat(new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("host value of user.cephgw.kept").isEqualTo("kept-by-kclient");
        } else {
            soft.assertThat(xattrs.list()).as("host user xattrs of xattr.f after vers=4.1").isEmpty();
        }
        try (Stream<Path> s = Files.list(d.resolve("dir5000"))) {
            Set<String> names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            Set<String> want = IntStream.range(0, BIGDIR).mapToObj(i -> "entry-" + i).collect(Collectors.toSet());
            soft.assertThat(names).as("host listing of dir5000").isEqualTo(want);
        }
    }

    /**
     * After an unmount the client sent DESTROY_SESSION and DESTROY_CLIENTID; the gateway must
     * then hold no client. A few seconds of grace for the requests still in flight.
     */
    private void assertNoClientsLeft() throws Exception {
        if (gateway == null) {
            return;                              // external server: nothing to ask
        }
        String body = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (gateway.sum("/clients", COUNT) == 0) {
                return;
            }
            body = gateway.get("/clients").body();
            Thread.sleep(500);
        }
        fail("the gateway still holds client state after every guest unmounted: GET /clients -> " + body
                + "\n--- gateway log ---\n" + GatewayProcess.tail(gatewayLog, 200));
    }

    private void assertAllWithLogs(SoftAssertions soft, List<KclientRunner.Result> runs) {
        try {
            soft.assertAll();
        } catch (AssertionError e) {
            StringBuilder sb = new StringBuilder(e.getMessage());
            for (KclientRunner.Result r : runs) {
                sb.append("\n--- guest output (").append(r.label()).append(", rc=").append(r.exitCode()).append(") ---\n")
                        .append(r.output());
            }
            if (gatewayLog != null) {
                sb.append("\n--- gateway log (last 300 lines of ").append(gatewayLog).append(") ---\n")
                        .append(GatewayProcess.tail(gatewayLog, 300));
            }
            throw new AssertionError(sb.toString(), e);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private void guarded(Body body) throws Exception {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
        }
    }

    private KclientRunner.Result runUnchecked(String label, Path script, String opts, Map<String, String> env) {
        try {
            return kclient.run(label, nfsPort, script, opts, env);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
