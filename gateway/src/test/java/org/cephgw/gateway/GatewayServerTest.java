package org.cephgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsSettings;
import org.cephgw.fsal.Filesystem;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.gateway.testing.FakeNfsService;
import org.cephgw.gateway.testing.RpcClient;
import org.cephgw.protocol.rpc.RpcReplies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole node with fakes for the back end and the NFS service: wiring, management, shutdown. */
class GatewayServerTest {
    @TempDir
    Path dir;

    private final List<String> closedBackends = new CopyOnWriteArrayList<>();
    private final List<String> openedBackends = new CopyOnWriteArrayList<>();
    private final FakeNfsService nfs = new FakeNfsService();
    private final AtomicReference<NfsSettings> settings = new AtomicReference<>();
    private final AtomicReference<List<ExportSpec>> exports = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private GatewayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Filesystem fakeFs(ExportConfig e) {
        openedBackends.add(e.path().toString());
        return (Filesystem) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Filesystem.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> {
                        closedBackends.add(e.path().toString());
                        yield null;
                    }
                    case "toString" -> "fake fs " + e.path();
                    case "openHandles" -> 0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Config config(String extra, int managementPort) {
        return ConfigLoader.withDefaults(ConfigFactory.parseString("""
                gateway.node-id = "test-node"
                gateway.nfs { bind = "127.0.0.1", port = 0 }
                gateway.exports = [ { id = 1, path = "%s", pseudo = "/" } ]
                gateway.state-dir = "%s/state"
                pekko.loglevel = WARNING
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.management.http.port = %d
                """.formatted(dir.toString().replace("\\", "\\\\"), dir.toString().replace("\\", "\\\\"), managementPort) + extra));
    }

    private GatewayServer start(Config c) {
        return GatewayServer.start(c, this::fakeFs, (system, s, e, g) -> {
            settings.set(s);
            exports.set(e);
            return nfs;
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        String base = server.managementUri().toString();
        return http.send(HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesNfsAndManagementAndStopsCleanly() throws Exception {
        server = start(config("", freePort()));
        assertThat(settings.get().nodeId()).isEqualTo("test-node");
        assertThat(exports.get()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(1);
            assertThat(e.pseudoPath()).isEqualTo("/");
            assertThat(e.fs()).isNotNull();
        });

        InetSocketAddress nfsAddr = server.nfsAddress();
        assertThat(nfsAddr.getPort()).isPositive();
        try (RpcClient c = new RpcClient(nfsAddr)) {
            c.sendRecord(RpcClient.call(42, RpcClient.NFS, 4, 0, new byte[0]));
            assertThat(c.readRecord()).isEqualTo(RpcReplies.success(42, 0).toByteArray());
        }

        assertThat(get("/health/alive").statusCode()).isEqualTo(200);
        // ready once the NFS port is bound and the one-node cluster is Up
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").statusCode() == 200);

        nfs.clientList = List.of(new ClientSummary("0100000000000001", "Linux NFSv4.2 host", "127.0.0.1", true, 1, 2, 0, 55_000));
        HttpResponse<String> clients = get("/clients");
        assertThat(clients.statusCode()).isEqualTo(200);
        assertThat(clients.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode cj = json.readTree(clients.body());
        assertThat(cj.get("count").asInt()).isEqualTo(1);
        assertThat(cj.get("clients").get(0).get("clientId").asText()).isEqualTo("0100000000000001");
        assertThat(cj.get("clients").get(0).get("openStateids").asInt()).isEqualTo(2);

        JsonNode ej = json.readTree(get("/exports").body());
        assertThat(ej.get("count").asInt()).isEqualTo(1);
        assertThat(ej.get("nodeId").asText()).isEqualTo("test-node");
        JsonNode e0 = ej.get("exports").get(0);
        assertThat(e0.get("id").asInt()).isEqualTo(1);
        assertThat(e0.get("pseudo").asText()).isEqualTo("/");
        assertThat(e0.get("path").asText()).isEqualTo(dir.toString());
        assertThat(e0.get("access").asText()).isEqualTo("rw");
        assertThat(e0.get("squash").asText()).isEqualTo("root");
        assertThat(e0.get("openHandles").asInt()).isZero();
        assertThat(e0.get("clients").toString()).isEqualTo("[\"0.0.0.0/0\",\"::/0\"]");

        nfs.openHandles.set(3);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("nfs_connections_open ")
                .contains("nfs_backend_open_handles 3.0")
                .containsPattern("rpc_requests_total\\{[^}]*procedure=\"null\"[^}]*status=\"success\"[^}]*} 1\\.0")
                .contains("nfs_compound_duration_seconds");

        HttpResponse<String> members = get("/cluster/members");
        assertThat(members.statusCode()).isEqualTo(200);
        assertThat(members.body()).contains("\"members\"").contains("Up");

        assertThat(get("/nonexistent").statusCode()).isEqualTo(404);

        server.close();
        assertThat(server.whenTerminated().toCompletableFuture().isDone()).isTrue();
        assertThat(closedBackends).containsExactly(dir.toString());
        assertThatThrownBy(() -> new Socket(nfsAddr.getAddress(), nfsAddr.getPort()).close()).isInstanceOf(ConnectException.class);
        server = null;
    }

    @Test
    void localProviderWithoutCluster() throws Exception {
        server = start(config("pekko.actor.provider = local\n", freePort()));
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/health/ready").statusCode() == 200);
        assertThat(get("/cluster/members").statusCode()).isEqualTo(404);
    }

    @Test
    void managementCanBeSwitchedOff() throws Exception {
        server = start(config("gateway.management.enabled = false\npekko.actor.provider = local\n", freePort()));
        assertThat(server.managementUri()).isNull();
        try (RpcClient c = new RpcClient(server.nfsAddress())) {
            c.sendRecord(RpcClient.call(1, RpcClient.NFS, 4, 0, new byte[0]));
            assertThat(RpcClient.xid(c.readRecord())).isEqualTo(1);
        }
    }

    @Test
    void portInUseFailsTheStartBeforeAnyBackEndIsOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Config c = config("gateway.nfs.port = " + taken.getLocalPort() + "\npekko.actor.provider = local\n", freePort());
            assertThatThrownBy(() -> start(c))
                    .isInstanceOf(GatewayServer.StartException.class)
                    .hasMessageStartingWith("cannot listen for NFS on 127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(openedBackends).isEmpty();
    }

    /**
     * The NFS port accepts connections while the head is still starting (here: its back end takes
     * a while to open); a COMPOUND sent then is answered once the NFS service runs, on the same
     * connection, instead of the client's connection being refused.
     */
    @Test
    void callsDuringTheStartWaitForTheService() throws Exception {
        int port = freePort();
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch mayOpen = new CountDownLatch(1);
        Config c = config("gateway.nfs.port = " + port + "\npekko.actor.provider = local\n", freePort());
        CompletableFuture<GatewayServer> started = CompletableFuture.supplyAsync(() -> GatewayServer.start(c, e -> {
            opening.countDown();
            try {
                mayOpen.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return fakeFs(e);
        }, (system, st, e, g) -> nfs));
        try {
            assertThat(opening.await(30, TimeUnit.SECONDS)).as("the back end is being opened").isTrue();
            try (RpcClient client = new RpcClient(new InetSocketAddress("127.0.0.1", port))) {
                client.sendRecord(RpcClient.call(7, RpcClient.NFS, 4, 1, new byte[] {1, 2, 3, 4}));
                Thread.sleep(500);
                assertThat(nfs.calls).as("nothing runs before the service exists").isEmpty();
                mayOpen.countDown();
                server = started.get(30, TimeUnit.SECONDS);
                byte[] reply = client.readRecord();
                assertThat(RpcClient.xid(reply)).isEqualTo(7);
                assertThat(nfs.calls).hasSize(1);
            }
        } finally {
            mayOpen.countDown();
        }
    }

    /**
     * A clean stop (SIGTERM runs the same coordinated shutdown) lets a call under way finish and
     * answers it before the back end closes; what the client sends after the stop began is not run
     * (it sends it again to the next server), and nobody gets an error.
     */
    @Test
    void aStopAnswersTheCallUnderWayBeforeTheBackEndCloses() throws Exception {
        server = start(config("pekko.actor.provider = local\n", freePort()));
        nfs.behave(nfs.holding());
        InetSocketAddress addr = server.nfsAddress();
        try (RpcClient c = new RpcClient(addr)) {
            c.sendRecord(RpcClient.call(9, RpcClient.NFS, 4, 1, new byte[] {9, 9, 9, 9}));
            await().atMost(Duration.ofSeconds(10)).until(() -> nfs.pending.containsKey(9));

            GatewayServer stopping = server;
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> RpcClient.refused(addr));
            c.sendRecord(RpcClient.call(10, RpcClient.NFS, 4, 1, new byte[] {1, 0, 1, 0}));
            Thread.sleep(300);
            assertThat(closedBackends).as("the back end stays open while a call is under way").isEmpty();
            assertThat(stopped).isNotDone();

            nfs.pending.get(9).complete(new byte[] {4, 3, 2, 1});
            byte[] reply = c.readRecord();
            assertThat(RpcClient.xid(reply)).isEqualTo(9);
            assertThat(RpcClient.successBody(reply)).containsExactly(4, 3, 2, 1);
            stopped.get(60, TimeUnit.SECONDS);
            assertThat(closedBackends).containsExactly(dir.toString());
            assertThat(nfs.calls).as("the call sent after the stop began never ran").hasSize(1);
            assertThat(c.endsWithoutData()).as("then the connection ends, with nothing more sent").isTrue();
        }
        server = null;
    }

    /** A call that outlasts gateway.nfs.drain-timeout gets no answer at all, not the error the closing back end causes. */
    @Test
    void aCallThatOutlastsTheDrainTimeGetsNoAnswer() throws Exception {
        server = start(config("pekko.actor.provider = local\ngateway.nfs.drain-timeout = 500ms\n", freePort()));
        nfs.behave(nfs.holding());
        try (RpcClient c = new RpcClient(server.nfsAddress())) {
            c.sendRecord(RpcClient.call(11, RpcClient.NFS, 4, 1, new byte[] {1, 1, 1, 1}));
            await().atMost(Duration.ofSeconds(10)).until(() -> nfs.pending.containsKey(11));
            server.close();
            assertThat(closedBackends).containsExactly(dir.toString());
            nfs.pending.get(11).completeExceptionally(new IllegalStateException("export / is closed"));
            assertThat(c.endsWithoutData()).as("no SYSTEM_ERR: the connection ends without a reply").isTrue();
        }
        server = null;
    }

    @Test
    void backEndThatCannotOpenNamesItsExport() {
        Config c = config("pekko.actor.provider = local\n", 0);
        assertThatThrownBy(() -> GatewayServer.start(c, e -> {
            throw new IOException("permission denied");
        }, (s, st, e, g) -> nfs))
                .isInstanceOf(GatewayServer.StartException.class)
                .hasMessage("gateway.exports[0] (id 1, " + dir + "): cannot open its local back end: permission denied");
    }

    @Test
    void nfsServiceThatFailsToStartIsReported() {
        Config c = config("pekko.actor.provider = local\n", 0);
        assertThatThrownBy(() -> GatewayServer.start(c, this::fakeFs, (s, st, e, g) -> {
            throw new UnsupportedOperationException("being written");
        }))
                .isInstanceOf(GatewayServer.StartException.class)
                .hasMessage("cannot start the NFS service: being written");
        assertThat(closedBackends).containsExactly(dir.toString());
    }

    @Test
    void graceRouteShowsTheHeadServingAfterAFirstStart() throws Exception {
        server = start(config("pekko.actor.provider = local\n", freePort()));
        JsonNode g = json.readTree(get("/grace").body());
        assertThat(g.get("nodeId").asText()).isEqualTo("test-node");
        assertThat(g.get("state").asText()).isEqualTo("serving");
        assertThat(g.get("rec").asLong()).isZero();
        assertThat(g.get("members").get(0).get("node").asText()).isEqualTo("test-node");
        assertThat(g.get("dump").asText()).startsWith("cur=2 rec=0\n");
    }

    @Test
    void graceRouteShowsWhereTheWatcherSingletonRunsInACluster() throws Exception {
        // the default provider, cluster: a one-node cluster (self-join) runs the GraceWatcher
        server = start(config("", freePort()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode w = json.readTree(get("/grace").body()).get("watcher");
            assertThat(w).as("/grace has a watcher object").isNotNull();
            assertThat(w.get("node").asText()).startsWith("pekko://cephgw@127.0.0.1:");
            assertThat(w.get("watching").asBoolean()).isTrue();
            assertThat(w.get("lastPublished").get("rec").asLong()).as("the grace period is over").isZero();
            assertThat(w.get("lastPublished").get("cur").asLong()).isEqualTo(2);
        });
        JsonNode g = json.readTree(get("/grace").body());
        assertThat(g.get("state").asText()).isEqualTo("serving");
    }

    @Test
    void graceMembersSaysWhoIsAMemberOfThisClusterAliveAndWhy() throws Exception {
        try (org.cephgw.persistence.grace.LocalGraceDb db = org.cephgw.persistence.grace.LocalGraceDb.inStateDir(dir.resolve("state"))) {
            db.create();
            db.add("ganesha-1"); // a head of another server sharing the database (as added: it enforces)
        }
        server = start(config("", freePort()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode m = json.readTree(get("/grace/members").body());
            assertThat(m.get("why").asText()).isEqualTo("not in grace");
            assertThat(m.get("members")).hasSize(2);
            JsonNode self = m.get("members").get(1);
            assertThat(self.get("name").asText()).isEqualTo("test-node");
            assertThat(self.get("ofThisCluster").asBoolean()).isTrue();
            assertThat(self.get("alive").asBoolean()).isTrue();
            JsonNode other = m.get("members").get(0);
            assertThat(other.get("name").asText()).isEqualTo("ganesha-1");
            assertThat(other.get("ofThisCluster").asBoolean()).isFalse();
        });
        assertThat(json.readTree(get("/grace").body()).get("cluster").get("members")).hasSize(2);
    }

    @Test
    void withoutAClusterThereIsNoWatcherSingleton() throws Exception {
        server = start(config("pekko.actor.provider = local\n", freePort()));
        JsonNode g = json.readTree(get("/grace").body());
        assertThat(g.has("watcher")).isFalse();
        assertThat(g.has("lastEvent")).isFalse();
    }

    @Test
    void aNodeThatIsNotAMemberOfTheGraceDatabaseAddsItselfOnItsFirstStart() throws Exception {
        try (org.cephgw.persistence.grace.LocalGraceDb db = org.cephgw.persistence.grace.LocalGraceDb.inStateDir(dir.resolve("state"))) {
            db.create();
            db.add("someone-else");
        }
        server = start(config("pekko.actor.provider = local\n", freePort()));
        try (org.cephgw.persistence.grace.LocalGraceDb db = org.cephgw.persistence.grace.LocalGraceDb.inStateDir(dir.resolve("state"))) {
            assertThat(db.read().members()).containsOnlyKeys("someone-else", "test-node");
        }
    }

    @Test
    void withoutAddSelfANodeThatIsNotAMemberOfTheGraceDatabaseRefusesToStart() {
        try (org.cephgw.persistence.grace.LocalGraceDb db = org.cephgw.persistence.grace.LocalGraceDb.inStateDir(dir.resolve("state"))) {
            db.create();
            db.add("someone-else");
        }
        Config c = config("pekko.actor.provider = local\ngateway.grace.add-self = false\n", 0);
        assertThatThrownBy(() -> start(c))
                .isInstanceOf(GatewayServer.StartException.class)
                .hasMessageContaining("node \"test-node\" is not a member of the grace database")
                .hasMessageContaining("grace add test-node");
        assertThat(closedBackends).as("no back end is opened before the grace database admits the node").isEmpty();
    }
}
