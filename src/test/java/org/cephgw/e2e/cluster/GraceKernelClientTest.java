package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.e2e.cluster.GraceHeads.grace;
import static org.cephgw.e2e.cluster.GraceHeads.ms;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.e2e.kclient.KclientRunner;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Crash recovery of a head with the real Linux kernel client: two heads {@code a} and {@code b}
 * ({@link GraceHeads}: separate JVMs, RADOS grace store, one CephFS directory), the kernel client in
 * qemu mounted on head a running src/test/kclient/grace-crash.sh, and the project's NFSv4.1 test
 * client on head b.
 *
 * <ol>
 * <li>the guest writes a few MiB with fsync, takes a whole-file fcntl write lock and says so
 *     (marker {@code locked}); the test client on b opens the file and is DENIED the lock (the
 *     guest's lock is a CephFS lock);</li>
 * <li>head a is killed ({@code kill -9}) and started again at once with the same configuration
 *     and NFS port; meanwhile the test client keeps asking b for the lock: it gets NFS4ERR_GRACE
 *     during a's grace period and never the lock;</li>
 * <li>the kernel client reconnects by itself, reclaims its open (CLAIM_PREVIOUS) and its lock
 *     ({@code reclaim = true}) and sends RECLAIM_COMPLETE: the grace period ends ({@code rec = 0})
 *     well within the 90 s grace time (the early lift), and the test client is still DENIED: the
 *     reclaimed lock holds, through CephFS;</li>
 * <li>the host puts {@code release}: the guest unlocks, reads back its data (md5 after dropping its
 *     caches) and writes a new file; then the test client gets the lock. After the guest's unmount
 *     head a holds no client and no open CephFS file.</li>
 * </ol>
 * Once with {@code vers=4.1} and once with {@code vers=4.2} (mounted with {@code lookupcache=positive},
 * so the guest sees the host's marker at once). Prints {@code GraceKernelClientTest timing:} lines.
 * Needs {@code -Dkclient=true -Dceph=true}.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class GraceKernelClientTest extends HeadsAndKernelClient {
    /** every check grace-crash.sh must report */
    private static final Set<String> CHECKS = Set.of("grace-write-rc", "grace-lock-held-and-unlocked", "grace-data-md5",
            "grace-data-size", "grace-new-file-after-grace", "grace-relock-after-release");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final Pattern OPEN_HANDLES = Pattern.compile("\"openHandles\"\\s*:\\s*(\\d+)");
    /** the grace period must end this soon after the restarted head is ready: well under the 90 s grace time */
    private static final Duration EARLY_LIFT = Duration.ofSeconds(60);

    @Override
    String label() {
        return "GraceKernelClientTest";
    }

    @Override
    String prefix() {
        return "gkt";
    }

    @Test
    @Order(1)
    void nfs41KernelClientReclaimsAfterKill9() throws Exception {
        crashAndReclaim("4.1");
    }

    @Test
    @Order(2)
    void nfs42KernelClientReclaimsAfterKill9() throws Exception {
        crashAndReclaim("4.2");
    }

    private void crashAndReclaim(String vers) throws Exception {
        String sub = "v" + vers.replace(".", "");
        String dir = heads.exportPath() + "/" + sub;
        CompletableFuture<KclientRunner.Result> guest = kclient.start("grace-" + vers, heads.a().nfsPort(),
                heads.root().resolve("src/test/kclient/grace-crash.sh"), "vers=" + vers + ",lookupcache=positive",
                Map.of("KCT_DIR", sub, "KCT_MB", "4"), guests);
        try {
            proof(vers, sub, dir, guest);
        } catch (Exception | AssertionError e) {
            throw failure(e, dir, guest);
        }
    }

    private void proof(String vers, String sub, String dir, CompletableFuture<KclientRunner.Result> guest) throws Exception {
        assertThat(heads.ceph().awaitFile(dir + "/locked", HANDOVER, guest::isDone))
                .as("the guest took its lock (marker %s/locked)", sub).isTrue();

        // the test client on head b opens the guest's file: no grace period now, and the lock is the guest's
        Session java = new Session(connect(heads.b()), "gkt-java-" + sub + "-" + heads.run()).establish();
        COMPOUND4res opened = Res.ok(java.seq(list(root(sub), open(java.owner("open"), "lockf",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), getfh())));
        LockProbe locker = new LockProbe(java, Res.fh(opened), Res.openStateid(opened), 0, 10, "lock-");
        assertThat(locker.lock()).as("head b, before the crash: the guest's lock is a CephFS lock").isEqualTo("NFS4ERR_DENIED");

        // kill -9 of head a; the test client asks b for the lock all along
        long killed = System.nanoTime();
        heads.a().kill();
        LockProbe.Polling polling = locker.poll(150);

        GatewayProcess a;
        // on any failure the poller stops too: the guest is released then, and the test client must not take its lock
        try {
            a = heads.startA();
            long ready = System.nanoTime();
            assertThat(grace(a).get("allowListSize").asInt()).as("clients head a's restart may let reclaim (the guest)")
                    .isEqualTo(1);
            long recZero = heads.awaitRecZero(EARLY_LIFT, "the restarted head a being ready (the kernel client must reclaim"
                    + " and send RECLAIM_COMPLETE by itself)");
            timings.add(String.format("vers=%s: kill -9 of head a -> its NFS port accepting again: %d ms; -> ready: %d ms;"
                            + " -> rec=0 (the kernel client reclaimed, early lift): %d ms (ready -> rec=0: %d ms)",
                    vers, ms(a.nfsAcceptingAt() - killed), ms(ready - killed), ms(recZero - killed), ms(recZero - ready)));
            JsonNode g = grace(a);
            assertThat(g.get("reclaims").get("opens").asLong()).as("opens reclaimed on head a: %s", g).isGreaterThanOrEqualTo(1);
            assertThat(g.get("reclaims").get("locks").asLong()).as("locks reclaimed on head a: %s", g).isGreaterThanOrEqualTo(1);
            assertThat(heads.awaitState(heads.b(), "serving")).isEqualTo("serving");
            Thread.sleep(500); // a few more lock attempts after the lift
        } finally {
            polling.stop();
        }
        Map<String, Integer> seen = polling.stop();
        System.out.printf("GraceKernelClientTest: vers=%s: the test client's LOCK on head b while a crashed and came back: %s%n",
                vers, seen);
        assertThat(seen).as("the test client must never get the lock the guest holds").doesNotContainKey("NFS4_OK");
        assertThat(seen).as("the test client during head a's grace period").containsKey("NFS4ERR_GRACE");
        assertThat(seen.keySet()).as("nothing but DENIED and GRACE").containsOnly("NFS4ERR_DENIED", "NFS4ERR_GRACE");
        // the guest's reclaimed lock holds, through CephFS (the heads share nothing else)
        assertThat(locker.lock()).as("head b after the grace period: the guest's reclaimed lock").isEqualTo("NFS4ERR_DENIED");

        // the guest unlocks, checks its data and unmounts
        heads.ceph().put(dir + "/release", "");
        KclientRunner.Result r = guest.get(5, TimeUnit.MINUTES);
        assertThat(locker.lock()).as("head b once the guest unlocked").isEqualTo("NFS4_OK");
        Res.ok(java.seq(list(putfh(locker.fh()), locku(WRITE_LT, locker.granted(), 0, 10))));
        Res.ok(java.seq(list(putfh(locker.fh()), close(locker.open()))));
        java.destroy();

        SoftAssertions soft = new SoftAssertions();
        r.assertPassed(soft, CHECKS);
        soft.assertThat(r.values().get("mount")).as("mount options in the guest").contains("vers=" + vers);
        // the guest's own count: RECLAIM_COMPLETE after the mount and again after head a's restart
        soft.assertThat(opCount(r, "RECLAIM_COMPLETE")).as("RECLAIM_COMPLETE the guest sent (KCLIENT ops)").isGreaterThanOrEqualTo(2);
        soft.assertAll();
        assertNoLeak(a);
    }

    // ------------------------------------------------------------------ helpers

    /** How often the guest sent {@code op}, from run.sh's "KCLIENT ops OP=n ..." line (-1: not reported). */
    private static int opCount(KclientRunner.Result r, String op) {
        for (String l : r.lines()) {
            if (l.startsWith("KCLIENT ops ")) {
                for (String kv : l.substring("KCLIENT ops ".length()).split(" ")) {
                    if (kv.startsWith(op + "=")) {
                        return Integer.parseInt(kv.substring(op.length() + 1));
                    }
                }
            }
        }
        return -1;
    }

    /**
     * After the guest's unmount (DESTROY_SESSION, DESTROY_CLIENTID, every file closed) head a must
     * hold no client and no open CephFS Fh; a few seconds for requests still in flight.
     */
    private void assertNoLeak(GatewayProcess a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int clients = -1;
        int handles = -1;
        while (System.nanoTime() < deadline) {
            clients = a.sum("/clients", COUNT);
            handles = a.sum("/exports", OPEN_HANDLES);
            if (clients == 0 && handles == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("after the guest unmounted, head a still holds " + clients + " client(s) and " + handles
                + " open CephFS Fh:\n  GET /clients -> " + a.get("/clients").body() + "\n  GET /exports -> "
                + a.get("/exports").body());
    }
}
