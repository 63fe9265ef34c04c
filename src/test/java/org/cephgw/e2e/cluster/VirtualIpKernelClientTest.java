package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.e2e.kclient.KclientRunner;
import org.cephgw.protocol.nfs4.COMPOUND4res;
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
 * The single address: three gateway JVMs in virtual-IP mode over CephFS (RADOS grace store, six
 * heads), a real haproxy in front of them ({@link Haproxy}: round-robin, not sticky; health checks
 * on {@code /health/ready}), and the Linux kernel client in qemu mounting the haproxy address. The
 * guest runs src/test/kclient/grace-fsync.sh: a whole-file fcntl lock held while it appends blocks,
 * each followed by fsync. The node hosting the guest's head (found in {@code GET /clients}) is
 * killed ({@code kill -9}), or stopped (SIGTERM); its heads start on the other nodes; the project's
 * test client, a client of a head on another node, asks for the same lock every 150 ms all along.
 * The application sees no error, writes on after the stall, keeps its lock (the test client is
 * only ever refused: NFS4ERR_DENIED, or NFS4ERR_GRACE while the moved head's grace period runs),
 * and finds every block it wrote; the node is started again and rejoins. Prints the longest stall
 * the application saw and what the test client was answered. Needs {@code -Dkclient=true -Dceph=true}.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class VirtualIpKernelClientTest {
    private static final int NODES = 3;
    private static final int HEADS = 6;
    private static final Duration HANDOVER = HeadsAndKernelClient.HANDOVER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> timings = Collections.synchronizedList(new ArrayList<>());
    private final List<NfsClient> connections = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService guests = Executors.newSingleThreadExecutor();
    private VipCephNodes cluster;
    private VipNodes nodes;
    private Haproxy haproxy;
    private KclientRunner kclient;

    @BeforeAll
    void start() throws Exception {
        cluster = new VipCephNodes("VirtualIpKernelClientTest", "vipk", NODES, HEADS);
        nodes = cluster.nodes();
        kclient = new KclientRunner(projectRoot());
        kclient.build();
        nodes.startAll();
        List<Haproxy.Backend> backends = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            backends.add(new Haproxy.Backend("node" + i, nodes.node(i).host(), nodes.node(i).nfsPort(),
                    nodes.node(i).managementPort()));
        }
        haproxy = Haproxy.start(cluster.work(), backends);
        nodes.awaitBalanced(Duration.ofSeconds(180));
    }

    private static java.nio.file.Path projectRoot() {
        return java.nio.file.Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
    }

    @AfterAll
    void stop() throws Exception {
        guests.shutdownNow();
        connections.forEach(NfsClient::close);
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        timings.forEach(t -> System.out.println("VirtualIpKernelClientTest timing: " + t));
    }


    /**
     * The kernel client's file workload (src/test/kclient/workload.sh: data with checksums, a tree
     * of directories and files, a large directory, links, attributes, fcntl/flock/OFD locks,
     * xattrs) through the single address, with NFSv4.1; the nodes' routing counters show where its
     * calls ran.
     */
    @Test
    @Order(0)
    void theKernelClientsWorkloadThroughTheSingleAddress() throws Exception {
        nodes.ensureAllRunning(Duration.ofSeconds(180));
        long[] before = routed();
        KclientRunner.Result r = kclient.run("vip-workload", haproxy.port(),
                projectRoot().resolve("src/test/kclient/workload.sh"), "vers=4.1",
                Map.of("KCT_DIR", "workload", "KCT_SIZE_MB", "16", "KCT_TREE", "4", "KCT_BIGDIR", "500"));
        long[] after = routed();
        timings.add(String.format("workload (vers=4.1) through haproxy: rc=%d, %s s; COMPOUNDs routed meanwhile: %d run"
                        + " on the node they reached, %d forwarded to another node", r.exitCode(), r.values().get("workload_s"),
                after[0] - before[0], after[1] - before[1]));
        SoftAssertions soft = new SoftAssertions();
        r.assertPassed(soft, KclientRunner.WORKLOAD_CHECKS);
        soft.assertThat(r.values().get("mount")).as("mount options in the guest").contains("vers=4.1");
        soft.assertThat((after[0] - before[0]) + (after[1] - before[1])).as("COMPOUNDs routed to their head")
                .isGreaterThan(100);
        soft.assertAll();
    }

    /** COMPOUNDs routed by all nodes: {run where they arrived, forwarded}. */
    private long[] routed() {
        long[] sum = new long[2];
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "nfs_compounds_routed_total\\{to=\"([a-z-]+)\",?}\\s+([0-9.eE+]+)");
        for (int n = 0; n < NODES; n++) {
            try {
                java.util.regex.Matcher m = p.matcher(nodes.node(n).get("/metrics").body());
                while (m.find()) {
                    sum[m.group(1).equals("this-node") ? 0 : 1] += (long) Double.parseDouble(m.group(2));
                }
            } catch (IOException e) {
                // a node that does not answer counts nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sum;
    }

    /** How the node hosting the guest's head goes away. */
    private enum Failure {
        KILL("kill -9"), SIGTERM("SIGTERM"), PARTITION("partition");

        final String what;

        Failure(String what) {
            this.what = what;
        }
    }

    @Test
    @Order(1)
    void kill9OfTheNodeHostingTheClientsHead() throws Exception {
        takeover("kill9", Failure.KILL, "vers=4.1");
    }

    @Test
    @Order(2)
    void sigtermOfTheNodeHostingTheClientsHead() throws Exception {
        takeover("sigterm", Failure.SIGTERM, "vers=4.2");
    }

    /**
     * The node hosting the guest's head cut off from the other two (its remoting port firewalled;
     * haproxy and the guest still reach its NFS port): it downs itself and ends, the majority
     * downs it and its heads start there.
     */
    @Test
    @Order(3)
    void partitionOfTheNodeHostingTheClientsHead() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(VipNodes.canCutOff(),
                "iptables is missing or may not change rules here (.ci/run installs it): the partition case cannot run");
        takeover("partition", Failure.PARTITION, "vers=4.2");
    }

    private void takeover(String sub, Failure failure, String vers) throws Exception {
        nodes.ensureAllRunning(Duration.ofSeconds(180));
        String dir = cluster.exportPath() + "/" + sub;
        CompletableFuture<KclientRunner.Result> guest = kclient.start("vip-" + sub, haproxy.port(),
                projectRoot().resolve("src/test/kclient/grace-fsync.sh"), vers + ",lookupcache=positive",
                Map.of("KCT_DIR", sub), guests);
        try {
            proof(sub, dir, failure, vers, guest);
        } catch (Exception | AssertionError e) {
            cluster.keep();
            try {
                cluster.ceph().put(dir + "/release", "");
            } catch (RuntimeException ignored) {
                // the guest never got that far
            }
            String out;
            try {
                KclientRunner.Result r = guest.get(3, TimeUnit.MINUTES);
                out = "\n--- guest output (rc=" + r.exitCode() + ") ---\n" + r.output();
            } catch (Exception ge) {
                out = "\n--- guest output not available: " + ge;
            }
            throw new AssertionError(e.getMessage() + out + nodes.logTails(120), e);
        }
    }

    private void proof(String sub, String dir, Failure failure, String vers,
                       CompletableFuture<KclientRunner.Result> guest) throws Exception {
        assertThat(cluster.ceph().awaitFile(dir + "/writing", HANDOVER, guest::isDone))
                .as("the guest writes under its lock (marker %s/writing)", sub).isTrue();
        Map<String, String> hosts = nodes.awaitAllServing(0, Duration.ofSeconds(60));
        // the guest's head, and the node hosting it
        String[] guestHead = new String[2];
        Awaitility.await("the kernel client in GET /clients").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    JsonNode body = JSON.readTree(nodes.node(0).get("/clients").body());
                    for (JsonNode c : body.get("clients")) {
                        if (c.get("owner").asText().startsWith("Linux NFSv4") && c.get("confirmed").asBoolean()) {
                            guestHead[0] = c.get("head").asText();
                            guestHead[1] = c.get("node").asText();
                            return true;
                        }
                    }
                    return false;
                });
        int victim = -1;
        for (int i = 0; i < NODES; i++) {
            if (nodes.address(i).equals(guestHead[1])) {
                victim = i;
            }
        }
        assertThat(victim).as("node of head %s (%s)", guestHead[0], guestHead[1]).isNotNegative();
        int other = (victim + 1) % NODES;
        int third = (victim + 2) % NODES;
        String otherHead = nodes.headOn(hosts, other);

        // the test client: a client of a head on another node, connected to the third node, so
        // that every call of it is forwarded
        NfsClient c = NfsClient.connect(new InetSocketAddress(nodes.node(third).host(), nodes.node(third).nfsPort()))
                .timeout(Duration.ofSeconds(60));
        connections.add(c);
        Session java = Session.open(c, nodes.ownerOn(otherHead, "vipk-java-" + sub + "-"));
        COMPOUND4res opened = Res.ok(java.seq(list(root(sub), open(java.owner("open"), "data",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), getfh())));
        LockProbe locker = new LockProbe(java, Res.fh(opened), Res.openStateid(opened), 0, 10, "lock-");
        long forwardedBefore = routed()[1];
        assertThat(locker.lock()).as("before the %s: the guest's lock is a CephFS lock", sub).isEqualTo("NFS4ERR_DENIED");
        assertThat(routed()[1]).as("COMPOUNDs forwarded (the test client's, node%d -> node%d)", third, other)
                .isGreaterThan(forwardedBefore);
        Thread.sleep(1000); // a second of write+fsync before the node goes

        LockProbe.Polling polling = locker.poll(150);
        long t0 = System.nanoTime();
        GatewayProcess gone = nodes.node(victim);
        switch (failure) {
            case KILL -> gone.kill();
            case SIGTERM -> assertThat(gone.stop(Duration.ofSeconds(60))).as("node%d stops within 60 s", victim).isTrue();
            case PARTITION -> nodes.cutOff(victim);
        }
        Map<String, String> after;
        try {
            after = nodes.awaitAllServingWithout(other, victim, Duration.ofSeconds(120));
            long served = System.nanoTime();
            if (failure == Failure.PARTITION) {
                // the cut-off node downs itself (keep-majority) and ends: no second incarnation of its heads
                Awaitility.await("node" + victim + " ends after downing itself").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> !gone.isAlive());
            }
            long ended = System.nanoTime();
            timings.add(String.format("%s (%s) of node%d (hosting %s, the guest's head): every head serving out of grace"
                            + " again %d ms after it; the node's process gone after %d ms", sub, vers, victim, guestHead[0],
                    TimeUnit.NANOSECONDS.toMillis(served - t0), TimeUnit.NANOSECONDS.toMillis(ended - t0)));
            Thread.sleep(3000); // the application writes on, and more lock attempts after the lift
        } finally {
            polling.stop();
            if (failure == Failure.PARTITION) {
                nodes.reconnect(victim);
            }
        }
        if (failure == Failure.PARTITION) {
            assertThat(Files.readString(gone.log())).as("node%d's log", victim).contains("SBR took decision DownReachable");
        }
        assertThat(after.get(guestHead[0])).as("node of %s after the %s", guestHead[0], sub)
                .isNotEqualTo(nodes.address(victim));
        Map<String, Integer> seen = polling.stop();
        timings.add(sub + ": the test client's LOCK while the head moved: " + seen);
        assertThat(seen).as("the test client must never get the lock the guest holds").doesNotContainKey("NFS4_OK");
        assertThat(seen.keySet()).as("nothing but DENIED and GRACE").isSubsetOf("NFS4ERR_DENIED", "NFS4ERR_GRACE");
        assertThat(locker.lock()).as("after the move: the guest's reclaimed lock").isEqualTo("NFS4ERR_DENIED");
        // the test client goes: a client that never reclaims would hold a head that moves during
        // the rejoin in its grace period for the whole 90 s
        Res.ok(java.seq(list(putfh(locker.fh()), close(locker.open()))));
        java.destroy();

        // the node comes back on its ports and joins again while the application writes on: heads
        // move to it (a hand-off, perhaps of the guest's head) and the application sees no error
        long r0 = System.nanoTime();
        nodes.restart(victim);
        Map<String, String> rejoined = nodes.awaitBalanced(Duration.ofSeconds(180));
        timings.add(String.format("%s: node%d rejoined; every head serving, %d on each node, %d ms after its restart;"
                        + " the guest's head %s now on %s", sub, victim, HEADS / NODES,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0), guestHead[0], rejoined.get(guestHead[0])));
        Thread.sleep(2000); // the application writes on after the rejoin

        KclientRunner.Result r = FsyncGuest.release(cluster.ceph(), dir, guest, timings, sub);
        FsyncGuest.assertPassed(r, "the move and the rejoin");
        assertThat(r.values().get("mount")).as("mount options in the guest").contains(vers);

        // released: the lock the guest held all along is another client's now
        Session b = Session.open(c, nodes.ownerOn(otherHead, "vipk-java-" + sub + "-after-"));
        opened = Res.ok(b.seq(list(root(sub), open(b.owner("open"), "data",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), getfh())));
        LockProbe freed = new LockProbe(b, Res.fh(opened), Res.openStateid(opened), 0, 10, "lock-");
        assertThat(freed.lock()).as("another client's LOCK once the guest released it").isEqualTo("NFS4_OK");
        Res.ok(b.seq(list(putfh(freed.fh()), locku(WRITE_LT, freed.granted(), 0, 10), close(freed.open()))));
        b.destroy();
    }
}
