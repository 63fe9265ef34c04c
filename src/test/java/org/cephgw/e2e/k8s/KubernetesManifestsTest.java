package org.cephgw.e2e.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.GatewayConfig;
import org.cephgw.gateway.config.GatewayConfigException;
import org.cephgw.gateway.config.HeadsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code k8s/}. Nothing here can run Kubernetes or a container engine,
 * so this checks them offline: {@code k8s/validate.sh} renders both overlays with
 * {@code kubectl kustomize} and validates every object against the Kubernetes schemas (npm
 * {@code kubernetes-models}), and each overlay's {@code application.conf} is parsed by the
 * gateway's own configuration code with the environment the StatefulSet gives a pod.
 *
 * <p>Nothing is skipped: a machine without node/npm fails the first test with the script's
 * message (CI installs them in {@code .ci/run}).
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("k8s");

    @Test
    void bothOverlaysRenderAndEveryObjectValidatesAgainstTheKubernetesSchemas() throws Exception {
        Path log = Files.createTempFile("k8s-validate", ".log");
        try {
            Process p = new ProcessBuilder("bash", K8S.resolve("validate.sh").toString())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done = p.waitFor(10, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(out);
            assertThat(done).as("k8s/validate.sh finished within 10 minutes; output:%n%s", out).isTrue();
            assertThat(p.exitValue()).as("exit status of k8s/validate.sh; output:%n%s", out).isZero();
            assertThat(out)
                    .contains("k8s/per-node renders", "k8s/virtual-ip renders")
                    .contains("k8s/validate.sh: OK")
                    .doesNotContain("ERROR");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void perNodeApplicationConfIsAcceptedByTheGateway(@TempDir Path tmp) throws IOException {
        GatewayConfig c = GatewayConfig.parse(podConfig("per-node", tmp, podEnv()));

        assertThat(c.warnings()).as("warnings (unknown keys)").isEmpty();
        assertThat(c.nodeId()).isEqualTo("cephgw-1");
        assertThat(c.headIndex()).isEqualTo(1);
        assertThat(c.heads().mode()).isEqualTo(HeadsConfig.PER_NODE);
        assertCephAndCluster(c, tmp);
    }

    @Test
    void virtualIpApplicationConfIsAcceptedByTheGateway(@TempDir Path tmp) throws IOException {
        GatewayConfig c = GatewayConfig.parse(podConfig("virtual-ip", tmp, podEnv()));

        assertThat(c.warnings()).as("warnings (unknown keys)").isEmpty();
        assertThat(c.nodeId()).isEqualTo("cephgw-1");
        assertThat(c.heads().mode()).isEqualTo(HeadsConfig.VIRTUAL_IP);
        assertThat(c.heads().heads()).containsExactly("vip0", "vip1", "vip2", "vip3", "vip4", "vip5");
        assertCephAndCluster(c, tmp);
    }

    @Test
    void aPodWithoutTheHandleSecretDoesNotStart(@TempDir Path tmp) {
        // every pod must use the same handle secret: none at all must not silently fall back to a
        // per-pod random one (clients would get stale handles on every other pod)
        for (String overlay : new String[] {"per-node", "virtual-ip"}) {
            Map<String, String> env = podEnv();
            env.remove("CEPHGW_HANDLE_SECRET");
            assertThatThrownBy(() -> GatewayConfig.parse(podConfig(overlay, tmp, env)))
                    .as(overlay)
                    .isInstanceOf(GatewayConfigException.class)
                    .hasMessageContaining("CEPHGW_HANDLE_SECRET");
        }
    }

    @Test
    void everyVariableTheConfigurationReadsIsSetByTheStatefulSet() throws IOException {
        String base = Files.readString(K8S.resolve("base/statefulset.yaml"));
        for (String overlay : new String[] {"per-node", "virtual-ip"}) {
            String env = base + Files.readString(K8S.resolve(overlay).resolve("statefulset-patch.yaml"));
            Set<String> read = variables(Files.readString(K8S.resolve(overlay).resolve("application.conf")));
            assertThat(read).as("%s/application.conf reads", overlay).isNotEmpty();
            for (String v : read) {
                assertThat(env).as("%s: the StatefulSet sets %s", overlay, v).containsPattern("- name: " + v + "\\b");
            }
        }
    }

    private static void assertCephAndCluster(GatewayConfig c, Path tmp) {
        assertThat(c.grace().store()).isEqualTo("rados");
        assertThat(c.grace().rados().conf()).isEqualTo(tmp.resolve("ceph.conf"));
        assertThat(c.grace().rados().keyring()).isEqualTo(tmp.resolve("keyring"));
        assertThat(c.grace().rados().user()).isEqualTo("cephgw");
        assertThat(c.exports()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.backend()).isEqualTo("cephfs");
            assertThat(e.handleSecret()).isEqualTo(podEnv().get("CEPHGW_HANDLE_SECRET"));
            assertThat(e.ceph().user()).isEqualTo("cephgw");
            assertThat(e.ceph().keyring()).isEqualTo(tmp.resolve("keyring"));
        });
        assertThat(c.cluster().bootstrap()).as("gateway.cluster.bootstrap").isTrue();
    }

    /** What the StatefulSet gives pod cephgw-1 (downward API, the Secret, the overlay's patch). */
    private static Map<String, String> podEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("POD_NAME", "cephgw-1");
        env.put("POD_IP", "10.244.1.7");
        env.put("POD_NAMESPACE", "cephgw");
        env.put("CEPHGW_HEAD_INDEX", "1");
        env.put("CEPHGW_REPLICAS", "3");
        env.put("CEPHGW_HANDLE_SECRET", "0123456789abcdef0123456789abcdef");
        return env;
    }

    /**
     * The overlay's application.conf as the gateway assembles it in the pod, with {@code env} as
     * the environment and the Secret's files (/etc/ceph) as empty files under {@code tmp} (the
     * configuration requires them to exist).
     */
    private static Config podConfig(String overlay, Path tmp, Map<String, String> env) throws IOException {
        Files.writeString(tmp.resolve("ceph.conf"), "");
        Files.writeString(tmp.resolve("keyring"), "");
        String text = Files.readString(K8S.resolve(overlay).resolve("application.conf"))
                .replace("\"/etc/ceph/", "\"" + tmp + "/");
        assertThat(text).doesNotContain("/etc/ceph/");
        // substitutions the file does not resolve itself fall back to the root of the whole
        // configuration, which is where the process environment enters in a real start
        Config user = ConfigFactory.parseString(text).withFallback(ConfigFactory.parseMap(env));
        return ConfigLoader.assemble(ConfigFactory.empty(), ConfigFactory.empty(), user, ConfigFactory.empty());
    }

    private static Set<String> variables(String hocon) {
        Set<String> vars = new TreeSet<>();
        String code = hocon.replaceAll("(?m)^\\s*(#|//).*$", "");   // comments may show ${VAR} as prose
        Matcher m = Pattern.compile("\\$\\{\\??([A-Z][A-Z0-9_]*)}").matcher(code);
        while (m.find()) {
            vars.add(m.group(1));
        }
        return vars;
    }
}
