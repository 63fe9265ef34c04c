package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.e2e.kclient.KclientRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rolling restart performed the way a StatefulSet update does it — highest ordinal first;
 * SIGTERM; start the new process; wait until its readiness endpoint answers 200; next — in each
 * mode. Per-node mode: three per-node gateway JVMs (one Pekko cluster, the split brain resolver on, RADOS grace database that
 * no administrator prepared: every head adds itself) over the dev cluster's CephFS, while two
 * Linux kernel clients in qemu, each mounting another head, run src/test/kclient/roll-work.sh: a
 * whole-file fcntl lock held for the whole run, appends each followed by fsync, blocks read back
 * from the server and checked, and a lock attempt on the other client's file every second. Every
 * node restarts, the heads of both clients among them; readiness waits for the restarted head's
 * clients to reclaim. Asserted: no error and no wrong byte seen by either application, every block
 * there afterwards, the other client never got a lock that was held across the roll. Printed: the
 * roll's total time, each pod's stop, start-to-serving and start-to-ready (its time in its own
 * grace period), the longest stall each application saw. Virtual-IP mode: the same with three
 * nodes and six heads behind haproxy, both clients mounting its address.
 *
 * <p>Then a node that never comes back: head 0 is killed (kill -9); once the split brain resolver
 * has downed it, head 1 is restarted. Head 1's
 * start opens a grace period in which every member must enforce, and the dead head never will: the
 * cluster (its grace janitor) enforces for it once the split brain resolver has downed its node,
 * head 1 serves, and after {@code gateway.grace.remove-departed-after} the dead head is gone from
 * the grace database. Needs {@code -Dkclient=true -Dceph=true}.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RollingRestartKernelClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** a restarted head is ready once its client reclaimed (early lift), well within the grace time */
    private static final Duration READY_AFTER_START = Duration.ofSeconds(120);
    /** longer than a pod is away during the roll (stop, start, cluster join), short enough to wait for */
    private static final Duration REMOVE_DEPARTED_AFTER = Duration.ofSeconds(45);
    private static final Set<String> CHECKS = Set.of("roll-io-without-error", "peer-lock-never-granted",
            "peer-lock-probed", "roll-data-intact", "roll-relock-after-release");

    private final List<String> timings = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService guests = Executors.newFixedThreadPool(2);

    @AfterAll
    void printTimings() {
        guests.shutdownNow();
        timings.forEach(t -> System.out.println("RollingRestartKernelClientTest timing: " + t));
    }

    @Test
    void perNodeModeRollsPodByPodUnderTwoKernelClientsAndADeadNodeIsRemoved() throws Exception {
        try (GraceHeads heads = new GraceHeads("RollingRestartKernelClientTest", "roll", 3,
                "grace.remove-departed-after = " + REMOVE_DEPARTED_AFTER.toSeconds() + "s")) {
            try {
                roll(heads);
                deadNodeIsEnforcedForAndRemoved(heads);
            } catch (Exception | AssertionError e) {
                heads.keep();
                System.out.println(heads.logTails(80));
                throw e;
            }
        }
    }

    private void roll(GraceHeads heads) throws Exception {
        KclientRunner kclient = new KclientRunner(heads.root());
        kclient.build();
        for (int i = 0; i < heads.size(); i++) {
            heads.start(i);
        }
        for (int i = 0; i < heads.size(); i++) {
            heads.head(i).awaitReady(READY_AFTER_START);
        }
        // the database nobody prepared: every head added itself
        assertThat(heads.cliDump().flags()).containsOnlyKeys(heads.node(0), heads.node(1), heads.node(2));

        // client a on head 2 (restarted first), client b on head 1; head 0 has no client of its own
        underTwoClients("per-node", kclient, heads.ceph(), heads.exportPath(), heads.nfsPort(2), heads.nfsPort(1), () -> {
            for (int i = heads.size() - 1; i >= 0; i--) {
                GatewayProcess old = heads.head(i);
                long t0 = System.nanoTime();
                assertThat(old.stop(Duration.ofSeconds(60))).as("head %d exits within 60 s of SIGTERM", i).isTrue();
                long exited = System.nanoTime();
                GatewayProcess started = heads.start(i);
                long serving = System.nanoTime();
                started.awaitReady(READY_AFTER_START);
                long ready = System.nanoTime();
                timings.add(String.format("per-node pod h%d: SIGTERM -> exited %d ms; new process -> NFS accepting %d ms,"
                                + " -> serving (every member enforcing) %d ms, -> ready (its clients reclaimed: its own"
                                + " grace period) %d ms", i, ms(exited - t0), ms(started.nfsAcceptingAt() - exited),
                        ms(serving - exited), ms(ready - exited)));
            }
        });
    }

    /**
     * Three virtual-IP nodes (six heads) behind haproxy (round robin, HTTP checks on the readiness
     * endpoint), both kernel clients mounting its one address; the nodes roll as in per-node mode,
     * a node's restart waiting until it is ready again (its share of heads back and out of their
     * grace periods).
     */
    @Test
    void virtualIpModeRollsNodeByNodeUnderTwoKernelClients() throws Exception {
        // the roll also makes the head set smaller (6 -> 4): a client whose head is removed (each
        // run's head names differ, so either client may be) reclaims at the head it is assigned
        // to now; the cluster removes the two heads from the grace database this long after
        VipCephNodes cluster = new VipCephNodes("RollingRestartKernelClientTest", "rollv", 3, 6,
                "grace.remove-departed-after = 30s");
        VipNodes nodes = cluster.nodes();
        Haproxy haproxy = null;
        try {
            KclientRunner kclient = new KclientRunner(projectRoot());
            kclient.build();
            nodes.startAll();
            List<Haproxy.Backend> backends = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                backends.add(new Haproxy.Backend("node" + i, nodes.node(i).host(), nodes.node(i).nfsPort(),
                        nodes.node(i).managementPort()));
            }
            haproxy = Haproxy.start(cluster.work(), backends);
            nodes.awaitBalanced(Duration.ofSeconds(180));
            int port = haproxy.port();
            // client a's identity is chosen so that its head is one the roll removes: the Linux
            // client's co_ownerid with nfs4_unique_id is "Linux NFSv4.<minor> <id>/<hostname>"
            String idA = null;
            for (int i = 0; idA == null; i++) {
                String id = "roll-va" + i;
                String owner = "Linux NFSv4.2 kc-" + id + "/kc-" + id;
                if (nodes.heads().forOwner(owner.getBytes(java.nio.charset.StandardCharsets.UTF_8)).index() >= 4) {
                    idA = id;
                }
            }
            String removedOfA = nodes.heads().forOwner(("Linux NFSv4.2 kc-" + idA + "/kc-" + idA)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).name();
            underTwoClients("virtual-ip", kclient, cluster.ceph(), cluster.exportPath(), port, port, idA, () -> {
                // which heads the two clients are on: a removed one's client reclaims elsewhere
                com.fasterxml.jackson.databind.JsonNode clients = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(nodes.node(0).get("/clients").body()).get("clients");
                for (com.fasterxml.jackson.databind.JsonNode c : clients) {
                    String head = c.get("head").asText();
                    boolean removed = head.equals(cluster.headPrefix() + 4) || head.equals(cluster.headPrefix() + 5);
                    timings.add("virtual-ip head set 6 -> 4: client " + c.get("owner").asText() + " on " + head
                            + (removed ? " (removed by the roll: it reclaims at the head it is assigned to now)" : " (kept)"));
                }
                assertThat(clients.findValues("head").stream().map(com.fasterxml.jackson.databind.JsonNode::asText).toList())
                        .as("the heads of the clients (a is on a head the roll removes)").contains(removedOfA);
                nodes.configure(4);
                for (int i = nodes.size() - 1; i >= 0; i--) {
                    long t0 = System.nanoTime();
                    assertThat(nodes.node(i).stop(Duration.ofSeconds(60))).as("node %d exits within 60 s of SIGTERM", i)
                            .isTrue();
                    long exited = System.nanoTime();
                    GatewayProcess started = nodes.restart(i); // returns once it is ready
                    long ready = System.nanoTime();
                    timings.add(String.format("virtual-ip pod node%d: SIGTERM -> exited (heads handed off) %d ms; new"
                                    + " process -> NFS accepting %d ms, -> ready (its share of heads back, out of grace)"
                                    + " %d ms", i, ms(exited - t0), ms(started.nfsAcceptingAt() - exited),
                            ms(ready - exited)));
                }
            });
            long rolled = System.nanoTime();
            for (int h = 4; h < 6; h++) {
                String removed = cluster.headPrefix() + h;
                org.awaitility.Awaitility.await(removed + " gone from the grace database").atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> !cluster.graceDump().contains(removed));
            }
            timings.add(String.format("virtual-ip head set 6 -> 4: the removed heads gone from the grace database %d ms"
                    + " after the roll and the clients' release (gateway.grace.remove-departed-after = 30 s)",
                    ms(System.nanoTime() - rolled)));
        } catch (Exception | AssertionError e) {
            cluster.keep();
            System.out.println(nodes.logTails(80));
            throw e;
        } finally {
            if (haproxy != null) {
                haproxy.close();
            }
            cluster.close();
        }
    }

    /** What happens while the two kernel clients run: a rolling restart. */
    private interface Roll {
        void run() throws Exception;
    }

    /**
     * Runs roll-work.sh in two guests (a on {@code portA}, b on {@code portB}), each trying the
     * other's lock, performs {@code roll} once both write and probe, lets them go on for a few
     * seconds, releases them and checks what they saw.
     */
    private void underTwoClients(String mode, KclientRunner kclient, org.cephgw.e2e.ceph.CephDevCluster ceph, String root,
                                 int portA, int portB, Roll roll) throws Exception {
        String pre = mode.equals("per-node") ? "p" : "v";
        underTwoClients(mode, kclient, ceph, root, portA, portB, "roll-" + pre + "a", roll);
    }

    /** @param idA client a's identity (KCLIENT_ID: its hostname and nfs4_unique_id) */
    private void underTwoClients(String mode, KclientRunner kclient, org.cephgw.e2e.ceph.CephDevCluster ceph, String root,
                                 int portA, int portB, String idA, Roll roll) throws Exception {
        String pre = mode.equals("per-node") ? "p" : "v";
        java.nio.file.Path script = projectRoot().resolve("src/test/kclient/roll-work.sh");
        CompletableFuture<KclientRunner.Result> a = kclient.start("roll-" + pre + "a", portA, script,
                "vers=4.2,lookupcache=positive", Map.of("KCT_DIR", pre + "a", "KCT_PEER", pre + "b",
                        "KCT_RELEASE", pre + "-release", "KCLIENT_ID", idA), guests);
        CompletableFuture<KclientRunner.Result> b = kclient.start("roll-" + pre + "b", portB, script,
                "vers=4.1,lookupcache=positive", Map.of("KCT_DIR", pre + "b", "KCT_PEER", pre + "a",
                        "KCT_RELEASE", pre + "-release", "KCLIENT_ID", "roll-" + pre + "b"), guests);
        for (String marker : List.of("a/writing", "b/writing", "a/probing", "b/probing")) {
            assertThat(ceph.awaitFile(root + "/" + pre + marker, Duration.ofMinutes(6), () -> a.isDone() || b.isDone()))
                    .as("guest marker %s%s", pre, marker).isTrue();
        }
        Thread.sleep(5000); // steady writes, reads and lock attempts before the roll

        long rollStart = System.nanoTime();
        roll.run();
        timings.add(String.format("%s roll of 3 pods under 2 kernel clients: %d ms from the first SIGTERM to the last"
                + " pod ready", mode, ms(System.nanoTime() - rollStart)));
        Thread.sleep(5000); // the applications go on after the roll

        ceph.put(root + "/" + pre + "-release", "");
        for (CompletableFuture<KclientRunner.Result> g : List.of(a, b)) {
            KclientRunner.Result r = g.get(5, TimeUnit.MINUTES);
            Map<String, String> v = r.values();
            timings.add(String.format("%s client %s: longest stall %s s (%s blocks written with fsync, %s read back,"
                            + " %s errors, %s mismatches); lock attempts on the other client's file: %s, %s saw it held,"
                            + " %s granted while held", mode, r.label(), v.get("max_stall_s"), v.get("blocks"),
                    v.get("reads"), v.get("errors"), v.get("mismatches"), v.get("attempts"), v.get("conflicts"),
                    v.get("granted_while_held")));
            SoftAssertions soft = new SoftAssertions();
            r.assertPassed(soft, CHECKS);
            soft.assertThat(v.get("errors")).as("%s: I/O errors the application saw", r.label()).isEqualTo("0");
            soft.assertThat(v.get("mismatches")).as("%s: blocks read back wrong", r.label()).isEqualTo("0");
            soft.assertThat(Long.parseLong(v.getOrDefault("blocks_after_stall", "0")))
                    .as("%s: blocks written after the longest stall", r.label()).isPositive();
            soft.assertAll();
        }
    }

    private static java.nio.file.Path projectRoot() {
        return java.nio.file.Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
    }

    private void deadNodeIsEnforcedForAndRemoved(GraceHeads heads) throws Exception {
        long killed = System.nanoTime();
        heads.head(0).kill();
        // the split brain resolver downs it (the other two are the majority); only then is another pod
        // restarted, as a StatefulSet update waits while a pod is not ready (one unavailable at most)
        // (restarting one of the two survivors before would leave the other alone against the
        // unreachable one: a tie, which keep-majority resolves by downing one side)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode m = JSON.readTree(heads.head(2).get("/grace/members").body());
            for (JsonNode x : m.path("members")) {
                if (x.path("name").asText().equals(heads.node(0))) {
                    return !x.path("alive").asBoolean(true);
                }
            }
            return false;
        });
        long downed = System.nanoTime();
        timings.add(String.format("per-node: head 0 killed for good: its node out of the cluster (downed) %d ms after"
                + " the kill", ms(downed - killed)));
        // a restart of head 1 opens a grace period: every member must enforce, the dead one included
        assertThat(heads.head(1).stop(Duration.ofSeconds(60))).isTrue();
        GatewayProcess h1 = heads.start(1);
        long serving = System.nanoTime();
        h1.awaitReady(READY_AFTER_START);
        long recZero = heads.awaitRecZero(Duration.ofSeconds(60), "head 1's restart with head 0 dead");
        timings.add(String.format("per-node: head 1 restarted after that: serving %d ms after the kill (the cluster"
                        + " enforced for the dead head), grace over %d ms after the kill",
                ms(serving - killed), ms(recZero - killed)));
        JsonNode members = JSON.readTree(heads.head(2).get("/grace/members").body());
        timings.add("per-node: /grace/members while head 0 is away: " + members.get("why").asText());

        await().atMost(REMOVE_DEPARTED_AFTER.plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !heads.cliDump().flags().containsKey(heads.node(0)));
        long removed = System.nanoTime();
        timings.add(String.format("per-node: the dead head removed from the grace database %d ms after the kill"
                + " (gateway.grace.remove-departed-after = %d s)", ms(removed - killed), REMOVE_DEPARTED_AFTER.toSeconds()));
        GraceHeads.Db db = heads.cliDump();
        assertThat(db.flags()).containsOnlyKeys(heads.node(1), heads.node(2));
        assertThat(db.rec()).as("no grace period in force").isZero();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
