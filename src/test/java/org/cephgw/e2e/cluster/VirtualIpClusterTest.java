package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cephgw.actors.head.HeadSet;
import org.cephgw.actors.state.Ids;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.CallbackServer;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual-IP mode on three real gateway JVMs in one Pekko cluster (seed nodes on loopback), six
 * heads spread over them by cluster sharding, one local directory served by all of them (the local
 * back end and the local grace store in a shared state directory: no Ceph needed). The project's
 * NFSv4.1 client connects to each node in turn, as clients behind a round-robin balancer would:
 * every client lands on the head its owner hashes to, whichever node it reached; a session goes
 * on through another node; the back channel reaches the client through the node it is connected
 * to; every node answers as the same server; and the nodes count the calls they forwarded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VirtualIpClusterTest {
    private static final int NODES = 3;
    private static final HeadSet HEADS = new HeadSet(java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> new HeadSet.Head("vip" + i, i)).toList());
    /** a first call may wait while its head starts (grace join, every member enforcing) */
    private static final Duration FIRST_CALL = Duration.ofSeconds(60);

    private final List<NfsClient> clients = Collections.synchronizedList(new ArrayList<>());
    private Path work;
    private Path export;
    private VipNodes nodes;
    @org.junit.jupiter.api.extension.RegisterExtension
    final FailureFlag failure = new FailureFlag();

    @BeforeAll
    void startCluster() throws Exception {
        work = Files.createTempDirectory("cephgw-vip-");
        export = Files.createDirectories(work.resolve("export"));
        // the test client's AUTH_SYS user is not root (and root is squashed)
        Files.setPosixFilePermissions(export, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        // one work directory: one state directory (the local grace store, the handle secret) for all
        nodes = new VipNodes("VirtualIpClusterTest", work, NODES, HEADS.size(), "vip", "cephgw-vip-test", """
                lease-time = 20s
                grace-time = 20s
                # the clients of a retired head reclaim at its successors until the cluster removes it
                grace.remove-departed-after = 40s
                exports = [ { id = 1, path = "%s", pseudo = "/", handle-secret = "vip-test-handle-secret-0123" } ]
                """.formatted(export));
        assertThat(nodes.heads()).isEqualTo(HEADS);
        nodes.startAll();
        // sharding spreads the heads (two per node; heads placed before every node was there move,
        // one every 10 s), every head started and out of its grace period
        nodes.awaitBalanced(Duration.ofSeconds(150));
        LocalGraceDb db = LocalGraceDb.inStateDir(work.resolve("state"));
        Awaitility.await("the heads' first grace period is over").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    GraceState st = db.read();
                    return st.members().size() == HEADS.size() && st.rec() == 0
                            && st.members().values().stream().noneMatch(f -> f.enforcing() || f.needsGrace());
                });
    }

    @AfterAll
    void stopCluster() throws Exception {
        clients.forEach(NfsClient::close);
        if (failure.failed()) {
            System.out.println(nodes.logTails(80));
        }
        nodes.close();
        if (!failure.failed()) {
            GatewayProcess.deleteTree(work);
        }
    }

    private NfsClient connect(int node) throws IOException {
        NfsClient c = NfsClient.connect(new InetSocketAddress(nodes.node(node).host(), nodes.node(node).nfsPort()));
        c.timeout(FIRST_CALL);
        clients.add(c);
        return c;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyNodeServesEveryClientOnTheHeadItsOwnerHashesTo() throws IOException {
        List<byte[]> owners = new ArrayList<>();
        List<byte[]> majors = new ArrayList<>();
        List<byte[]> scopes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String owner = "Linux NFSv4.2 vip-client-" + i;
            Session s = Session.open(connect(i % NODES), owner);
            int expected = HEADS.forOwner(owner.getBytes(StandardCharsets.UTF_8)).index();
            assertThat(Ids.head(s.clientId())).as("head of %s (clientid %s)", owner, s.clientIdHex()).isEqualTo(expected);
            // the same client owner reaching another node finds its record on the same head
            Session again = new Session(connect((i + 1) % NODES), s.ownerId(), s.verifier());
            EXCHANGE_ID4res r = again.exchangeId();
            assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
            assertThat(r.resok().clientid()).as("clientid of %s through another node", owner).isEqualTo(s.clientId());
            majors.add(r.resok().serverOwner().soMajorId());
            scopes.add(r.resok().serverScope());
            owners.add(s.ownerId());
        }
        // one server, whichever head and node a client reaches (the Linux client reclaims only then)
        assertThat(majors).allSatisfy(m -> assertThat(m).isEqualTo("cephgw-vip-test".getBytes(StandardCharsets.UTF_8)));
        assertThat(scopes).allSatisfy(m -> assertThat(m).isEqualTo("cephgw-vip-test".getBytes(StandardCharsets.UTF_8)));
        // twelve owners over six heads: more than one head took clients
        assertThat(owners.stream().map(o -> HEADS.forOwner(o).index()).distinct().count()).isGreaterThan(1);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aSessionGoesOnThroughEveryOtherNode() throws IOException {
        Session s = Session.open(connect(0), "Linux NFSv4.1 vip-roaming");
        String file = "roaming-" + System.nanoTime();
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(putrootfh(),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        for (int node = 1; node <= NODES; node++) {
            // the next node (and back to the first): the slot sequence carries over, the state is the head's
            s = s.via(connect(node % NODES));
            byte[] part = Arrays.copyOfRange(data, (node - 1) * data.length / NODES, node * data.length / NODES);
            Res.ok(s.seq(list(putrootfh(), lookup(file), write(sid, (long) (node - 1) * data.length / NODES, part))));
        }
        Res.ok(s.seq(list(putrootfh(), lookup(file), commit(0, 0))));
        for (int node = 0; node < NODES; node++) {
            s = s.via(connect(node));
            byte[] read = Res.readData(Res.ok(s.seq(list(putrootfh(), lookup(file), read(sid, 0, data.length)))));
            assertThat(read).as("read through node %d", node).isEqualTo(data);
        }
        Res.ok(s.seq(list(putrootfh(), lookup(file), close(sid))));
        assertThat(Files.readAllBytes(export.resolve(file))).isEqualTo(data);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void theBackChannelReachesTheClientThroughTheNodeItIsConnectedTo() throws IOException {
        // a client whose head is not on the node it is connected to
        for (int attempt = 0; attempt < 20; attempt++) {
            String owner = "Linux NFSv4.1 vip-callbacks-" + attempt;
            int node = attempt % NODES;
            NfsClient c = connect(node);
            CallbackServer cb = CallbackServer.on(c);
            Session s = new Session(c, owner).establishWithBackChannel(List.of(new CallbackSecParms4.AuthNone()));
            // the head checks the new back channel with CB_NULL, which comes over this connection
            c.pollCallbacks(Duration.ofSeconds(3));
            assertThat(c.backchannelCalls()).as("back-channel calls seen by %s", owner).isPositive();
            SEQUENCE4res seq = Res.get(Res.ok(s.seq(list(putrootfh()))), SEQUENCE4res.class);
            assertThat(seq.resok().statusFlags() & (SEQ4_STATUS_CB_PATH_DOWN | SEQ4_STATUS_CB_PATH_DOWN_SESSION))
                    .as("CB path of %s", owner).isZero();
            long before = forwardedBy(node);
            Res.ok(s.seq(list(putrootfh())));
            if (forwardedBy(node) > before) {
                // its calls go to another node, and the CB_NULL came back through this one
                return;
            }
        }
        throw new AssertionError("no back channel went through a node forwarding to its head");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void callsAreForwardedToTheNodeHostingTheirHead() throws IOException, InterruptedException {
        for (int i = 0; i < 6; i++) {
            Session s = Session.open(connect(i % NODES), "Linux NFSv4.2 vip-forwarded-" + i);
            Res.ok(s.seq(list(putrootfh(), getattr(FATTR4_TYPE))));
        }
        long forwarded = 0;
        long direct = 0;
        for (int n = 0; n < NODES; n++) {
            forwarded += forwardedBy(n);
            direct += routed(n, "this-node");
        }
        // six heads on three nodes: some calls reach their head's node, others are forwarded
        assertThat(forwarded).as("COMPOUNDs forwarded to another node").isPositive();
        assertThat(direct).as("COMPOUNDs run on the node they reached").isPositive();
    }

    /**
     * Each node's /metrics shows the heads it hosts (docs/metrics.md): together all six, each once,
     * serving and out of grace, each seeing the six members of the grace database without N or E.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void everyNodeReportsTheHeadsItHostsAndTheirGraceStateOnMetrics() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    List<String> hosted = new ArrayList<>();
                    double count = 0;
                    for (int n = 0; n < NODES; n++) {
                        org.cephgw.e2e.protocol.Scrape m = org.cephgw.e2e.protocol.Scrape.parse(nodes.node(n).get("/metrics").body());
                        count += m.value("cephgw_heads_hosted").orElseThrow();
                        for (org.cephgw.e2e.protocol.Scrape.Sample p : m.all("cephgw_grace_phase")) {
                            String head = p.labels().get("head");
                            hosted.add(head);
                            assertThat(p.value()).as("phase of %s", head).isEqualTo(3.0);
                            assertThat(m.value("cephgw_grace_in_grace", "head", head)).contains(0.0);
                            assertThat(m.all("cephgw_grace_member_flags", "head", head)).as("members seen by %s", head)
                                    .hasSize(2 * HEADS.size()).allSatisfy(f -> assertThat(f.value()).isZero());
                        }
                        assertThat(m.all("nfs_compounds_routed_total")).hasSize(2);
                    }
                    assertThat(count).isEqualTo(HEADS.size());
                    assertThat(hosted).containsExactlyInAnyOrderElementsOf(HEADS.heads().stream().map(HeadSet.Head::name).toList());
                });
    }

    /**
     * A planned stop (SIGTERM) of a node: its heads hand off — the calls under way answer, each
     * leaves the grace database for its successor, which starts on another node — and a client of
     * one of them, connected to another node, carries on as after a server restart (its calls wait
     * meanwhile; none is lost or refused). The node comes back and the heads spread again.
     */
    @Test
    @org.junit.jupiter.api.Order(5)
    void aStoppedNodeHandsItsHeadsToTheOthersAndTheirClientsReclaim() throws Exception {
        int stopping = 1;
        nodes.ensureAllRunning(Duration.ofSeconds(150));
        Map<String, String> hosts = nodes.awaitBalanced(Duration.ofSeconds(150));
        String moved = nodes.headOn(hosts, stopping);
        Session a = Session.open(connect(0), nodes.ownerOn(moved, "Linux NFSv4.1 handoff-a-"));
        byte[] fh = createWith(a, "handoff-" + System.nanoTime(), "written before the stop").fh();

        long stop = System.nanoTime();
        assertThat(nodes.node(stopping).stop(Duration.ofSeconds(60))).as("node%d stopped within 60 s", stopping).isTrue();
        long stopped = System.nanoTime();
        COMPOUND4res r = a.seq(list(putrootfh()));
        assertThat(Res.status(r)).as("A's first call after the stop").isEqualTo("NFS4ERR_BADSESSION");
        long answered = System.nanoTime();
        reclaimAfterRestart(a, fh, "written before the stop", moved);
        long reclaimed = System.nanoTime();
        System.out.printf("virtual-IP hand-off: SIGTERM -> node stopped %.1f s, -> A's call answered %.1f s,"
                + " -> A reclaimed %.1f s%n", (stopped - stop) / 1e9, (answered - stop) / 1e9, (reclaimed - stop) / 1e9);
        nodes.awaitAllServingWithout(0, stopping, Duration.ofSeconds(90));

        nodes.restart(stopping);
        nodes.awaitBalanced(Duration.ofSeconds(150));
    }

    /**
     * What the Linux client does when its server restarted: CREATE_SESSION with its clientid
     * (stale now), EXCHANGE_ID and CREATE_SESSION, OPEN CLAIM_PREVIOUS, RECLAIM_COMPLETE; the
     * reclaimed open reads back {@code data}. Its head is still {@code head}.
     */
    private record Reclaimed(Session session, Stateid4 open) {
    }

    private record Created(byte[] fh, Stateid4 open) {
    }

    /** OPEN (create) {@code file} in the export's root and WRITE {@code data} there, FILE_SYNC. */
    private static Created createWith(Session s, String file, String data) throws IOException {
        COMPOUND4res opened = Res.ok(s.seq(list(putrootfh(), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()), getfh())));
        byte[] fh = Res.fh(opened);
        Stateid4 sid = Res.openStateid(opened);
        Res.ok(s.seq(list(putfh(fh), write(sid, 0, data))));
        return new Created(fh, sid);
    }

    private Reclaimed reclaimAfterRestart(Session a, byte[] fh, String data, String head) throws IOException {
        assertThat(NfsStat4.name(a.createSession(a.clientId(), a.createSessionSequence(), Session.DEFAULT_FORE).status()))
                .isEqualTo("NFS4ERR_STALE_CLIENTID");
        Session a2 = new Session(a.client(), a.ownerId(), a.verifier());
        assertThat(NfsStat4.name(a2.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(Ids.head(a2.clientId())).as("head of the client").isEqualTo(HEADS.byName(head).orElseThrow().index());
        assertThat(NfsStat4.name(a2.createSession().status())).isEqualTo("NFS4_OK");
        Stateid4 sid = Res.openStateid(Res.ok(a2.seq(list(putfh(fh),
                openPrevious(a2.owner("o"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)))));
        assertThat(Res.readString(Res.ok(a2.seq(list(putfh(fh), read(sid, 0, 100)))))).isEqualTo(data);
        Res.ok(a2.reclaimComplete());
        return new Reclaimed(a2, sid);
    }

    /**
     * A head set made smaller by a rolling update (6 heads → 3), as a StatefulSet applies a new
     * configuration: highest ordinal first, SIGTERM, start with the new configuration, ready, next.
     * Nodes of both configurations run side by side meanwhile (the heads only the old ones have run
     * wherever sharding puts them, on new nodes too); afterwards the removed heads are gone from the
     * grace database, which is out of grace, the three remaining heads serve, one per node, and a
     * client of a removed head is told its clientid is stale and is served by the head its owner is
     * assigned to now when it establishes itself again, its data intact.
     */
    @Test
    @org.junit.jupiter.api.Order(30)
    void aHeadSetMadeSmallerInARollingUpdateLeavesNoRemovedHeadBehind() throws Exception {
        nodes.ensureAllRunning(Duration.ofSeconds(150));
        nodes.awaitBalanced(Duration.ofSeconds(150));
        HeadSet smaller = new HeadSet(HEADS.heads().subList(0, 3));
        Session gone = Session.open(connect(0), nodes.ownerOn("vip5", "Linux NFSv4.1 retired-"));
        String name = "retired-" + System.nanoTime();
        Created file = createWith(gone, name, "written before the roll");

        nodes.configure(smaller.size());
        long rollStart = System.nanoTime();
        for (int n = NODES - 1; n >= 0; n--) {
            assertThat(nodes.node(n).stop(Duration.ofSeconds(60))).as("node%d stopped within 60 s", n).isTrue();
            nodes.restart(n); // returns once /health/ready says ready
        }
        long rolled = System.nanoTime();
        Map<String, String> hosts = nodes.awaitBalanced(Duration.ofSeconds(150));
        assertThat(hosts.keySet()).containsExactlyInAnyOrder("vip0", "vip1", "vip2");
        LocalGraceDb db = LocalGraceDb.inStateDir(work.resolve("state"));
        Awaitility.await("the removed heads are gone from the grace database, which is out of grace")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    GraceState st = db.read();
                    return st.members().keySet().equals(java.util.Set.of("vip0", "vip1", "vip2")) && st.rec() == 0;
                });
        long cleaned = System.nanoTime();
        System.out.printf("virtual-IP head set 6 -> 3: roll of 3 nodes %.1f s; the remaining heads spread and the"
                + " removed ones gone from the grace database, out of grace, %.1f s after the last node was ready%n",
                (rolled - rollStart) / 1e9, (cleaned - rolled) / 1e9);
        // and every head has seen the database out of grace (what /heads shows follows the head's own gate)
        nodes.awaitBalanced(Duration.ofSeconds(60));

        // the client of vip5 comes back after the roll (idle meanwhile: its lease, and with it its
        // recovery record, expired long ago; reclaiming at the new head under load is what
        // RollingRestartKernelClientTest proves): its clientid is stale, it establishes itself with
        // the head its owner is assigned to now, and finds its data
        NfsClient again = connect(0);
        Session back = new Session(again, gone.ownerId(), gone.verifier());
        assertThat(NfsStat4.name(back.createSession(gone.clientId(), gone.createSessionSequence(), Session.DEFAULT_FORE)
                .status())).as("CREATE_SESSION with the retired head's clientid").isEqualTo("NFS4ERR_STALE_CLIENTID");
        assertThat(NfsStat4.name(back.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(Ids.head(back.clientId())).as("its new head").isEqualTo(smaller.forOwner(gone.ownerId()).index());
        assertThat(NfsStat4.name(back.createSession().status())).isEqualTo("NFS4_OK");
        Res.ok(back.reclaimComplete());
        COMPOUND4res opened = Res.ok(back.seq(list(putrootfh(),
                open(back.owner("o2"), name, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))));
        assertThat(Res.readString(Res.ok(back.seq(list(putfh(file.fh()), read(Res.openStateid(opened), 0, 100))))))
                .isEqualTo("written before the roll");
        for (int n = 0; n < NODES; n++) {
            assertThat(nodes.node(n).get("/grace/members").body()).as("node%d /grace/members", n)
                    .doesNotContain("vip3").doesNotContain("vip5");
        }
    }

    /**
     * kill -9 of a node: its heads start on the other two, a client of one of them — connected to
     * another node, as a client behind the single address may well be — carries on: its next call
     * waits (held while the node is unreachable) and gets NFS4ERR_BADSESSION from the head's new
     * incarnation, it reclaims its open (the head's recovery records moved with it) and reads its
     * committed data; a client of another head gets NFS4ERR_GRACE for new state meanwhile and
     * never loses its own. The killed node comes back and rejoins.
     */
    @Test
    @org.junit.jupiter.api.Order(10)
    void aKilledNodesHeadsStartOnTheOthersAndTheirClientsReclaim() throws Exception {
        int victim = NODES - 1;
        String victimAddress = nodes.address(victim);
        nodes.ensureAllRunning(Duration.ofSeconds(150));
        Map<String, String> hosts = nodes.awaitBalanced(Duration.ofSeconds(150));
        String moved = nodes.headOn(hosts, victim);
        String ownerA = nodes.ownerOn(moved, "Linux NFSv4.1 takeover-a-");
        String ownerB = nodes.ownerOn(nodes.headOn(hosts, 1), "Linux NFSv4.1 takeover-b-");

        Session a = Session.open(connect(0), ownerA);
        String file = "takeover-" + System.nanoTime();
        byte[] fh = createWith(a, file, "committed before the kill").fh();
        Session b = Session.open(connect(1), ownerB);
        Stateid4 sidB = Res.openStateid(Res.ok(b.seq(list(putrootfh(), openCreate(b.owner("o"), file + "-b",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));

        long killed = System.nanoTime();
        nodes.node(victim).kill();
        // A's next call waits while the node is unreachable, then meets the head's new incarnation
        COMPOUND4res r = a.seq(list(putrootfh()));
        assertThat(Res.status(r)).as("A's first call after the kill").isEqualTo("NFS4ERR_BADSESSION");
        long badSession = System.nanoTime();
        // the moved head serves only once every member enforces its grace period, and A has not
        // reclaimed yet: B's head refuses new state, and B keeps what it has
        COMPOUND4res newOpen = b.seq(list(putrootfh(), openCreate(b.owner("o2"), file + "-b2", OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked())));
        assertThat(Res.status(newOpen)).as("B's new OPEN while the moved head's grace period runs")
                .isEqualTo("NFS4ERR_GRACE");
        Res.ok(b.seq(list(putrootfh(), lookup(file + "-b"), write(sidB, 0, "B carries on"))));
        // the Linux client's recovery: the old clientid is stale, so a new one and reclaim
        Reclaimed a2 = reclaimAfterRestart(a, fh, "committed before the kill", moved);
        long reclaimed = System.nanoTime();
        Res.ok(a2.session().seq(list(putfh(fh), write(a2.open(), 25, " and after"))));

        Map<String, String> after = nodes.awaitAllServingWithout(0, victim, Duration.ofSeconds(90));
        assertThat(after.get(moved)).as("node of %s after the kill", moved).isNotEqualTo(victimAddress);
        System.out.printf("virtual-IP takeover: kill -9 -> A's call answered (BADSESSION) %.1f s, -> A reclaimed %.1f s%n",
                (badSession - killed) / 1e9, (reclaimed - killed) / 1e9);

        // the node comes back on its address and joins again; every head serves
        nodes.restart(victim);
        nodes.awaitAllServing(victim, Duration.ofSeconds(90));
        assertThat(Files.readString(export.resolve(file))).isEqualTo("committed before the kill and after");
    }

    /**
     * A node cut off from the others (every packet between its address and theirs dropped, as a
     * network partition does; clients still reach it): the majority downs it and its heads start
     * there; the node downs itself (keep-majority) and stops serving — its process ends, so no
     * client is served by two incarnations of one head. A client of a moved head, connected to a
     * node of the majority, reclaims. The node, reconnected and started again, rejoins.
     */
    @Test
    @org.junit.jupiter.api.Order(20)
    void aNodeCutOffFromTheOthersStopsServingAndItsHeadsMove() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(VipNodes.canCutOff(),
                "iptables is missing or may not change rules here (.ci/run installs it): the partition case cannot run");
        int cut = 2;
        nodes.ensureAllRunning(Duration.ofSeconds(150));
        Map<String, String> hosts = nodes.awaitBalanced(Duration.ofSeconds(150));
        String moved = nodes.headOn(hosts, cut);
        Session a = Session.open(connect(0), nodes.ownerOn(moved, "Linux NFSv4.1 partition-a-"));
        byte[] fh = createWith(a, "partition-" + System.nanoTime(), "written before the partition").fh();

        long t0 = System.nanoTime();
        nodes.cutOff(cut);
        COMPOUND4res r = a.seq(list(putrootfh()));
        assertThat(Res.status(r)).as("A's first call after the partition").isEqualTo("NFS4ERR_BADSESSION");
        long answered = System.nanoTime();
        reclaimAfterRestart(a, fh, "written before the partition", moved);
        long reclaimed = System.nanoTime();
        // the minority side has downed itself: its gateway ends
        GatewayProcess isolated = nodes.node(cut);
        Awaitility.await("node" + cut + " ends after downing itself").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> !isolated.isAlive());
        long ended = System.nanoTime();
        assertThat(Files.readString(isolated.log())).as("node%d's log", cut).contains("SBR took decision DownReachable");
        System.out.printf("virtual-IP partition: cut off -> A's call answered (BADSESSION) %.1f s, -> A reclaimed %.1f s,"
                + " -> the cut-off node ended %.1f s%n", (answered - t0) / 1e9, (reclaimed - t0) / 1e9, (ended - t0) / 1e9);
        nodes.awaitAllServingWithout(0, cut, Duration.ofSeconds(90));

        nodes.reconnect(cut);
        nodes.restart(cut);
        nodes.awaitAllServing(cut, Duration.ofSeconds(120));
    }

    private long forwardedBy(int node) {
        return routed(node, "other-node");
    }

    private static final Pattern ROUTED = Pattern.compile("nfs_compounds_routed_total\\{to=\"([a-z-]+)\",?}\\s+([0-9.eE+]+)");

    private long routed(int node, String to) {
        try {
            String body = nodes.node(node).get("/metrics").body();
            Matcher m = ROUTED.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(to)) {
                    return (long) Double.parseDouble(m.group(2));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
