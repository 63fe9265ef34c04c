package org.cephgw.e2e.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.client.NfsClient;
import org.cephgw.gateway.GatewayServer;
import org.cephgw.gateway.config.ConfigLoader;

/**
 * A whole gateway started in-process (GatewayServer with the local back end) on free ports,
 * with three exports under a temporary directory, as the protocol tests need them:
 * <ul>
 * <li>{@code /rw} → {@link #rw}: read-write, {@code squash = none}</li>
 * <li>{@code /squash} → {@link #squash}: read-write, {@code squash = root} (anon 65534)</li>
 * <li>{@code /ro} → {@link #ro}: read-only, {@code squash = none}</li>
 * </ul>
 * The export directories are mode 0777 so that squashed and unprivileged callers can work in them.
 */
public final class TestGateway implements AutoCloseable {
    /** Maximum RPC record size of test servers (smaller than the default, to test the limit cheaply). */
    public static final int MAX_RECORD = 256 * 1024;
    public static final int MAX_OPERATIONS = 32;
    public static final int MAX_SLOTS = 16;

    private final GatewayServer server;
    public final Path rw;
    public final Path squash;
    public final Path ro;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private TestGateway(GatewayServer server, Path rw, Path squash, Path ro) {
        this.server = server;
        this.rw = rw;
        this.squash = squash;
        this.ro = ro;
    }

    /** A gateway with a 60 s lease. */
    public static TestGateway start(Path base) throws IOException {
        return start(base, Duration.ofSeconds(60));
    }

    public static TestGateway start(Path base, Duration lease) throws IOException {
        return start(base, lease, Duration.ofSeconds(Math.max(lease.toSeconds(), 10)));
    }

    /**
     * A gateway on the directories under {@code base}, its state (handle secrets, the local grace
     * and recovery databases) in {@code base/state}: starting another on the same {@code base}
     * after {@link #crash()} is a restart of the same node.
     */
    public static TestGateway start(Path base, Duration lease, Duration grace) throws IOException {
        Path rw = dir(base.resolve("rw"));
        Path squash = dir(base.resolve("squash"));
        Path ro = dir(base.resolve("ro"));
        String conf = """
                gateway.node-id = "e2e-protocol"
                gateway.log-level = WARN
                gateway.nfs { bind = "127.0.0.1", port = 0, max-record-size = %d }
                gateway.lease-time = %ds
                gateway.grace-time = %ds
                gateway.max-operations = %d
                gateway.max-session-slots = %d
                gateway.io-workers = 4
                gateway.state-dir = "%s"
                gateway.exports = [
                  { id = 1, path = "%s", pseudo = "/rw", squash = none }
                  { id = 2, path = "%s", pseudo = "/squash", squash = root }
                  { id = 3, path = "%s", pseudo = "/ro", access = ro, squash = none }
                ]
                pekko.actor.provider = local
                pekko.loglevel = WARNING
                pekko.remote.artery.canonical.port = 0
                pekko.management.http.port = %d
                """.formatted(MAX_RECORD, lease.toSeconds(), grace.toSeconds(), MAX_OPERATIONS, MAX_SLOTS,
                esc(base.resolve("state")),
                esc(rw), esc(squash), esc(ro), freePort());
        GatewayServer s = GatewayServer.start(ConfigLoader.withDefaults(ConfigFactory.parseString(conf)));
        return new TestGateway(s, rw, squash, ro);
    }

    private static Path dir(Path p) throws IOException {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        return p;
    }

    private static String esc(Path p) {
        return p.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static int freePort() throws IOException {
        return org.cephgw.e2e.GatewayProcess.freePort();
    }

    public InetSocketAddress address() {
        return server.nfsAddress();
    }

    /** A new connection, AUTH_SYS root. */
    public NfsClient connect() throws IOException {
        return NfsClient.connect(address());
    }

    /** GET /clients on the management port: the JSON body. */
    public JsonNode clients() throws IOException, InterruptedException {
        return getJson("/clients");
    }

    /** GET /grace on the management port: this head in the grace protocol. */
    public JsonNode grace() throws IOException, InterruptedException {
        return getJson("/grace");
    }

    /** GET /metrics on the management port: the Prometheus text exposition. */
    public String metrics() throws IOException, InterruptedException {
        String base = server.managementUri().toString().replaceAll("/$", "");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics: HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        String base = server.managementUri().toString().replaceAll("/$", "");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    /**
     * Stops the gateway the way a killed process looks to the cluster: its port, back ends (and
     * the locks they hold) go away, but it does not start a grace period for its successor.
     */
    public void crash() {
        server.closeAsIfCrashed();
    }

    /** The clientids GET /clients lists (hex, as the management API prints them). */
    public List<String> clientIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode c : clients().get("clients")) {
            ids.add(c.get("clientId").asText());
        }
        return ids;
    }

    @Override
    public void close() {
        server.close();
    }
}
