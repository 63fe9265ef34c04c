package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How gateway JVMs (the built {@code gateway.jar}, per-node mode, on 127.0.0.1 with their own
 * NFS, management and remoting ports) become one Pekko cluster:
 *
 * <ol>
 * <li>three nodes with {@code gateway.cluster.bootstrap = true} and {@code CEPHGW_REPLICAS=3},
 *     the shipped bootstrap settings otherwise (cephgw-pekko.conf: discovery method
 *     {@code kubernetes-api}, label selector {@code app.kubernetes.io/name=cephgw}, contact points
 *     on the container port named {@code management}), form one cluster through Cluster Bootstrap:
 *     every node sees three Up members, and NFS works through one of them;</li>
 * <li>a fourth node joins that cluster through {@code pekko.cluster.seed-nodes} (hosts without
 *     Kubernetes);</li>
 * <li>a node whose only seed node never answers logs one ERROR naming the seed node and
 *     {@code gateway.cluster.join-timeout} (set to 5 s) and exits with status 1.</li>
 * </ol>
 *
 * <p><b>No Kubernetes runs here</b> (no container engine on this machine): the discovery code
 * ({@code pekko-discovery-kubernetes-api}, unchanged) talks to a stand-in API server the test
 * runs, fabric8's mock web server over https with its self-signed certificate for
 * {@code localhost}. The nodes find it as pods do: the {@code KUBERNETES_SERVICE_HOST} and
 * {@code _PORT} environment variables, and the CA certificate, token and namespace files (here in
 * the test's directory instead of {@code /var/run/secrets/kubernetes.io/serviceaccount}). It
 * answers the pod list for the label selector, given the right bearer token, with three Running
 * pods, each with pod IP 127.0.0.1 and a container port {@code management} = that node's
 * management port. As on one host several nodes share an IP, the nodes set
 * {@code contact-point.filter-on-fallback-port = false} (which only matters when several contact
 * points share a host). What this does not prove: the RBAC rules, the pod spec and the cluster
 * DNS of a real cluster (k8s/ and its own checks cover the manifests).
 *
 * <p>Seed-node formation of three nodes from scratch is also covered by
 * {@link VirtualIpClusterTest} (virtual-IP mode, every node a seed node).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterFormationTest {
    private static final int NODES = 3;
    private static final String NAMESPACE = "cephgw-test";
    private static final String TOKEN = "cephgw-test-service-account-token";
    private static final String SELECTOR = "app.kubernetes.io/name=cephgw";
    private static final Duration READY = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final FailureFlag failure = new FailureFlag();

    private final List<GatewayProcess> nodes = Collections.synchronizedList(new ArrayList<>());
    private final List<NfsClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger podLists = new AtomicInteger();
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final int[] management = new int[NODES];
    private final int[] remoting = new int[NODES];
    private Path work;
    private Path jar;
    private MockWebServer apiServer;

    @BeforeAll
    void startBootstrappedCluster() throws Exception {
        work = Files.createTempDirectory("cephgw-formation-");
        Path built = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize()
                .resolve("gateway/target/gateway.jar");
        jar = work.resolve("gateway.jar");
        Files.copy(built, jar);
        for (int i = 0; i < NODES; i++) {
            management[i] = GatewayProcess.freePort();
            remoting[i] = GatewayProcess.freePort();
        }
        startApiServer();

        Path export = Files.createDirectories(work.resolve("export"));
        // the test client's AUTH_SYS user is not root (and root is squashed)
        Files.setPosixFilePermissions(export, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path sa = Files.createDirectories(work.resolve("serviceaccount"));
        Files.writeString(sa.resolve("ca.crt"), Files.readString(Path.of(apiServer.getSelfSignedCertificate().certificatePath())));
        Files.writeString(sa.resolve("token"), TOKEN);
        // no newline: the discovery takes the file's content as it is (as the kubelet writes it)
        Files.writeString(sa.resolve("namespace"), NAMESPACE);
        Path config = work.resolve("bootstrap.conf");
        // per-node mode, one state directory for all (the local grace store is their shared grace
        // database, as RADOS would be), short grace periods
        Files.writeString(config, """
                gateway {
                  cluster.bootstrap = true
                  lease-time = 5s
                  grace-time = 5s
                  exports = [ { id = 1, path = "%s", pseudo = "/", handle-secret = "formation-test-handle-secret-01" } ]
                }
                pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port = false
                pekko.discovery.kubernetes-api {
                  api-ca-path = "%s"
                  api-token-path = "%s"
                  pod-namespace-path = "%s"
                }
                """.formatted(export, sa.resolve("ca.crt"), sa.resolve("token"), sa.resolve("namespace")));
        Map<String, String> podEnv = Map.of("KUBERNETES_SERVICE_HOST", "localhost",
                "KUBERNETES_SERVICE_PORT", Integer.toString(apiServer.getPort()), "CEPHGW_REPLICAS", Integer.toString(NODES));
        // all at once, as a StatefulSet with podManagementPolicy: Parallel starts them
        for (int i = 0; i < NODES; i++) {
            nodes.add(GatewayProcess.launch(jar, work, work.resolve("node" + i + ".log"), true, podEnv,
                    List.of("-Dpekko.remote.artery.canonical.port=" + remoting[i], "-Dgateway.node-id=node" + i,
                            "-Dgateway.head-index=" + i),
                    "127.0.0.1", 0, management[i], "--config", config.toString()));
        }
        // ready = Up (the cluster-membership readiness check) and serving
        for (GatewayProcess g : List.copyOf(nodes)) {
            g.awaitReady(READY);
        }
    }

    /**
     * The stand-in Kubernetes API server: the pod list for the label selector in the namespace,
     * for the service account's token; anything else is refused (and remembered for the failure message).
     */
    private void startApiServer() {
        String pods = podList();
        // it logs every request at INFO through java.util.logging (several a second while nodes discover)
        java.util.logging.Logger.getLogger(MockWebServer.class.getName()).setLevel(java.util.logging.Level.WARNING);
        apiServer = new MockWebServer();
        apiServer.useHttps();
        apiServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                URI uri = URI.create(request.getPath());
                String selector = uri.getRawQuery() == null ? null : queryParam(uri.getRawQuery(), "labelSelector");
                if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                    refused.add(request.getRequestLine() + " (Authorization: " + request.getHeader("Authorization") + ")");
                    return new MockResponse().setResponseCode(401).setBody("{\"kind\":\"Status\",\"code\":401}");
                }
                if (!request.getMethod().equals("GET") || !uri.getPath().equals("/api/v1/namespaces/" + NAMESPACE + "/pods")
                        || !SELECTOR.equals(selector)) {
                    refused.add(request.getRequestLine());
                    return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
                }
                podLists.incrementAndGet();
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(pods);
            }
        });
        apiServer.start(InetAddress.getLoopbackAddress(), 0);
    }

    private static String queryParam(String rawQuery, String name) {
        for (String kv : rawQuery.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Three Running pods of a StatefulSet "cephgw", as the API server lists them (the fields the discovery reads, and a few more). */
    private String podList() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            items.add(Map.of(
                    "metadata", Map.of("name", "cephgw-" + i, "namespace", NAMESPACE,
                            "labels", Map.of("app.kubernetes.io/name", "cephgw", "app.kubernetes.io/component", "gateway")),
                    "spec", Map.of("containers", List.of(Map.of("name", "gateway", "ports", List.of(
                            Map.of("name", "nfs", "containerPort", 2049, "protocol", "TCP"),
                            Map.of("name", "management", "containerPort", management[i], "protocol", "TCP"),
                            Map.of("name", "remoting", "containerPort", remoting[i], "protocol", "TCP"))))),
                    "status", Map.of("phase", "Running", "podIP", "127.0.0.1",
                            "containerStatuses", List.of(Map.of("name", "gateway", "ready", false,
                                    "state", Map.of("running", Map.of("startedAt", "2026-01-01T00:00:00Z")))))));
        }
        try {
            return JSON.writeValueAsString(Map.of("kind", "PodList", "apiVersion", "v1", "metadata", Map.of(), "items", items));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        clients.forEach(NfsClient::close);
        if (failure.failed()) {
            for (int i = 0; i < nodes.size(); i++) {
                System.out.println("--- " + nodes.get(i).log() + " ---\n" + GatewayProcess.tail(nodes.get(i).log(), 80));
            }
            System.out.println("stand-in API server: " + podLists.get() + " pod lists, refused " + refused);
        }
        // kill -9: stopping them one by one would only wait out each leave
        for (GatewayProcess g : nodes) {
            if (g.isAlive()) {
                g.kill();
            }
        }
        if (apiServer != null) {
            apiServer.shutdown();
        }
        if (!failure.failed()) {
            GatewayProcess.deleteTree(work);
        }
    }

    /** Node {@code g}'s view of the cluster: member address → status. */
    private static Map<String, String> members(GatewayProcess g) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(g.get("/cluster/members").body());
        Map<String, String> m = new TreeMap<>();
        for (JsonNode n : body.get("members")) {
            m.put(n.get("node").asText(), n.get("status").asText());
        }
        return m;
    }

    private Map<String, String> allUp(int count) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            m.put("pekko://cephgw@127.0.0.1:" + remoting[i], "Up");
        }
        return m;
    }

    @Test
    @Order(1)
    void clusterBootstrapFormsOneClusterOfThree() throws Exception {
        Map<String, String> expected = allUp(NODES);
        for (int i = 0; i < NODES; i++) {
            GatewayProcess g = nodes.get(i);
            Awaitility.await("node" + i + " sees three Up members").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> members(g).equals(expected));
        }
        assertThat(podLists.get()).as("pod lists the stand-in API server answered").isGreaterThanOrEqualTo(NODES);
        assertThat(refused).as("requests the stand-in API server refused").isEmpty();
        for (int i = 0; i < NODES; i++) {
            assertThat(Files.readString(nodes.get(i).log())).as("node%d's log", i)
                    .contains("starting Cluster Bootstrap")
                    .doesNotContain("not an Up member of the cluster");
        }
    }

    @Test
    @Order(2)
    void nfsWorksThroughANodeOfTheBootstrappedCluster() throws Exception {
        GatewayProcess g = nodes.get(1);
        NfsClient c = NfsClient.connect(new InetSocketAddress(g.host(), g.nfsPort()));
        c.timeout(Duration.ofSeconds(30));
        clients.add(c);
        Session s = Session.open(c, "Linux NFSv4.2 formation-client");
        String file = "written-through-node1";
        // a head joining the shared grace database may start a grace period (5 s): OPEN waits it out
        COMPOUND4res[] opened = new COMPOUND4res[1];
        Awaitility.await("OPEN outside the grace period").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    opened[0] = s.seq(list(putrootfh(), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                            OPEN4_SHARE_DENY_NONE, unchecked()), getfh()));
                    return !Res.status(opened[0]).equals("NFS4ERR_GRACE");
                });
        Res.ok(opened[0]);
        byte[] fh = Res.fh(opened[0]);
        Stateid4 sid = Res.openStateid(opened[0]);
        Res.ok(s.seq(list(putfh(fh), write(sid, 0, "formed by Cluster Bootstrap"))));
        Res.ok(s.seq(list(putfh(fh), commit(0, 0))));
        assertThat(new String(Res.readData(Res.ok(s.seq(list(putfh(fh), read(sid, 0, 100))))), StandardCharsets.UTF_8))
                .isEqualTo("formed by Cluster Bootstrap");
        assertThat(Files.readString(work.resolve("export").resolve(file))).isEqualTo("formed by Cluster Bootstrap");
    }

    /**
     * Seed nodes still work, next to bootstrap: a fourth node joins the bootstrapped cluster through
     * node0 as its seed node. At the same time, a node whose only seed node never answers gives up
     * after its join timeout.
     */
    @Test
    @Order(3)
    void aSeedNodeJoinsAndANodeThatCannotJoinExitsAfterTheJoinTimeout() throws Exception {
        int remoting3 = GatewayProcess.freePort();
        String seed = "pekko://cephgw@127.0.0.1:" + remoting[0];
        GatewayProcess joiner = GatewayProcess.launch(jar, work, work.resolve("node3.log"), true, Map.of(),
                List.of("-Dpekko.remote.artery.canonical.port=" + remoting3, "-Dgateway.node-id=node3",
                        "-Dgateway.head-index=3", "-Dpekko.cluster.seed-nodes.0=" + seed,
                        // the file turns bootstrap on: this node uses its seed node instead
                        "-Dgateway.cluster.bootstrap=false"),
                "127.0.0.1", 0, 0, "--config", work.resolve("bootstrap.conf").toString());
        nodes.add(joiner);

        // a seed node nobody listens on (a free port), its own state directory (not the cluster's grace database)
        int nobody = GatewayProcess.freePort();
        String deadSeed = "pekko://cephgw@127.0.0.1:" + nobody;
        Path lonelyWork = Files.createDirectories(work.resolve("lonely"));
        long launched = System.nanoTime();
        GatewayProcess lonely = GatewayProcess.launch(jar, lonelyWork, work.resolve("lonely.log"), true, Map.of(),
                List.of("-Dgateway.node-id=lonely", "-Dgateway.cluster.join-timeout=5s",
                        "-Dpekko.cluster.seed-nodes.0=" + deadSeed),
                "127.0.0.1", 0, 0);
        nodes.add(lonely);

        int exit = lonely.awaitExit(Duration.ofSeconds(120));
        long lived = System.nanoTime() - launched;
        assertThat(exit).as("exit status of the node that could not join (log %s)", lonely.log()).isEqualTo(1);
        List<String> errors = Files.readAllLines(lonely.log()).stream().filter(l -> l.contains(" ERROR ")).toList();
        assertThat(errors).as("ERROR lines").singleElement().asString()
                .contains("node lonely: not an Up member of the cluster", "gateway.cluster.join-timeout = 5 s",
                        "pekko.cluster.seed-nodes [" + deadSeed + "]", "Stopping.");
        // the JVM's start (≈10-15 s on a busy machine) + 5 s + the clean shutdown: far from hanging
        assertThat(Duration.ofNanos(lived)).as("from launch to exit").isLessThan(Duration.ofSeconds(90));
        System.out.printf("ClusterFormationTest: the node that could not join exited with %d %.1f s after its launch%n",
                exit, lived / 1e9);

        joiner.awaitReady(READY);
        Map<String, String> expected = allUp(NODES);
        expected.put("pekko://cephgw@127.0.0.1:" + remoting3, "Up");
        for (GatewayProcess g : List.of(nodes.get(0), nodes.get(1), nodes.get(2), joiner)) {
            Awaitility.await("four Up members").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> members(g).equals(expected));
        }
        assertThat(Files.readString(joiner.log())).doesNotContain("starting Cluster Bootstrap");
    }
}
