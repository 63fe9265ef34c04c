package org.cephgw.actors.grace;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Pekko cluster nodes in one JVM (Artery on 127.0.0.1), joined through the first node as seed:
 * what the grace tests that need a real cluster share. Close it to stop every node still running.
 */
final class LoopbackCluster implements AutoCloseable {
    private final String system;
    private final String extraConfig;
    private final int seedPort;
    private final List<ActorTestKit> kits = new ArrayList<>();

    /** @param extraConfig HOCON added to every node's configuration */
    LoopbackCluster(String system, String extraConfig) throws IOException {
        this.system = system;
        this.extraConfig = extraConfig;
        this.seedPort = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a node: the first one on the seed port (it forms the cluster), the others on any port. */
    ActorTestKit node() {
        int port = kits.isEmpty() ? seedPort : 0;
        Config c = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = %d
                pekko.cluster.seed-nodes = ["pekko://%s@127.0.0.1:%d"]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.fail-mixed-versions = off
                # Java serialization stays off: what crosses nodes must have a binding
                pekko.actor.allow-java-serialization = off
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                """.formatted(port, system, seedPort) + extraConfig);
        ActorTestKit kit = ActorTestKit.create(system, c.withFallback(ConfigFactory.load()));
        kits.add(kit);
        return kit;
    }

    /** How many members {@code kit} sees Up. */
    static long up(ActorTestKit kit) {
        long n = 0;
        for (org.apache.pekko.cluster.Member m : Cluster.get(kit.system()).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                n++;
            }
        }
        return n;
    }

    /** Stops one node (also one the others downed, which may take longer than the test kit's default). */
    void stop(ActorTestKit kit) {
        kits.remove(kit);
        ActorTestKit.shutdown(kit.system(), Duration.ofSeconds(20), false);
    }

    @Override
    public void close() {
        for (ActorTestKit k : List.copyOf(kits)) {
            stop(k);
        }
    }
}
