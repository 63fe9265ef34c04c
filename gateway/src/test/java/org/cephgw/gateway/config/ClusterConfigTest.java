package org.cephgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.cluster}: self-join, seed nodes or Cluster Bootstrap, and the join timeout. */
class ClusterConfigTest {
    private static final String CPD = "pekko.management.cluster.bootstrap.contact-point-discovery.";

    @TempDir
    Path dir;

    private GatewayConfig parse(String hocon) {
        return GatewayConfig.parse(ConfigLoader.withDefaults(ConfigFactory.parseString(hocon)), dir);
    }

    private List<String> problems(String hocon) {
        try {
            parse(hocon);
        } catch (GatewayConfigException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + hocon);
    }

    @Test
    void theEmbeddedDefaultJoinsItself() {
        GatewayConfig c = parse("");
        assertThat(c.cluster()).isEqualTo(new ClusterConfig(true, false, Duration.ofSeconds(60), List.of()));
        assertThat(c.cluster().joinsSelf()).isTrue();
        assertThat(c.selfJoin()).isTrue();
    }

    @Test
    void bootstrapReplacesTheSelfJoin() {
        GatewayConfig c = parse("gateway.cluster { bootstrap = true, join-timeout = 2m }");
        assertThat(c.cluster().bootstrap()).isTrue();
        assertThat(c.cluster().joinTimeout()).isEqualTo(Duration.ofMinutes(2));
        // self-join stays at its default (true): bootstrap decides who forms the cluster
        assertThat(c.cluster().selfJoin()).isTrue();
        assertThat(c.selfJoin()).isFalse();
        assertThat(c.cluster().joinsSelf()).isFalse();
    }

    @Test
    void seedNodesAreReadAsPekkoReadsThem() {
        assertThat(parse("pekko.cluster.seed-nodes = [\"pekko://cephgw@10.0.0.1:25520\"]").cluster().seedNodes())
                .containsExactly("pekko://cephgw@10.0.0.1:25520");
        // -Dpekko.cluster.seed-nodes.0=... gives an object with numeric keys, which Pekko accepts too
        GatewayConfig c = parse("pekko.cluster.seed-nodes { 0 = \"pekko://cephgw@10.0.0.1:25520\", 1 = \"pekko://cephgw@10.0.0.2:25520\" }");
        assertThat(c.cluster().seedNodes()).containsExactly("pekko://cephgw@10.0.0.1:25520", "pekko://cephgw@10.0.0.2:25520");
        assertThat(c.cluster().joinsSelf()).isFalse();
    }

    @Test
    void bootstrapAndSeedNodesTogetherFailNamingBothKeys() {
        assertThat(problems("""
                gateway.cluster.bootstrap = true
                pekko.cluster.seed-nodes = ["pekko://cephgw@10.0.0.1:25520"]
                """)).singleElement().asString()
                .startsWith("gateway.cluster.bootstrap: ")
                .contains("pekko.cluster.seed-nodes", "pekko://cephgw@10.0.0.1:25520", "choose one");
    }

    @Test
    void bootstrapNeedsManagementAndTheClusterProvider() {
        assertThat(problems("gateway { cluster.bootstrap = true, management.enabled = false }")).singleElement().asString()
                .startsWith("gateway.cluster.bootstrap: ").contains("gateway.management.enabled");
        assertThat(problems("gateway.cluster.bootstrap = true\npekko.actor.provider = local")).singleElement().asString()
                .startsWith("gateway.cluster.bootstrap: ").contains("pekko.actor.provider = cluster");
    }

    @Test
    void badValuesAreNamed() {
        assertThat(problems("gateway.cluster.join-timeout = 0s")).singleElement().asString()
                .startsWith("gateway.cluster.join-timeout: must be between 1s and");
        assertThat(problems("gateway.cluster.join-timeout = soon")).singleElement().asString()
                .startsWith("gateway.cluster.join-timeout: must be a duration");
        assertThat(problems("gateway.cluster.bootstrap = maybe")).singleElement().asString()
                .startsWith("gateway.cluster.bootstrap: must be true or false");
        assertThat(problems("gateway.cluster.bootsrap = true")).singleElement().asString()
                .startsWith("gateway.cluster.bootsrap: unknown key");
        assertThat(problems("pekko.cluster.seed-nodes = 3")).singleElement().asString()
                .startsWith("pekko.cluster.seed-nodes: must be a list of strings");
    }

    @Test
    void bootstrapSettingsForKubernetesNeedOnlyTheReplicaCount() {
        assumeThat(System.getenv("CEPHGW_REPLICAS")).as("CEPHGW_REPLICAS set in this environment").isNull();
        Config c = ConfigLoader.withDefaults(ConfigFactory.empty());
        assertThat(c.getString(CPD + "discovery-method")).isEqualTo("kubernetes-api");
        assertThat(c.getString(CPD + "service-name")).isEqualTo("cephgw");
        assertThat(c.getString(CPD + "port-name")).isEqualTo("management");
        assertThat(c.getInt(CPD + "required-contact-point-nr")).isEqualTo(2);
        assertThat(c.getString("pekko.discovery.kubernetes-api.pod-label-selector")).isEqualTo("app.kubernetes.io/name=%s");
        assertThat(c.getBoolean("pekko.discovery.kubernetes-api.use-raw-ip")).isTrue();

        // what the StatefulSet sets (resolved like the environment, which a test cannot change)
        Config withReplicas = ConfigFactory.parseMap(Map.of("CEPHGW_REPLICAS", "3"))
                .withFallback(ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "cephgw-pekko.conf"))
                .resolve();
        assertThat(withReplicas.getInt(CPD + "required-contact-point-nr")).isEqualTo(3);
        // a configuration file still wins over the variable
        assertThat(ConfigLoader.withDefaults(ConfigFactory.parseString(CPD + "required-contact-point-nr = 5"))
                .getInt(CPD + "required-contact-point-nr")).isEqualTo(5);
    }

    @Test
    void aLocalProviderDoesNotServeTheBootstrapRoute() {
        Config c = ConfigLoader.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local"));
        assertThat(c.getString("pekko.management.http.routes.cluster-bootstrap")).isEmpty();
        assertThatThrownBy(() -> parse("gateway.cluster = 3")).isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("gateway.cluster: must be an object");
    }
}
