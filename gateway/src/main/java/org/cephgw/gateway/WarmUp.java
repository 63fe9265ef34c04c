package org.cephgw.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cephgw.gateway.config.ConfigLoader;

/**
 * {@code java -jar gateway.jar warm-up}: starts an embedded gateway (a temporary directory, free
 * ports, the local grace store, a Pekko cluster of one, management), answers a NULL call and a
 * COMPOUND over TCP, and stops. It exists to record the classes a start loads into a
 * class-data-sharing archive, which roughly halves the time from the JVM's start to serving — what
 * a restarting head's clients wait for:
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=gateway.jsa -jar gateway.jar warm-up
 * java -XX:SharedArchiveFile=gateway.jsa -jar gateway.jar ...
 * </pre>
 *
 * The archive belongs to that jar file and that JVM; with another, the JVM ignores it.
 */
final class WarmUp {
    private WarmUp() {
    }

    static int run(PrintStream out, PrintStream err) {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("cephgw-warm-up-");
        } catch (IOException e) {
            err.println("warm-up: cannot create a temporary directory: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        try {
            Config config = ConfigLoader.withDefaults(ConfigFactory.parseString("""
                    gateway.node-id = "warm-up"
                    gateway.nfs { bind = "127.0.0.1", port = 0 }
                    gateway.exports = [ { id = 1, path = "%s", pseudo = "/", create-if-missing = true } ]
                    gateway.state-dir = "%s"
                    pekko.remote.artery.canonical.port = 0
                    pekko.management.http.port = 0
                    """.formatted(json(dir.resolve("export")), json(dir.resolve("state")))));
            try (GatewayServer server = GatewayServer.start(config)) {
                exercise(server.nfsAddress());
            }
            out.printf("warm-up: started, served and stopped a gateway in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            return Main.EXIT_OK;
        } catch (IOException | RuntimeException e) {
            err.println("warm-up: failed: " + e);
            return Main.EXIT_FAILED;
        } finally {
            deleteTree(dir);
        }
    }

    /** A NULL call and an empty NFSv4.1 COMPOUND, each answered. */
    private static void exercise(InetSocketAddress nfs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", nfs.getPort()), 5000);
            s.setSoTimeout(30_000);
            OutputStream o = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            // xid, CALL, RPC 2, NFS, version 4, procedure; AUTH_NONE credential and verifier
            for (int proc = 0; proc <= 1; proc++) {
                ByteBuffer b = ByteBuffer.allocate(proc == 0 ? 44 : 56);
                b.putInt(0x80000000 | (b.capacity() - 4)).putInt(0x5741524d + proc).putInt(0).putInt(2).putInt(100003)
                        .putInt(4).putInt(proc).putInt(0).putInt(0).putInt(0).putInt(0);
                if (proc == 1) {
                    b.putInt(0).putInt(1).putInt(0); // tag "", minorversion 1, no operations
                }
                o.write(b.array());
                int len = in.readInt() & 0x7fffffff;
                in.readFully(new byte[len]);
            }
        }
    }

    private static String json(Path p) {
        return p.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left to the system
        }
    }
}
