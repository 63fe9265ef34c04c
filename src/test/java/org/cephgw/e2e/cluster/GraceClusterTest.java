package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.awaitility.Awaitility.await;
import static org.cephgw.e2e.cluster.GraceHeads.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.e2e.ceph.CephDevCluster;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
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
 * Two real gateway JVMs (heads {@code a} and {@code b}, one Pekko cluster through seed nodes)
 * serving the same CephFS directory with the RADOS grace store, nfs-ganesha {@code rados_cluster}
 * style (grace-db.md "A head's life", "CephFS session reclaim"), driven with the project's
 * NFSv4.1 test client:
 *
 * <ol>
 * <li>the seed walkthrough: {@code gateway.jar grace add a b}, a starts, then b: the database
 *     ends at {@code cur=3 rec=0} without flags, as the CLI and {@code /grace} show;</li>
 * <li>a crash ({@code kill -9}) of a while client 1 holds an open, committed data and a write
 *     lock there: client 2 on b never gets a conflicting lock, gets NFS4ERR_GRACE while a's grace
 *     period is in force; the restarted a resets its old CephFS session (uuid), client 1 reclaims
 *     open and lock, reads its data back, RECLAIM_COMPLETE lifts the grace early; client 2 stays
 *     DENIED until client 1 unlocks;</li>
 * <li>a clean stop (SIGTERM) of a starts a grace period (a {@code NE}, b enforces and refuses new
 *     OPEN with NFS4ERR_GRACE, the aborted CephFS session keeps the lock for another CephFS client);
 *     the restarted a lets client 1 reclaim and lifts;</li>
 * <li>timings: kill -9 → restarted head serving, restarted head ready → {@code rec=0}.</li>
 * </ol>
 *
 * Each run has its own grace object ({@code grace-<run>}) in namespace {@code ganesha} of the
 * metadata pool, node ids {@code a-<run>}, {@code b-<run>} and CephFS directory
 * {@code /cephgw-tests/gct-<run>} ({@link GraceHeads}). Needs {@code -Dceph=true} (starts the dev cluster if it is not running).
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GraceClusterTest {
    private static final String FILE = "shared";
    private static final String DATA = "committed before the crash";

    private final List<String> timings = Collections.synchronizedList(new ArrayList<>());
    private final List<NfsClient> connections = Collections.synchronizedList(new ArrayList<>());
    private GraceHeads heads;
    private String nodeA;
    private String nodeB;
    private GatewayProcess a;
    private GatewayProcess b;
    private boolean failed = true;

    // state carried from case to case
    private byte[] owner1;
    private Session c1;
    private Session c2;
    private byte[] fh;
    private Stateid4 open1;
    private Stateid4 lock1;
    private Stateid4 open2;

    @BeforeAll
    void setUp() throws Exception {
        heads = new GraceHeads("GraceClusterTest", "gct");
        nodeA = heads.nodeA();
        nodeB = heads.nodeB();
        owner1 = ("grace-cluster-client-1-" + heads.run()).getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    void tearDown() throws Exception {
        connections.forEach(NfsClient::close);
        if (heads != null) {
            if (failed) {
                heads.keep();
            }
            heads.close();
        }
        timings.forEach(t -> System.out.println("GraceClusterTest timing: " + t));
    }

    // ------------------------------------------------------------------ the cases

    /** (1) the seed's walkthrough: add a b, a starts, b starts (after a lifted). */
    @Test
    @Order(1)
    void theSeedWalkthroughEndsWithoutAGracePeriod() throws Exception {
        Cli add = cli("add", nodeA, nodeB);
        assertThat(add.exit()).as("grace add: %s", add).isZero();
        // add: both members enforce, no grace period yet
        assertThat(cliDump()).isEqualTo(new Db(1, 0, flags(nodeA, "E", nodeB, "E")));

        a = startA();
        // a's join(start): rec=1, cur=2, a NE; everyone enforces, so a is in grace with an empty
        // allow-list and lifts at once (need 1 = lifted 1: rec=0); then it clears its E
        Db afterA = awaitDb(a, d -> d.rec() == 0 && d.flags().get(nodeA).isEmpty());
        assertThat(afterA).isEqualTo(new Db(2, 0, flags(nodeA, "", nodeB, "E")));

        b = startB();
        // b's join(start): rec=2, cur=3, b NE; a sees rec≠0, records its clients in epoch 3 and
        // enforces; b lifts (nothing to reclaim): rec=0; both clear E
        Db expected = new Db(3, 0, flags(nodeA, "", nodeB, ""));
        assertThat(awaitDb(b, expected::equals)).isEqualTo(expected);
        assertThat(awaitDb(a, expected::equals)).isEqualTo(expected);
        assertThat(cliDump()).isEqualTo(expected);
        assertThat(grace(a).get("state").asText()).isEqualTo("serving");
        assertThat(grace(b).get("state").asText()).isEqualTo("serving");
        assertThat(grace(b).get("store").asText()).contains("grace-" + heads.run());
        assertThat(a.get("/cluster/members").body()).contains("127.0.0.1:" + heads.remotingA()).contains("127.0.0.1:" + heads.remotingB());
        failed = false;
    }

    /** (2) kill -9 of a with an open, committed data and a lock; reclaim on the restarted a. */
    @Test
    @Order(2)
    void aCrashedHeadsClientReclaimsWhileTheOtherHeadRefusesTheLock() throws Exception {
        failed = true;
        // client 1 on a: open, unstable write + COMMIT, write lock
        c1 = new Session(connect(a), owner1, Session.randomVerifier()).establish();
        COMPOUND4res opened = Res.ok(c1.seq(list(putrootfh(), openCreate(c1.owner("open-1"), FILE,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()), getfh())));
        fh = Res.fh(opened);
        open1 = Res.openStateid(opened);
        Res.ok(c1.seq(list(putfh(fh), writeUnstable(open1, 0, DATA.getBytes(StandardCharsets.UTF_8)), commit(0, 0))));
        lock1 = Res.lockStateid(Res.ok(c1.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 100, open1, c1.owner("lock-1"))))));

        // client 2 on b opens the same file (no grace now) and is denied the range: the lock is in CephFS
        c2 = new Session(connect(b), "grace-cluster-client-2-" + heads.run()).establish();
        COMPOUND4res opened2 = Res.ok(c2.seq(list(putrootfh(), open(c2.owner("open-2"), FILE,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), getfh())));
        assertThat(Res.fh(opened2)).as("the same file handle on both heads").isEqualTo(fh);
        open2 = Res.openStateid(opened2);
        probe2 = new LockProbe(c2, fh, open2, 50, 10, "lock-2-");
        assertThat(lock2()).isEqualTo("NFS4ERR_DENIED");

        // crash a; client 2 keeps asking for the lock on b until the grace period is over
        long killed = System.nanoTime();
        a.kill();
        closeConnectionsOf(c1);
        Map<String, Integer> seen = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicBoolean polling = new AtomicBoolean(true);
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            try {
                while (polling.get()) {
                    seen.merge(lock2(), 1, Integer::sum);
                    Thread.sleep(150);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        a = startA();
        long serving = System.nanoTime();
        timings.add(String.format("kill -9 of head a -> restarted head a NFS accepting: %d ms, serving (joined, every"
                        + " member enforcing): %d ms", ms(a.nfsAcceptingAt() - killed), ms(serving - killed)));
        JsonNode g = grace(a);
        assertThat(g.get("state").asText()).isEqualTo("in-grace");
        assertThat(a.get("/health/ready").statusCode()).as("not ready (back) before its client reclaimed").isEqualTo(500);
        assertThat(g.get("allowListSize").asInt()).isEqualTo(1);
        // a's join(start) opened a new grace period: rec = 3, cur = 4, a NE, b (enforcing) E
        assertThat(awaitDb(b, d -> d.rec() != 0 && "E".equals(d.flags().get(nodeB))))
                .isEqualTo(new Db(4, 3, flags(nodeA, "NE", nodeB, "E")));
        assertThat(grace(b).get("state").asText()).isEqualTo("in-grace");

        // client 1 comes back (same owner, new clientid) and reclaims; the old CephFS session was reset
        long beforeComplete = reclaimOnA("lock-1");

        // early lift: the only allow-listed client is done
        Db lifted = new Db(4, 0, flags(nodeA, "", nodeB, ""));
        long recZero = awaitRecZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/health/ready").statusCode() == 200);
        timings.add(String.format("crash: restarted head a NFS accepting -> rec=0: %d ms; ready -> rec=0: %d ms;"
                        + " RECLAIM_COMPLETE -> rec=0: %d ms (the client reclaimed once a was ready)",
                ms(recZero - a.nfsAcceptingAt()), ms(recZero - serving), ms(recZero - beforeComplete)));
        assertThat(awaitDb(b, lifted::equals)).isEqualTo(lifted);
        assertThat(awaitDb(a, lifted::equals)).isEqualTo(lifted);
        assertThat(awaitState(b, "serving")).isEqualTo("serving");
        Thread.sleep(500); // a few more lock attempts of client 2 after the lift
        polling.set(false);
        poller.get(30, TimeUnit.SECONDS);
        System.out.println("GraceClusterTest: client 2's LOCK on head b while a crashed and came back: " + seen);
        assertThat(seen).as("client 2 must never get the lock client 1 holds").doesNotContainKey("NFS4_OK");
        assertThat(seen).as("client 2 during a's grace period").containsKey("NFS4ERR_GRACE");
        assertThat(seen.keySet()).as("nothing but DENIED and GRACE").containsOnly("NFS4ERR_DENIED", "NFS4ERR_GRACE");
        assertThat(cliDump()).isEqualTo(lifted);

        // client 1 holds the lock (through CephFS: the heads share nothing else)
        assertThat(lock2()).isEqualTo("NFS4ERR_DENIED");
        Res.ok(c1.seq(list(putfh(fh), locku(WRITE_LT, lock1, 0, 100))));
        String after = lock2();
        assertThat(after).isEqualTo("NFS4_OK");
        failed = false;
    }

    /** (3) clean stop of a: a grace period begins; restarting a lifts it. */
    @Test
    @Order(3)
    void aCleanStopStartsAGracePeriodThatTheRestartedHeadLifts() throws Exception {
        failed = true;
        assertThat(probe2.granted()).as("case 2 left client 2 holding its lock").isNotNull();
        Res.ok(c2.seq(list(putfh(fh), locku(WRITE_LT, probe2.granted(), 0, 100))));
        lock1 = Res.lockStateid(Res.ok(c1.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 100, open1, c1.owner("lock-1b"))))));
        assertThat(lock2()).isEqualTo("NFS4ERR_DENIED");

        long stopping = System.nanoTime();
        assertThat(a.stop(Duration.ofSeconds(30))).as("a stops on SIGTERM").isTrue();
        timings.add(String.format("clean stop of head a (SIGTERM -> exit): %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping)));
        closeConnectionsOf(c1);
        // a's leave: join(start) → rec = 4, cur = 5, a NE; b enforces
        Db inGrace = new Db(5, 4, flags(nodeA, "NE", nodeB, "E"));
        assertThat(awaitDb(b, inGrace::equals)).isEqualTo(inGrace);
        assertThat(cliDump()).isEqualTo(inGrace);
        assertThat(awaitState(b, "in-grace")).isEqualTo("in-grace");
        COMPOUND4res newOpen = c2.seq(list(putrootfh(), openCreate(c2.owner("open-2"), "new-during-grace",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())));
        assertThat(Res.status(newOpen)).isEqualTo("NFS4ERR_GRACE");
        assertThat(lock2()).isEqualTo("NFS4ERR_GRACE");
        // a aborted its CephFS session instead of unmounting: the lock is still held for a's successor
        CephDevCluster.Result other = heads.ceph().client(null, Duration.ofSeconds(60), "lock", heads.exportPath() + "/" + FILE, "0", "100");
        assertThat(other.stdoutText()).as("another CephFS client's lock attempt: %s", other).contains("conflict");

        a = startA();
        long ready = System.nanoTime();
        assertThat(grace(a).get("allowListSize").asInt()).isEqualTo(1);
        long beforeComplete = reclaimOnA("lock-1b");
        Db lifted = new Db(5, 0, flags(nodeA, "", nodeB, ""));
        long recZero = awaitRecZero();
        timings.add(String.format("clean stop: restarted head a NFS accepting -> rec=0 (every client reclaiming): %d ms;"
                        + " ready -> rec=0: %d ms; RECLAIM_COMPLETE -> rec=0: %d ms",
                ms(recZero - a.nfsAcceptingAt()), ms(recZero - ready), ms(recZero - beforeComplete)));
        assertThat(awaitDb(b, lifted::equals)).isEqualTo(lifted);
        assertThat(awaitDb(a, lifted::equals)).isEqualTo(lifted);
        assertThat(awaitState(b, "serving")).isEqualTo("serving");
        // new state on b again, and client 1's reclaimed lock still excludes client 2
        Res.ok(c2.seq(list(putrootfh(), openCreate(c2.owner("open-2"), "new-after-grace",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()))));
        assertThat(lock2()).isEqualTo("NFS4ERR_DENIED");
        Res.ok(c1.seq(list(putfh(fh), locku(WRITE_LT, lock1, 0, 100))));
        assertThat(lock2()).isEqualTo("NFS4_OK");
        failed = false;
    }

    // ------------------------------------------------------------------ heads and the database

    private GatewayProcess startA() throws Exception {
        return heads.startA();
    }

    private GatewayProcess startB() throws Exception {
        return heads.startB();
    }

    private Cli cli(String... args) throws Exception {
        return heads.cli(args);
    }

    private Db cliDump() throws Exception {
        return heads.cliDump();
    }

    private Db awaitDb(GatewayProcess g, Predicate<Db> until) throws Exception {
        return heads.awaitDb(g, until);
    }

    private long awaitRecZero() throws Exception {
        return heads.awaitRecZero(Duration.ofSeconds(30), "RECLAIM_COMPLETE");
    }

    private String awaitState(GatewayProcess g, String state) throws Exception {
        return heads.awaitState(g, state);
    }

    /**
     * Client 1 comes back to the restarted head a (same owner, new clientid), reclaims its open
     * and its lock (lock-owner {@code lockOwner}), reads its data back and sends RECLAIM_COMPLETE;
     * System.nanoTime() just before that RECLAIM_COMPLETE.
     */
    private long reclaimOnA(String lockOwner) throws IOException {
        Session c1b = new Session(connect(a), owner1, Session.randomVerifier());
        assertThat(NfsStat4.name(c1b.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(NfsStat4.name(c1b.createSession().status())).isEqualTo("NFS4_OK");
        assertThat(c1b.clientId()).as("a new clientid after the restart").isNotEqualTo(c1.clientId());
        COMPOUND4res reopened = c1b.seq(list(putfh(fh), openPrevious(c1b.owner("open-1"),
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)));
        assertThat(Res.status(reopened)).as("OPEN CLAIM_PREVIOUS: %s", Res.describe(reopened)).isEqualTo("NFS4_OK");
        open1 = Res.openStateid(reopened);
        COMPOUND4res relocked = c1b.seq(list(putfh(fh), lockReclaim(WRITE_LT, 0, 100, open1, c1b.owner(lockOwner))));
        assertThat(Res.status(relocked)).as("LOCK reclaim: %s", Res.describe(relocked)).isEqualTo("NFS4_OK");
        lock1 = Res.lockStateid(relocked);
        assertThat(Res.readString(Res.ok(c1b.seq(list(putfh(fh), read(open1, 0, 100)))))).isEqualTo(DATA);
        long beforeComplete = System.nanoTime();
        Res.ok(c1b.reclaimComplete());
        c1 = c1b;
        return beforeComplete;
    }

    // ------------------------------------------------------------------ clients

    private NfsClient connect(GatewayProcess g) throws IOException {
        NfsClient c = NfsClient.connect(new InetSocketAddress("127.0.0.1", g.nfsPort())).timeout(Duration.ofSeconds(60));
        connections.add(c);
        return c;
    }

    private void closeConnectionsOf(Session s) {
        s.client().close();
        connections.remove(s.client());
    }

    private LockProbe probe2;

    /** Client 2 (on b) asks for a write lock on client 1's range with a new lock-owner; its status. */
    private String lock2() throws IOException {
        return probe2.lock();
    }
}
