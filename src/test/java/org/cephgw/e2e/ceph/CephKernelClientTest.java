package org.cephgw.e2e.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.e2e.kclient.KclientRunner;
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
 * The Linux kernel NFS client (qemu, scripts/kclient/) against the gateway serving a CephFS
 * export, checked from the host through a second, independent CephFS client
 * (scripts/cephfs-client.py and src/test/kclient/cephfs-host.py, each on a libcephfs mount of its
 * own as client.admin) instead of the local file system:
 *
 * <ol>
 * <li>the kernel-client workload (src/test/kclient/workload.sh: 64 MiB with checksums, a
 *     2,000-file tree, a 5,000-entry directory, links, attributes, locks) with vers=4.1 and 4.2,
 *     then what it left behind as CephFS sees it: the md5 of the data file read through libcephfs,
 *     mode, owner, size, mtime, symlink targets, link counts, the directory listing;</li>
 * <li>coherence while both are mounted (src/test/kclient/ceph-coherence.sh): a file written
 *     through the gateway reads back byte-identical through the second client and the other way
 *     round, including a same-size overwrite of a file the guest has cached and an append;</li>
 * <li>lock coherence (src/test/kclient/ceph-lock.sh): a lock held through the gateway makes the
 *     second client's ceph_ll_setlk fail, and a lock held by the second client makes the guest's
 *     non-blocking fcntl lock and F_GETLK see the conflict.</li>
 * </ol>
 * After every unmount the gateway must hold no NFS client ({@code GET /clients}) and no open
 * CephFS Fh ({@code openHandles} of {@code GET /exports}).
 *
 * <p>The gateway runs as a separate JVM (a copy of gateway.jar, so a rebuild cannot pull it away)
 * with a configuration of its own: one {@code backend = "cephfs"} export of a fresh directory
 * {@code /kct-<run>} of CephFS {@code a}, as client.cephgw with its keyring, squash none,
 * numeric owners. Needs {@code -Dkclient=true -Dceph=true}; starts the dev cluster if it is not
 * running ({@link CephDevCluster}). About 3 minutes under TCG; prints its timings.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CephKernelClientTest {
    /** touch -d '2001-02-03 04:05:06' in the guest, whose time zone is UTC */
    private static final long TOUCH_D_EPOCH = 981173106L;
    private static final int BIGDIR = 5000;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final Set<String> COHERENCE_CHECKS = Set.of("coh-host-file", "coh-guest-write-rc",
            "coh-host-new", "coh-host-overwrite", "coh-host-overwrite-size");
    private static final Set<String> LOCK_CHECKS = Set.of("ceph-lock-guest-holder", "ceph-lock-held-try",
            "ceph-lock-held-getlk", "ceph-lock-released", "ceph-lock-released-getlk");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final Pattern OPEN_HANDLES = Pattern.compile("\"openHandles\"\\s*:\\s*(\\d+)");
    /** how long the host side waits for a marker of the guest (the guest boots under TCG) */
    private static final Duration HANDOVER = Duration.ofMinutes(7);

    private final List<String> summary = new ArrayList<>();
    private final ExecutorService guests = Executors.newSingleThreadExecutor();
    private final long started = System.nanoTime();
    private CephDevCluster ceph;
    private KclientRunner guest;
    private Path root;
    private Path work;
    private String run;
    /** the export's directory inside CephFS */
    private String exportPath;
    private int nfsPort;
    private GatewayProcess gateway;
    private Path gatewayLog;
    private boolean failed;

    @BeforeAll
    void start() throws Exception {
        long t0 = System.nanoTime();
        ceph = CephDevCluster.get();
        timing("dev cluster", t0);
        root = CephDevCluster.projectRoot();
        t0 = System.nanoTime();
        guest = new KclientRunner(root);
        guest.build();
        timing("guest build (cached)", t0);

        t0 = System.nanoTime();
        run = Long.toHexString(System.currentTimeMillis()) + "-" + ProcessHandle.current().pid();
        exportPath = "/kct-" + run;
        mustSucceed(ceph.host(null, "mkdirs", exportPath, "755"), "mkdirs " + exportPath);
        Path jar = Path.of(System.getProperty("kclient.gateway.jar", root.resolve("gateway/target/gateway.jar").toString()));
        work = Files.createTempDirectory("cephgw-ceph-kct-");
        Path config = work.resolve("gateway.conf");
        Files.writeString(config, gatewayConfig());
        gatewayLog = root.resolve("src/test/target/ceph-kclient-gateway.log");
        // only the configuration file says how to reach Ceph
        gateway = GatewayProcess.start(jar, work, gatewayLog, true, Duration.ofSeconds(120), "--config", config.toString());
        nfsPort = gateway.nfsPort();
        timing("gateway start", t0);
        System.out.printf("CephKernelClientTest: gateway pid %d, NFS 127.0.0.1:%d, export %s of CephFS %s, log %s%n",
                gateway.pid(), nfsPort, exportPath, ceph.fsName(), gatewayLog);
    }

    private String gatewayConfig() {
        return """
                gateway {
                  idmap.numeric-owners = true
                  exports = [
                    {
                      id = 1
                      pseudo = "/"
                      path = %s
                      backend = "cephfs"
                      # the guest works as root and chowns files
                      squash = "none"
                      ceph {
                        conf = %s
                        user = %s
                        keyring = %s
                        fs = %s
                      }
                    }
                  ]
                }
                """.formatted(q(exportPath), q(ceph.conf().toString()), q(ceph.userId()),
                q(ceph.userKeyring().toString()), q(ceph.fsName()));
    }

    /** a HOCON (JSON) string */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @AfterAll
    void stop() throws Exception {
        guests.shutdownNow();
        if (gateway != null) {
            long t0 = System.nanoTime();
            // SIGTERM: the gateway's own clean shutdown (unmounts)
            if (!gateway.stop(Duration.ofSeconds(30))) {
                summary.add("gateway did not stop within 30 s of SIGTERM: killed");
            }
            timing("gateway stop", t0);
        }
        if (exportPath != null) {
            if (failed) {
                summary.add("kept for inspection: CephFS " + ceph.fsName() + ":" + exportPath + ", gateway log " + gatewayLog);
            } else {
                long t0 = System.nanoTime();
                CephDevCluster.Result r = ceph.host(null, Duration.ofMinutes(5), "rmtree", exportPath);
                if (r.exitCode() != 0) {
                    summary.add("rmtree " + exportPath + " failed: " + r);
                }
                timing("remove " + exportPath + " from CephFS", t0);
            }
        }
        if (work != null) {
            GatewayProcess.deleteTree(work);
        }
        summary.add(String.format("total %.1f s", (System.nanoTime() - started) / 1e9));
        summary.forEach(s -> System.out.println("CephKernelClientTest: " + s));
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
     * Both directions at once, while the guest is mounted: the second client reads what the
     * guest wrote (after the guest's fsync+close), the guest reads what the second client wrote,
     * including bytes that replace, at the same size, a file in the guest's page cache.
     */
    @Test
    @Order(3)
    void coherenceWithSecondCephfsClient() throws Exception {
        guarded(() -> {
            String dir = exportPath + "/coh";
            mustSucceed(ceph.host(null, "mkdirs", dir, "755"), "mkdirs " + dir);
            Random rnd = new Random(run.hashCode());
            byte[] host1 = bytes(rnd, (3 << 20) + 17);
            mustSucceed(ceph.client(host1, "write", dir + "/from-host-1.bin"), "write from-host-1.bin");
            long t0 = System.nanoTime();
            CompletableFuture<KclientRunner.Result> g = boot("coherence-4.1", "ceph-coherence.sh", "vers=4.1,lookupcache=positive",
                    Map.of("KCT_DIR", "coh", "KCT_HOST1_MD5", md5(host1), "KCT_MB", "8"));
            SoftAssertions soft = new SoftAssertions();

            // gateway -> second client
            if (awaitMarker(dir + "/guest-wrote", g)) {
                String guestMd5 = readText(dir + "/guest-wrote").strip();
                CephDevCluster.Result r = ceph.client(null, "read", dir + "/from-guest.bin");
                soft.assertThat(r.exitCode()).as("second client reads from-guest.bin: %s", r).isZero();
                soft.assertThat(r.stdout().length).as("size of from-guest.bin through libcephfs").isEqualTo(8 << 20);
                soft.assertThat(md5(r.stdout())).as("md5 of from-guest.bin through libcephfs (guest wrote %s)", guestMd5)
                        .isEqualTo(guestMd5);

                // second client -> gateway, while the guest holds from-guest.bin in its page cache
                byte[] host2 = bytes(rnd, (5 << 20) + 3);
                byte[] over = bytes(rnd, 8 << 20);
                mustSucceed(ceph.client(host2, "write", dir + "/from-host-2.bin"), "write from-host-2.bin");
                mustSucceed(ceph.client(over, "write", dir + "/from-guest.bin"), "overwrite from-guest.bin");
                put(dir + "/host-wrote", md5(host2) + " " + md5(over) + "\n");

                // the guest's append, seen by the second client
                if (awaitMarker(dir + "/guest-appended", g)) {
                    String[] said = Arrays.copyOf(readText(dir + "/guest-appended").strip().split(" ", 2), 2);
                    CephDevCluster.Result a = ceph.client(null, "read", dir + "/from-host-1.bin");
                    byte[] want = concat(host1, "appended by the guest\n".getBytes(StandardCharsets.US_ASCII));
                    soft.assertThat(a.exitCode()).as("second client reads from-host-1.bin: %s", a).isZero();
                    soft.assertThat(md5(a.stdout())).as("md5 of the appended from-host-1.bin through libcephfs")
                            .isEqualTo(md5(want)).isEqualTo(said[0]);
                    soft.assertThat(Integer.toString(a.stdout().length)).as("size of the appended file (guest said %s)", said[1])
                            .isEqualTo(Integer.toString(want.length)).isEqualTo(said[1]);
                } else {
                    soft.fail("the guest never reported its append (guest-appended)");
                }
                put(dir + "/host-done", "");
            } else {
                soft.fail("the guest never reported its write (guest-wrote)");
            }
            KclientRunner.Result r = g.get();
            timing("coherence guest (vers=4.1)", t0);
            summary.add(String.format("coherence: rc=%d wall=%ds", r.exitCode(), r.wall().toSeconds()));
            assertGuest(soft, r, COHERENCE_CHECKS);
            assertAllWithLogs(soft, List.of(r));
            assertNoLeak();
        });
    }

    /**
     * A byte-range lock taken through the gateway is a CephFS lock (ceph_ll_setlk) that another
     * CephFS client runs into, and a CephFS lock of another client makes the gateway deny LOCK
     * and report it to LOCKT.
     */
    @Test
    @Order(4)
    void lockCoherenceWithSecondCephfsClient() throws Exception {
        guarded(() -> {
            String dir = exportPath + "/lock";
            String lockf = dir + "/lockf";
            mustSucceed(ceph.host(null, "mkdirs", dir, "755"), "mkdirs " + dir);
            mustSucceed(ceph.client("lock\n".getBytes(StandardCharsets.US_ASCII), "write", lockf), "write lockf");
            long t0 = System.nanoTime();
            CompletableFuture<KclientRunner.Result> g = boot("lock-4.2", "ceph-lock.sh", "vers=4.2,lookupcache=positive",
                    Map.of("KCT_DIR", "lock"));
            SoftAssertions soft = new SoftAssertions();

            // A: the guest holds a whole-file write lock through the gateway
            if (awaitMarker(dir + "/guest-locked", g)) {
                CephDevCluster.Result held = ceph.client(null, "lock", lockf, "0", "0");
                soft.assertThat(held.exitCode())
                        .as("second client's lock while the guest holds one through the gateway (1 = conflict): %s %s",
                                held.stdoutText().strip(), held.stderr().strip())
                        .isEqualTo(1);
                put(dir + "/host-probed", "");
                if (awaitMarker(dir + "/guest-unlocked", g)) {
                    CephDevCluster.Result free = ceph.client(null, "lock", lockf, "0", "0", "--wait", "10");
                    soft.assertThat(free.exitCode()).as("second client's lock after the guest unlocked: %s %s",
                            free.stdoutText().strip(), free.stderr().strip()).isZero();
                } else {
                    soft.fail("the guest never reported its unlock (guest-unlocked)");
                }
            } else {
                soft.fail("the guest never reported its lock (guest-locked)");
            }

            // B: the second client holds a whole-file write lock in CephFS
            if (!g.isDone()) {
                Process holder = ceph.startClient("lock", lockf, "0", "0", "--wait", "10", "--hold", "300");
                try {
                    String first = firstLine(holder, Duration.ofSeconds(30));
                    soft.assertThat(first).as("second client takes the lock").startsWith("locked");
                    put(dir + "/host-locked", "");
                    if (!awaitMarker(dir + "/guest-probed", g)) {
                        soft.fail("the guest never reported its probes (guest-probed)");
                    }
                } finally {
                    holder.destroy();           // SIGTERM: unlocks and unmounts
                    if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                        holder.destroyForcibly();
                    }
                }
                soft.assertThat(holder.exitValue()).as("second client's lock holder exit").isZero();
                put(dir + "/host-unlocked", "");
            }
            KclientRunner.Result r = g.get();
            timing("lock guest (vers=4.2)", t0);
            summary.add(String.format("locks: rc=%d wall=%ds", r.exitCode(), r.wall().toSeconds()));
            assertGuest(soft, r, LOCK_CHECKS);
            assertAllWithLogs(soft, List.of(r));
            assertNoLeak();
        });
    }

    // ------------------------------------------------------------------------------ workload

    private void workload(String vers, String sub) throws Exception {
        guarded(() -> {
            long t0 = System.nanoTime();
            CompletableFuture<KclientRunner.Result> g = boot("nfs" + vers, "workload.sh", "vers=" + vers, Map.of("KCT_DIR", sub));
            // while the guest is mounted the gateway must list it, and open Fh show up: proves that
            // the "0 after unmount" checks below can fail
            int maxClients = -1;
            int maxOpen = -1;
            while (!g.isDone()) {
                maxClients = Math.max(maxClients, gateway.sum("/clients", COUNT));
                maxOpen = Math.max(maxOpen, gateway.sum("/exports", OPEN_HANDLES));
                Thread.sleep(500);
            }
            KclientRunner.Result r = g.get();
            timing("workload guest (vers=" + vers + ")", t0);
            Map<String, String> v = r.values();
            summary.add(String.format("vers=%s: rc=%d wall=%ds workload=%ss write=%s MB/s read=%s MB/s tree create=%s/s"
                            + " bigdir create=%s/s; max during the run: %d clients, %d open Fh", vers, r.exitCode(),
                    r.wall().toSeconds(), v.get("workload_s"), v.get("write_MBps"), v.get("read_MBps"),
                    v.get("tree_create_per_s"), v.get("bigdir_create_per_s"), maxClients, maxOpen));

            SoftAssertions soft = new SoftAssertions();
            assertGuest(soft, r, KclientRunner.WORKLOAD_CHECKS);
            soft.assertThat(v.get("mount")).as("mount options in the guest").contains("vers=" + vers);
            soft.assertThat(maxClients).as("GET /clients count while the guest was mounted").isGreaterThanOrEqualTo(1);
            t0 = System.nanoTime();
            hostChecks(soft, exportPath + "/" + sub, v);
            timing("host-side checks through the second CephFS client (vers=" + vers + ")", t0);
            assertAllWithLogs(soft, List.of(r));
            assertNoLeak();
        });
    }

    /** What the guest did, as the second CephFS client sees it. */
    private void hostChecks(SoftAssertions soft, String d, Map<String, String> v) {
        CephDevCluster.Result data = ceph.client(null, Duration.ofMinutes(2), "read", d + "/data.bin");
        soft.assertThat(data.exitCode()).as("second client reads data.bin: %s", data).isZero();
        soft.assertThat(md5(data.stdout())).as("md5 of data.bin through libcephfs").isEqualTo(v.get("data_md5"));
        soft.assertThat(data.stdout().length).as("bytes of data.bin through libcephfs").isEqualTo(64 << 20);
        soft.assertThat(stat(d + "/data.bin").get("size")).as("size of data.bin in CephFS").isEqualTo(64L << 20);

        Map<String, Long> f = stat(d + "/attrs/f");
        soft.assertThat(f.get("mode") & 07777).as("mode of attrs/f in CephFS (octal %s)",
                Long.toOctalString(f.getOrDefault("mode", -1L))).isEqualTo(0640L);
        soft.assertThat(f.get("uid")).as("uid of attrs/f in CephFS").isEqualTo(1234L);
        soft.assertThat(f.get("gid")).as("gid of attrs/f in CephFS").isEqualTo(5678L);
        soft.assertThat(f.get("mtime")).as("mtime of attrs/f in CephFS (touch -d)").isEqualTo(TOUCH_D_EPOCH);
        soft.assertThat(f.get("size")).as("size of attrs/f in CephFS").isEqualTo(12345L);
        soft.assertThat(readText(d + "/attrs/g")).as("content of attrs/g through libcephfs").isEqualTo("01234");
        if (v.getOrDefault("mount", "").contains("vers=4.2")) {
            // the kernel client's NFSv4.2 SETXATTR is a user.* attribute in CephFS
            CephDevCluster.Result x = ceph.client(null, "getxattr", d + "/xattr.f", "user.cephgw.kept");
            soft.assertThat(x.exitCode() == 0 ? x.stdoutText() : "(getxattr failed: " + x + ")")
                    .as("user.cephgw.kept of xattr.f through libcephfs").isEqualTo("kept-by-kclient");
        }

        String links = d + "/links";
        Map<String, Long> sym = stat(links + "/sym");
        soft.assertThat(sym.get("mode") & S_IFMT).as("links/sym is a symlink in CephFS").isEqualTo((long) S_IFLNK);
        soft.assertThat(readlink(links + "/sym")).as("symlink target in CephFS").isEqualTo("target");
        soft.assertThat(readlink(links + "/dangling")).as("dangling symlink target in CephFS").isEqualTo("/nonexistent/target");
        Map<String, Long> target = stat(links + "/target");
        soft.assertThat(target.get("nlink")).as("nlink of links/target in CephFS").isEqualTo(2L);
        soft.assertThat(stat(links + "/h1").get("ino")).as("links/h1 is links/target (inode)").isEqualTo(target.get("ino"));
        soft.assertThat(ceph.client(null, "stat", links + "/h2").exitCode()).as("removed hard link links/h2 (stat exit)").isEqualTo(2);

        soft.assertThat(names(d)).as("what the workload left in %s", d)
                .containsExactlyInAnyOrder("attrs", "data.bin", "dir5000", "links", "locks", "xattr.f");
        Set<String> want = IntStream.range(0, BIGDIR).mapToObj(i -> "entry-" + i).collect(Collectors.toSet());
        soft.assertThat(Set.copyOf(names(d + "/dir5000"))).as("listing of dir5000 in CephFS").isEqualTo(want);
    }

    // ------------------------------------------------------------------------------ helpers

    private CompletableFuture<KclientRunner.Result> boot(String label, String script, String opts, Map<String, String> env) {
        return guest.start(label, nfsPort, root.resolve("src/test/kclient").resolve(script), opts, env, guests);
    }

    private void assertGuest(SoftAssertions soft, KclientRunner.Result r, Set<String> required) {
        r.assertPassed(soft, required);
    }

    /** Waits until {@code path} exists in CephFS, or the guest has ended, or {@link #HANDOVER} has passed. */
    private boolean awaitMarker(String path, CompletableFuture<KclientRunner.Result> g) {
        return ceph.awaitFile(path, HANDOVER, g::isDone);
    }

    private void put(String path, String content) {
        ceph.put(path, content);
    }

    private String readText(String path) {
        CephDevCluster.Result r = ceph.client(null, "read", path);
        return r.exitCode() == 0 ? r.stdoutText() : "(read failed: " + r + ")";
    }

    private String readlink(String path) {
        CephDevCluster.Result r = ceph.host(null, "readlink", path);
        return r.exitCode() == 0 ? r.stdoutText() : "(readlink failed: " + r + ")";
    }

    private List<String> names(String dir) {
        CephDevCluster.Result r = ceph.host(null, "ls", dir);
        return r.exitCode() == 0 ? r.stdoutText().lines().toList() : List.of("(ls failed: " + r + ")");
    }

    /** The numeric fields of {@code cephfs-client.py stat PATH} (empty if the stat failed). */
    private Map<String, Long> stat(String path) {
        CephDevCluster.Result r = ceph.client(null, "stat", path);
        Map<String, Long> m = new java.util.HashMap<>();
        if (r.exitCode() != 0) {
            System.out.println("CephKernelClientTest: stat " + path + ": " + r);
            return m;
        }
        Matcher x = Pattern.compile("\"(\\w+)\":\\s*(-?\\d+)").matcher(r.stdoutText());
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }

    private static void mustSucceed(CephDevCluster.Result r, String what) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(what + ": " + r);
        }
    }

    /** The first stdout line of a process, or what went wrong. */
    private static String firstLine(Process p, Duration limit) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return "(" + e + ")";
            }
        });
        try {
            String l = line.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return l == null ? "(no output; exit " + (p.isAlive() ? "-" : p.exitValue()) + ")" : l;
        } catch (java.util.concurrent.TimeoutException e) {
            return "(no line within " + limit + ")";
        }
    }

    /**
     * After an unmount the client sent DESTROY_SESSION and DESTROY_CLIENTID and closed every
     * file: the gateway must then hold no client and no open CephFS Fh. A few seconds of grace
     * for the requests still in flight.
     */
    private void assertNoLeak() throws Exception {
        long t0 = System.nanoTime();
        String clients = "";
        String exports = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            int c = gateway.sum("/clients", COUNT);
            int h = gateway.sum("/exports", OPEN_HANDLES);
            if (c == 0 && h == 0) {
                timing("leak check (0 clients, 0 open Fh)", t0);
                return;
            }
            clients = gateway.get("/clients").body();
            exports = gateway.get("/exports").body();
            Thread.sleep(500);
        }
        fail("after the guest unmounted, the gateway still holds client state or open CephFS Fh:\n  GET /clients -> "
                + clients + "\n  GET /exports -> " + exports + "\n--- gateway log ---\n" + GatewayProcess.tail(gatewayLog, 200));
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
            sb.append("\n--- gateway log (last 300 lines of ").append(gatewayLog).append(") ---\n")
                    .append(GatewayProcess.tail(gatewayLog, 300));
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

    private void timing(String what, long t0) {
        String line = String.format("%-70s %6.1f s", what, (System.nanoTime() - t0) / 1e9);
        summary.add("timing: " + line);
        System.out.println("CephKernelClientTest timing: " + line);
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
