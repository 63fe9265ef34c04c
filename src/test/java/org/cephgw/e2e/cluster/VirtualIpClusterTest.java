package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.e2e.client.Ops.*;
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
import org.cephgw.e2e.client.CallbackServer;
import org.cephgw.e2e.client.NfsClient;
import org.cephgw.e2e.client.Res;
import org.cephgw.e2e.client.Session;
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
    private static final HeadSet HEADS = heads(6);
    /** a first call may wait while its head starts (grace join, every member enforcing) */
    private static final Duration FIRST_CALL = Duration.ofSeconds(60);

    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<NfsClient> clients = Collections.synchronizedList(new ArrayList<>());
    private Path work;
    private Path export;
    private Path jar;
    private Path config;
    private int[] remoting;
    private volatile boolean failed;

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher watcher = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    private static HeadSet heads(int n) {
        List<HeadSet.Head> hs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hs.add(new HeadSet.Head("vip" + i, i));
        }
        return new HeadSet(hs);
    }

    @BeforeAll
    void startCluster() throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        jar = root.resolve("gateway/target/gateway.jar");
        assertThat(jar).as("mvn package must run first").isRegularFile();
        work = Files.createTempDirectory("cephgw-vip-");
        export = Files.createDirectories(work.resolve("export"));
        // the test client's AUTH_SYS user is not root (and root is squashed)
        Files.setPosixFilePermissions(export, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        remoting = new int[NODES];
        for (int i = 0; i < NODES; i++) {
            remoting[i] = GatewayProcess.freePort();
        }
        config = work.resolve("vip.conf");
        Files.writeString(config, """
                gateway {
                  mode = "virtual-ip"
                  virtual-ip { heads = %d, head-prefix = "vip", server-scope = "cephgw-vip-test" }
                  cluster.self-join = false
                  lease-time = 20s
                  grace-time = 20s
                  exports = [ { id = 1, path = "%s", pseudo = "/", handle-secret = "vip-test-handle-secret-0123" } ]
                }
                pekko.cluster.seed-nodes = ["pekko://cephgw@127.0.0.1:%d"]
                """.formatted(HEADS.size(), export, remoting[0]));
        // one work directory: one jar copy and one state directory (the local grace store) for all;
        // all at once, as a StatefulSet with podManagementPolicy Parallel starts them
        Files.copy(jar, work.resolve("gateway.jar"));
        List<java.util.concurrent.CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int n = i;
            starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> startNode(n, 0)));
        }
        for (var f : starting) {
            nodes.add(f.join());
        }
        // sharding spreads the heads (two per node; heads placed before every node was there move,
        // one every 10 s), every head started and out of its grace period
        Awaitility.await("two heads on every node").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, String> hosts = awaitAllServing(0);
                    return hosts.values().stream().distinct().count() == NODES
                            && hosts.values().stream().collect(java.util.stream.Collectors.groupingBy(h -> h,
                                    java.util.stream.Collectors.counting())).values().stream().allMatch(n -> n == HEADS.size() / NODES);
                });
        LocalGraceDb db = LocalGraceDb.inStateDir(work.resolve("state"));
        Awaitility.await("the heads' first grace period is over").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    GraceState st = db.read();
                    return st.members().size() == HEADS.size() && st.rec() == 0
                            && st.members().values().stream().noneMatch(f -> f.enforcing() || f.needsGrace());
                });
    }

    private GatewayProcess startNode(int n, int nfsPort) {
        try {
            return GatewayProcess.start(jar, work, work.resolve("node" + n + ".log"), true, Duration.ofSeconds(120),
                    List.of(GatewayProcess.WITH_CDS, "-Dpekko.remote.artery.canonical.port=" + remoting[n],
                            "-Dgateway.node-id=node" + n),
                    nfsPort, "--config", config.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        clients.forEach(NfsClient::close);
        for (GatewayProcess g : nodes) {
            g.close();
        }
        if (failed) {
            for (int i = 0; i < nodes.size(); i++) {
                System.out.println("--- node" + i + " log ---\n" + GatewayProcess.tail(nodes.get(i).log(), 80));
            }
        }
    }

    private NfsClient connect(int node) throws IOException {
        NfsClient c = NfsClient.connect(new InetSocketAddress("127.0.0.1", nodes.get(node).nfsPort()));
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
        String victimAddress = "pekko://cephgw@127.0.0.1:" + remoting[victim];
        Map<String, String> hosts = awaitAllServing(0);
        String moved = hosts.entrySet().stream().filter(e -> e.getValue().equals(victimAddress)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no head on " + victimAddress + ": " + hosts));
        String ownerA = ownerOn(moved, "Linux NFSv4.1 takeover-a-");
        String ownerB = ownerOn(hosts.entrySet().stream().filter(e -> !e.getValue().equals(victimAddress))
                .map(Map.Entry::getKey).findFirst().orElseThrow(), "Linux NFSv4.1 takeover-b-");

        NfsClient ca = connect(0);
        Session a = Session.open(ca, ownerA);
        String file = "takeover-" + System.nanoTime();
        COMPOUND4res opened = Res.ok(a.seq(list(putrootfh(), openCreate(a.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()), getfh())));
        byte[] fh = Res.fh(opened);
        Stateid4 sid = Res.openStateid(opened);
        Res.ok(a.seq(list(putfh(fh), write(sid, 0, "committed before the kill"))));
        Session b = Session.open(connect(1), ownerB);
        Stateid4 sidB = Res.openStateid(Res.ok(b.seq(list(putrootfh(), openCreate(b.owner("o"), file + "-b",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));

        long killed = System.nanoTime();
        nodes.get(victim).kill();
        // A's next call waits while the node is unreachable, then meets the head's new incarnation
        COMPOUND4res r = a.seq(list(putrootfh()));
        assertThat(Res.status(r)).as("A's first call after the kill").isEqualTo("NFS4ERR_BADSESSION");
        long badSession = System.nanoTime();
        // the Linux client's recovery: the old clientid is stale, so a new one and reclaim
        assertThat(NfsStat4.name(a.createSession(a.clientId(), a.createSessionSequence(), Session.DEFAULT_FORE).status()))
                .isEqualTo("NFS4ERR_STALE_CLIENTID");
        Session a2 = new Session(ca, a.ownerId(), a.verifier());
        assertThat(NfsStat4.name(a2.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(Ids.head(a2.clientId())).as("A's head").isEqualTo(HEADS.byName(moved).orElseThrow().index());
        assertThat(NfsStat4.name(a2.createSession().status())).isEqualTo("NFS4_OK");
        COMPOUND4res reopened = Res.ok(a2.seq(list(putfh(fh),
                openPrevious(a2.owner("o"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE))));
        Stateid4 sid2 = Res.openStateid(reopened);
        assertThat(Res.readString(Res.ok(a2.seq(list(putfh(fh), read(sid2, 0, 100))))))
                .isEqualTo("committed before the kill");
        Res.ok(a2.reclaimComplete());
        long reclaimed = System.nanoTime();
        Res.ok(a2.seq(list(putfh(fh), write(sid2, 25, " and after"))));

        // B, on another head: its state is intact; new state waits for the grace period the move began
        Res.ok(b.seq(list(putrootfh(), lookup(file + "-b"), write(sidB, 0, "B carries on"))));
        COMPOUND4res newOpen = b.seq(list(putrootfh(), openCreate(b.owner("o2"), file + "-b2", OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked())));
        assertThat(Res.status(newOpen)).as("B's new OPEN while the moved head's grace period runs")
                .isIn("NFS4ERR_GRACE", "NFS4_OK");
        boolean sawGrace = Res.status(newOpen).equals("NFS4ERR_GRACE");

        Map<String, String> after = awaitAllServing(0);
        assertThat(after.get(moved)).as("node of %s after the kill", moved).isNotEqualTo(victimAddress);
        System.out.printf("virtual-IP takeover: kill -9 -> A's call answered (BADSESSION) %.1f s, -> A reclaimed %.1f s;"
                        + " B got NFS4ERR_GRACE for a new OPEN: %s%n",
                (badSession - killed) / 1e9, (reclaimed - killed) / 1e9, sawGrace);

        // the node comes back on its address and joins again; every head serves
        nodes.set(victim, startNode(victim, nodes.get(victim).nfsPort()));
        awaitAllServing(victim);
        assertThat(Files.readString(export.resolve(file))).isEqualTo("committed before the kill and after");
    }

    /** head → node address from {@code /heads}, once all heads serve. */
    private Map<String, String> awaitAllServing(int node) {
        Map<String, String> hosts = new java.util.TreeMap<>();
        Awaitility.await("every head serving").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    hosts.clear();
                    com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(nodes.get(node).get("/heads").body());
                    for (com.fasterxml.jackson.databind.JsonNode h : body.get("heads")) {
                        if (h.get("phase").asText().equals("serving") && !h.get("inGrace").asBoolean()) {
                            hosts.put(h.get("head").asText(), h.get("node").asText());
                        }
                    }
                    return hosts.size() == HEADS.size();
                });
        return Map.copyOf(hosts);
    }

    /** An owner string with {@code prefix} that hashes to {@code head}. */
    private static String ownerOn(String head, String prefix) {
        for (int i = 0; ; i++) {
            String owner = prefix + i;
            if (HEADS.forOwner(owner.getBytes(StandardCharsets.UTF_8)).name().equals(head)) {
                return owner;
            }
        }
    }

    private long forwardedBy(int node) {
        return routed(node, "other-node");
    }

    private static final Pattern ROUTED = Pattern.compile("nfs_compounds_routed_total\\{to=\"([a-z-]+)\",?}\\s+([0-9.eE+]+)");

    private long routed(int node, String to) {
        try {
            String body = nodes.get(node).get("/metrics").body();
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
