package org.cephgw.e2e.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cephgw.e2e.GatewayProcess;

/**
 * A real haproxy (Debian's package) in front of the gateway nodes, configured as
 * docs/virtual-ip.md describes: TCP mode, {@code balance roundrobin} — deliberately not sticky, so
 * that every reconnect may land on another node — health checks on each node's
 * {@code /health/ready}, and the sessions of a node marked down closed at once (its clients
 * reconnect to a live node instead of waiting on a dead connection).
 */
final class Haproxy implements AutoCloseable {
    /** A gateway node as haproxy sees it. */
    record Backend(String name, String host, int nfsPort, int managementPort) {
    }

    private final Process process;
    private final int port;
    private final Path log;

    private Haproxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The configuration for {@code backends} behind 127.0.0.1:{@code port}. */
    static String config(int port, List<Backend> backends) {
        StringBuilder servers = new StringBuilder();
        for (Backend b : backends) {
            servers.append("    server ").append(b.name()).append(' ').append(b.host()).append(':').append(b.nfsPort())
                    .append(" check port ").append(b.managementPort()).append('\n');
        }
        return """
                global
                    maxconn 4096
                defaults
                    mode tcp
                    timeout connect 2s
                    # NFS connections stay open for as long as the mount: no idle timeout worth the name
                    timeout client 24h
                    timeout server 24h
                frontend nfs
                    bind 127.0.0.1:%d
                    default_backend gateways
                backend gateways
                    balance roundrobin
                    option httpchk
                    # HTTP/1.1 with a Host header: Pekko HTTP answers 400 to haproxy's default HTTP/1.0 check
                    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host gateway
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
                %s""".formatted(port, servers);
    }

    /** Starts haproxy in the foreground, its output in {@code work/haproxy.log}, and waits until it accepts connections. */
    static Haproxy start(Path work, List<Backend> backends) throws IOException, InterruptedException {
        DebianPackages.ensure("haproxy", "haproxy");
        int port = GatewayProcess.freePort();
        Path cfg = work.resolve("haproxy.cfg");
        Files.writeString(cfg, config(port, backends));
        Path log = work.resolve("haproxy.log");
        Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return new Haproxy(p, port, log);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("haproxy did not listen on " + port + " within 20 s: " + Files.readString(log));
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
