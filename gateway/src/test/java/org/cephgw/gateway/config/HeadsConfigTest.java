package org.cephgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.mode} and {@code gateway.virtual-ip}. */
class HeadsConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void exportDir() throws IOException {
        Files.createDirectories(dir.resolve("a"));
    }

    private GatewayConfig parse(String hocon) {
        return GatewayConfig.parse(ConfigLoader.withDefaults(ConfigFactory.parseString(
                "gateway.exports = [ { id = 1, path = a } ]\n" + hocon)), dir);
    }

    /** The single problem reported for {@code hocon}. */
    private String problem(String hocon) {
        try {
            parse(hocon);
        } catch (GatewayConfigException e) {
            assertThat(e.problems()).as("problems of %s", hocon).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("accepted: " + hocon);
    }

    private static String vip(String fields) {
        return "gateway.mode = virtual-ip\ngateway.virtual-ip { " + fields + " }";
    }

    @Test
    void aCountGivenAsAStringIsACount() {
        // what -Dgateway.virtual-ip.heads=3 gives
        assertThat(parse(vip("heads = \"3\"")).heads().heads()).containsExactly("vip0", "vip1", "vip2");
        assertThat(problem(vip("heads = \"0\""))).startsWith("gateway.virtual-ip.heads");
    }

    @Test
    void aRecordTooLargeToForwardIsRefused() {
        assertThat(problem(vip("heads = 3") + "\ngateway.nfs.max-record-size = 4 MiB"))
                .startsWith("gateway.nfs.max-record-size: in virtual-IP mode records are forwarded")
                .contains("pekko.remote.artery.advanced.maximum-frame-size");
        // the default fits the default frame, and per-node mode forwards nothing
        assertThat(parse(vip("heads = 3")).nfs().maxRecordSize()).isEqualTo(1114112);
        assertThat(parse("gateway.nfs.max-record-size = 4 MiB").nfs().maxRecordSize()).isEqualTo(4 << 20);
    }

    @Test
    void theHeadSetNamesEachHeadWithItsIndex() {
        assertThat(parse(vip("heads = [a, b, c]")).heads().headSet().heads()).containsExactly(
                new org.cephgw.actors.head.HeadSet.Head("a", 0), new org.cephgw.actors.head.HeadSet.Head("b", 1),
                new org.cephgw.actors.head.HeadSet.Head("c", 2));
        assertThat(parse("gateway { node-id = gw-a, head-index = 3 }").heads().headSet().heads())
                .containsExactly(new org.cephgw.actors.head.HeadSet.Head("gw-a", 3));
    }

    @Test
    void perNodeIsTheDefault() {
        GatewayConfig c = parse("gateway { node-id = gw-a, head-index = 3 }");
        HeadsConfig h = c.heads();
        assertThat(h).isEqualTo(new HeadsConfig(HeadsConfig.PER_NODE, List.of("gw-a"), "cephgw:gw-a", 3));
        assertThat(h).isEqualTo(HeadsConfig.perNode("gw-a", 3));
        assertThat(h.virtualIp()).isFalse();
        assertThat(h.indexOf("gw-a")).isEqualTo(3);
        assertThat(h.indexOf("vip0")).isEqualTo(-1);
        assertThat(c.warnings()).isEmpty();
        // the host name by default
        assertThat(parse("").heads().heads()).containsExactly(parse("").nodeId());
    }

    @Test
    void virtualIpKeysAreIgnoredPerNode() {
        GatewayConfig c = parse("gateway.virtual-ip { heads = 3, server-scope = x }");
        assertThat(c.heads().virtualIp()).isFalse();
        assertThat(c.warnings()).containsExactly(
                "gateway.virtual-ip.heads: ignored with gateway.mode = \"per-node\"",
                "gateway.virtual-ip.server-scope: ignored with gateway.mode = \"per-node\"");
    }

    @Test
    void virtualIpWithTheDefaultCount() {
        GatewayConfig c = parse("gateway { mode = virtual-ip, node-id = node-1 }");
        HeadsConfig h = c.heads();
        assertThat(h.virtualIp()).isTrue();
        assertThat(h.mode()).isEqualTo(HeadsConfig.VIRTUAL_IP);
        assertThat(h.heads()).containsExactly("vip0", "vip1", "vip2", "vip3", "vip4", "vip5");
        assertThat(h.firstIndex()).isZero();
        assertThat(h.serverScope()).isEqualTo("cephgw");
        assertThat(h.indexOf("vip0")).isZero();
        assertThat(h.indexOf("vip5")).isEqualTo(5);
        assertThat(h.indexOf("node-1")).isEqualTo(-1);
        // the node keeps its name
        assertThat(c.nodeId()).isEqualTo("node-1");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void virtualIpWithACountAndPrefix() {
        HeadsConfig h = parse(vip("heads = 12, head-prefix = \"nfs-\", server-scope = \"prod-nfs\"")).heads();
        assertThat(h.heads()).hasSize(12).startsWith("nfs-0", "nfs-1").endsWith("nfs-11");
        assertThat(h.serverScope()).isEqualTo("prod-nfs");
        assertThat(h.indexOf("nfs-11")).isEqualTo(11);
        assertThat(parse(vip("heads = 255")).heads().heads()).hasSize(255).endsWith("vip254");
        assertThat(parse(vip("heads = 1")).heads().heads()).containsExactly("vip0");
    }

    @Test
    void virtualIpWithAList() {
        HeadsConfig h = parse(vip("heads = [alpha, beta, \"gamma.1\"]")).heads();
        assertThat(h.heads()).containsExactly("alpha", "beta", "gamma.1");
        assertThat(h.indexOf("beta")).isEqualTo(1);
        assertThat(h.indexOf("gamma.1")).isEqualTo(2);
        String all = IntStream.range(0, 255).mapToObj(i -> "h" + i).reduce((a, b) -> a + ", " + b).orElseThrow();
        assertThat(parse(vip("heads = [" + all + "]")).heads().heads()).hasSize(255);
    }

    @Test
    void headIndexIsUnusedInVirtualIpMode() {
        GatewayConfig c = parse(vip("heads = 2") + "\ngateway.head-index = 4");
        assertThat(c.heads().firstIndex()).isZero();
        assertThat(c.warnings()).containsExactly(
                "gateway.head-index: unused with gateway.mode = \"virtual-ip\" (head i has index i)");
    }

    @Test
    void badMode() {
        assertThat(problem("gateway.mode = cluster"))
                .isEqualTo("gateway.mode: must be \"per-node\" or \"virtual-ip\", got \"cluster\"");
        assertThat(problem("gateway.mode = 1"))
                .isEqualTo("gateway.mode: must be a string, got 1");
    }

    @Test
    void duplicateNames() {
        assertThat(problem(vip("heads = [a, b, a]")))
                .isEqualTo("gateway.virtual-ip.heads[2]: head \"a\" is already gateway.virtual-ip.heads[0]");
    }

    @Test
    void badNames() {
        assertThat(problem(vip("heads = [a, \"b c\"]")))
                .isEqualTo("gateway.virtual-ip.heads[1]: must not contain spaces or control characters, got \"b c\"");
        assertThat(problem(vip("heads = [\"a/b\"]")))
                .startsWith("gateway.virtual-ip.heads[0]: must not contain '/'");
        assertThat(problem(vip("heads = [\"\"]")))
                .isEqualTo("gateway.virtual-ip.heads[0]: must not be empty");
        assertThat(problem(vip("heads = [\"" + "x".repeat(256) + "\"]")))
                .isEqualTo("gateway.virtual-ip.heads[0]: longer than 255 bytes");
        assertThat(problem(vip("heads = [a, 2]")))
                .isEqualTo("gateway.virtual-ip.heads[1]: must be a string, got 2");
        assertThat(problem(vip("head-prefix = \"v ip\"")))
                .isEqualTo("gateway.virtual-ip.head-prefix: must not contain spaces or control characters, got \"v ip\"");
        assertThat(problem(vip("head-prefix = \"" + "x".repeat(255) + "\"")))
                .isEqualTo("gateway.virtual-ip.head-prefix: head name \"" + "x".repeat(255) + "0\": longer than 255 bytes");
    }

    @Test
    void countOutOfRange() {
        assertThat(problem(vip("heads = 0")))
                .isEqualTo("gateway.virtual-ip.heads: must be between 1 and 255, got 0");
        assertThat(problem(vip("heads = 256")))
                .isEqualTo("gateway.virtual-ip.heads: must be between 1 and 255, got 256");
        assertThat(problem(vip("heads = []")))
                .isEqualTo("gateway.virtual-ip.heads: must name 1 to 255 heads, got 0");
        assertThat(problem(vip("heads = six")))
                .isEqualTo("gateway.virtual-ip.heads: must be a number of heads or a list of head names, got \"six\"");
    }

    @Test
    void badScope() {
        assertThat(problem(vip("server-scope = \"\"")))
                .isEqualTo("gateway.virtual-ip.server-scope: must not be empty");
        assertThat(problem(vip("server-scope = \"" + "s".repeat(1025) + "\"")))
                .startsWith("gateway.virtual-ip.server-scope: longer than 1024 bytes");
        assertThat(parse(vip("server-scope = \"" + "s".repeat(1024) + "\"")).heads().serverScope()).hasSize(1024);
        assertThat(problem(vip("server-scope = 7")))
                .isEqualTo("gateway.virtual-ip.server-scope: must be a string, got 7");
    }

    @Test
    void localProviderRefused() {
        assertThat(problem(vip("heads = 2") + "\npekko.actor.provider = local"))
                .startsWith("gateway.mode: virtual-IP mode needs pekko.actor.provider = cluster")
                .endsWith("got \"local\"");
        // per-node mode runs with either
        assertThat(parse("pekko.actor.provider = local").heads().virtualIp()).isFalse();
    }

    @Test
    void unknownKey() {
        assertThat(problem(vip("head = 3")))
                .isEqualTo("gateway.virtual-ip.head: unknown key; known keys are head-prefix, heads, server-scope");
        assertThat(problem("gateway.mode = virtual-ip\ngateway.virtual-ip = 3"))
                .isEqualTo("gateway.virtual-ip: must be an object");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> parse(vip("heads = [a, a], server-scope = \"\", heads-count = 2")
                + "\npekko.actor.provider = local"))
                .isInstanceOf(GatewayConfigException.class)
                .satisfies(e -> assertThat(((GatewayConfigException) e).problems()).containsExactly(
                        "gateway.mode: virtual-IP mode needs pekko.actor.provider = cluster (its heads are spread over"
                                + " the nodes by Cluster Sharding), got \"local\"",
                        "gateway.virtual-ip.heads-count: unknown key; known keys are head-prefix, heads, server-scope",
                        "gateway.virtual-ip.heads[1]: head \"a\" is already gateway.virtual-ip.heads[0]",
                        "gateway.virtual-ip.server-scope: must not be empty"));
    }

    @Test
    void recordChecksItsInvariants() {
        assertThatThrownBy(() -> new HeadsConfig("cluster", List.of("a"), "s", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadsConfig(HeadsConfig.VIRTUAL_IP, List.of(), "s", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadsConfig(HeadsConfig.VIRTUAL_IP, List.of("a", "a"), "s", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadsConfig(HeadsConfig.PER_NODE, List.of("a"), "s", 256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HeadsConfig.perNode("a", 255).indexOf("a")).isEqualTo(255);
    }
}
