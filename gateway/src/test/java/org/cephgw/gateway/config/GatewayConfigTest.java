package org.cephgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.NfsSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void exportDirs() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("file"), "x");
    }

    private GatewayConfig parse(String hocon) {
        return GatewayConfig.parse(ConfigLoader.withDefaults(ConfigFactory.parseString(hocon)), dir);
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

    private static String export(String fields) {
        return "gateway.exports = [ { id = 1, path = a, " + fields + " } ]";
    }

    @Test
    void defaults() {
        GatewayConfig c = parse("");
        assertThat(c.nodeId()).isNotBlank();
        assertThat(c.headIndex()).isZero();
        assertThat(c.heads()).isEqualTo(HeadsConfig.perNode(c.nodeId(), 0));
        assertThat(c.nfs()).isEqualTo(new GatewayConfig.Nfs("0.0.0.0", 2049, 1024 * 1024 + 64 * 1024, 32, 64, 256, 2,
                Duration.ofSeconds(10)));
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.graceTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.ioWorkers()).isEqualTo(16);
        assertThat(c.maxOperations()).isEqualTo(64);
        assertThat(c.maxSessionSlots()).isEqualTo(64);
        assertThat(c.idmapDomain()).isEqualTo("localdomain");
        assertThat(c.numericOwners()).isTrue();
        assertThat(c.managementEnabled()).isTrue();
        assertThat(c.selfJoin()).isTrue();
        assertThat(c.logLevel()).isEqualTo("INFO");
        assertThat(c.warnings()).isEmpty();
        assertThat(c.exports()).hasSize(1);
        ExportConfig e = c.exports().get(0);
        assertThat(e.id()).isEqualTo(1);
        assertThat(e.path()).isEqualTo(dir.resolve("export"));
        assertThat(e.pseudo()).isEqualTo("/");
        assertThat(e.readOnly()).isFalse();
        assertThat(e.squash()).isEqualTo(ExportSpec.Squash.ROOT);
        assertThat(e.anonUid()).isEqualTo(65534);
        assertThat(e.anonGid()).isEqualTo(65534);
        assertThat(e.backend()).isEqualTo("local");
        assertThat(e.createIfMissing()).isTrue();
        assertThat(e.clients().specs()).containsExactly("0.0.0.0/0", "::/0");
        // parsing does not create the directory: opening the back end does
        assertThat(dir.resolve("export")).doesNotExist();
    }

    @Test
    void fullExample() {
        GatewayConfig c = parse("""
                gateway {
                  node-id = "gw-a"
                  head-index = 3
                  log-level = debug
                  nfs { bind = "127.0.0.1", port = 12049, max-record-size = 2 MiB, max-in-flight-per-connection = 8 }
                  lease-time = 30s
                  grace-time = 45s
                  io-workers = 4
                  max-operations = 32
                  max-session-slots = 16
                  idmap { domain = "example.org", numeric-owners = false }
                  exports = [
                    { id = 1, path = a, pseudo = "/data/", access = ro, squash = all, anon-uid = 4294967294,
                      anon-gid = 100, clients = ["10.0.0.0/8", "192.0.2.7", "fd00::/8"] }
                    { id = 7, path = b, pseudo = "/b", squash = none }
                  ]
                }
                """);
        assertThat(c.nodeId()).isEqualTo("gw-a");
        assertThat(c.headIndex()).isEqualTo(3);
        assertThat(c.heads()).isEqualTo(new HeadsConfig("per-node", List.of("gw-a"), "cephgw:gw-a", 3));
        // unset: the grace time as configured, not reference.conf's
        assertThat(c.grace().removeDepartedAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.nfs().bind()).isEqualTo("127.0.0.1");
        assertThat(c.nfs().port()).isEqualTo(12049);
        assertThat(c.nfs().maxRecordSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.nfs().maxInFlight()).isEqualTo(8);
        ExportConfig a = c.exports().get(0);
        assertThat(a.pseudo()).isEqualTo("/data");
        assertThat(a.readOnly()).isTrue();
        assertThat(a.squash()).isEqualTo(ExportSpec.Squash.ALL);
        assertThat(Integer.toUnsignedLong(a.anonUid())).isEqualTo(4294967294L);
        assertThat(a.anonGid()).isEqualTo(100);
        assertThat(a.path()).isEqualTo(dir.resolve("a"));
        ExportConfig b = c.exports().get(1);
        assertThat(b.id()).isEqualTo(7);
        assertThat(b.squash()).isEqualTo(ExportSpec.Squash.NONE);
        assertThat(b.readOnly()).isFalse();

        NfsSettings s = c.nfsSettings();
        assertThat(s.nodeId()).isEqualTo("gw-a");
        assertThat(s.headIndex()).isEqualTo(3);
        assertThat(s.leaseTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.graceTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.maxRequestSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(s.maxResponseSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(s.maxOperations()).isEqualTo(32);
        assertThat(s.maxSessionSlots()).isEqualTo(16);
        assertThat(s.ioWorkers()).isEqualTo(4);
        assertThat(s.idmapDomain()).isEqualTo("example.org");
        assertThat(s.numericOwners()).isFalse();
    }

    @Test
    void exportDefaultsApplyToEveryExport() {
        GatewayConfig c = parse("""
                gateway.export-defaults { access = ro, clients = ["127.0.0.1"] }
                gateway.exports = [ { id = 1, path = a }, { id = 2, path = b, pseudo = "/b", access = rw } ]
                """);
        assertThat(c.exports().get(0).readOnly()).isTrue();
        assertThat(c.exports().get(0).clients().specs()).containsExactly("127.0.0.1");
        assertThat(c.exports().get(1).readOnly()).isFalse();
    }

    @Test
    void badAccess() {
        assertThat(problem(export("access = rx")))
                .isEqualTo("gateway.exports[0].access: must be \"rw\" or \"ro\", got \"rx\"");
    }

    @Test
    void badSquash() {
        assertThat(problem(export("squash = root_squash")))
                .isEqualTo("gateway.exports[0].squash: must be \"root\", \"none\" or \"all\", got \"root_squash\"");
    }

    @Test
    void missingDirectoryWithoutCreateIfMissing() {
        assertThat(problem("gateway.exports = [ { id = 1, path = nope } ]"))
                .isEqualTo("gateway.exports[0].path: " + dir.resolve("nope")
                        + " does not exist (create it, or set create-if-missing = true)");
        // with create-if-missing it is accepted
        assertThat(parse("gateway.exports = [ { id = 1, path = nope, create-if-missing = true } ]").exports()).hasSize(1);
    }

    @Test
    void pathThatIsAFile() {
        assertThat(problem("gateway.exports = [ { id = 1, path = file } ]"))
                .isEqualTo("gateway.exports[0].path: " + dir.resolve("file") + " is not a directory");
    }

    @Test
    void missingIdAndPath() {
        assertThatThrownBy(() -> parse("gateway.exports = [ { pseudo = \"/x\" } ]"))
                .isInstanceOf(GatewayConfigException.class)
                .satisfies(e -> assertThat(((GatewayConfigException) e).problems()).containsExactly(
                        "gateway.exports[0].id: missing (required)",
                        "gateway.exports[0].path: missing (required)"));
    }

    @Test
    void duplicateIds() {
        assertThat(problem("gateway.exports = [ { id = 1, path = a }, { id = 1, path = b, pseudo = \"/b\" } ]"))
                .isEqualTo("gateway.exports[1].id: export id 1 is already used by gateway.exports[0]");
    }

    @Test
    void duplicatePseudoPaths() {
        assertThat(problem("gateway.exports = [ { id = 1, path = a, pseudo = \"/x\" }, { id = 2, path = b, pseudo = \"/x/\" } ]"))
                .isEqualTo("gateway.exports[1].pseudo: pseudo path \"/x\" is already used by gateway.exports[0]");
        // both defaulting to "/"
        assertThat(problem("gateway.exports = [ { id = 1, path = a }, { id = 2, path = b } ]"))
                .isEqualTo("gateway.exports[1].pseudo: pseudo path \"/\" is already used by gateway.exports[0]");
    }

    @Test
    void badPseudoPaths() {
        assertThat(problem(export("pseudo = data")))
                .isEqualTo("gateway.exports[0].pseudo: must be an absolute path without empty, \".\" or \"..\" components, got \"data\"");
        assertThat(problem(export("pseudo = \"/a/../b\""))).startsWith("gateway.exports[0].pseudo: must be an absolute path");
        assertThat(problem(export("pseudo = \"/a//b\""))).startsWith("gateway.exports[0].pseudo: must be an absolute path");
    }

    @Test
    void exportIdOutOfRange() {
        assertThat(problem("gateway.exports = [ { id = 0, path = a } ]"))
                .isEqualTo("gateway.exports[0].id: must be between 1 and 65535, got 0");
        assertThat(problem("gateway.exports = [ { id = 65536, path = a } ]"))
                .isEqualTo("gateway.exports[0].id: must be between 1 and 65535, got 65536");
        assertThat(problem("gateway.exports = [ { id = one, path = a } ]"))
                .isEqualTo("gateway.exports[0].id: must be a whole number, got \"one\"");
    }

    @Test
    void anonIdsOutOfRange() {
        assertThat(problem(export("anon-uid = -1")))
                .isEqualTo("gateway.exports[0].anon-uid: must be between 0 and 4294967294, got -1");
        assertThat(problem(export("anon-gid = 4294967295")))
                .isEqualTo("gateway.exports[0].anon-gid: must be between 0 and 4294967294, got 4294967295");
    }

    @Test
    void badClients() {
        assertThat(problem(export("clients = [\"10.0.0.0/33\"]")))
                .isEqualTo("gateway.exports[0].clients: \"10.0.0.0/33\": prefix length 33 outside 0..32");
        assertThat(problem(export("clients = [\"nfs.example.com\"]")))
                .isEqualTo("gateway.exports[0].clients: \"nfs.example.com\" is not an IP address or CIDR network (host names are not accepted)");
        assertThat(problem(export("clients = []")))
                .isEqualTo("gateway.exports[0].clients: must not be empty (use [\"0.0.0.0/0\", \"::/0\"] for everyone)");
        assertThat(problem(export("clients = \"10.0.0.0/8\"")))
                .isEqualTo("gateway.exports[0].clients: must be a list of strings, got \"10.0.0.0/8\"");
    }

    @Test
    void unknownBackend() {
        assertThat(problem(export("backend = nfs")))
                .isEqualTo("gateway.exports[0].backend: must be one of cephfs, local, got \"nfs\"");
    }

    @Test
    void cephfsExportNeedsItsCephBlock() {
        assertThat(problem("gateway.exports = [ { id = 1, path = \"/vol\", backend = cephfs } ]"))
                .isEqualTo("gateway.exports[0].ceph: missing: a cephfs export needs ceph { conf, user, keyring or key, fs }");
    }

    @Test
    void cephfsPathIsInsideCephfs() {
        assertThat(problem("gateway.exports = [ { id = 1, path = \"vol\", backend = cephfs, ceph { fs = a } } ]"))
                .isEqualTo("gateway.exports[0].path: must be an absolute path inside CephFS, got \"vol\"");
    }

    @Test
    void cephfsSettingsAreChecked() {
        assertThat(problem("gateway.exports = [ { id = 1, path = \"/\", backend = cephfs,"
                + " ceph { conf = \"/nonexistent/ceph.conf\", fs = a } } ]"))
                .isEqualTo("gateway.exports[0].ceph.conf: /nonexistent/ceph.conf does not exist or is not a readable file");
        assertThat(problem("gateway.exports = [ { id = 1, path = \"/\", backend = cephfs, ceph { user = \"client.x\" } } ]"))
                .isEqualTo("gateway.exports[0].ceph.user: the cephx id without \"client.\" (e.g. \"cephgw\"), got \"client.x\"");
        assertThat(problem("gateway.exports = [ { id = 1, path = \"/\", backend = cephfs, ceph { fsname = a } } ]"))
                .startsWith("gateway.exports[0].ceph.fsname: unknown key; known keys are conf, fs, key, keyring, mount-timeout, user");
        assertThat(problem(export("ceph { fs = a }")))
                .isEqualTo("gateway.exports[0].ceph: only for backend = \"cephfs\"");
    }

    @Test
    void delegationsAreOnForLocalExportsAndRefusedForCephfs() {
        assertThat(parse(export("create-if-missing = true")).exports().get(0).delegations()).isTrue();
        assertThat(parse(export("create-if-missing = true, delegations = false")).exports().get(0).delegations()).isFalse();
        assertThat(parse("gateway.exports = [ { id = 7, path = \"/vol\", backend = cephfs, ceph { key = \"AQB=\", fs = a } } ]")
                .exports().get(0).delegations()).isFalse();
        assertThat(problem("gateway.exports = [ { id = 7, path = \"/vol\", backend = cephfs, delegations = true,"
                + " ceph { key = \"AQB=\", fs = a } } ]"))
                .startsWith("gateway.exports[0].delegations: not supported with backend = \"cephfs\"");
        assertThat(problem(export("create-if-missing = true, delegations = maybe")))
                .startsWith("gateway.exports[0].delegations:");
    }

    @Test
    void readdirAttributesMaxAgeIsForLocalExports() {
        assertThat(parse(export("create-if-missing = true")).exports().get(0).readdirAttributesMaxAge())
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(parse(export("create-if-missing = true, readdir-attributes-max-age = 0s")).exports().get(0)
                .readdirAttributesMaxAge()).isZero();
        assertThat(problem(export("create-if-missing = true, readdir-attributes-max-age = 1h")))
                .startsWith("gateway.exports[0].readdir-attributes-max-age: must be between");
        assertThat(problem(export("create-if-missing = true, readdir-attributes-max-age = soon")))
                .startsWith("gateway.exports[0].readdir-attributes-max-age:");
        assertThat(problem("gateway.exports = [ { id = 7, path = \"/vol\", backend = cephfs, readdir-attributes-max-age = 2s,"
                + " ceph { key = \"AQB=\", fs = a } } ]"))
                .isEqualTo("gateway.exports[0].readdir-attributes-max-age: only for backend = \"local\"");
    }

    @Test
    void cephfsExportParses() {
        GatewayConfig c = parse("gateway.exports = [ { id = 7, path = \"/vol/a/\", backend = cephfs,"
                + " ceph { user = cephgw, key = \"AQB=\", fs = a, mount-timeout = 20s } } ]");
        ExportConfig e = c.exports().get(0);
        assertThat(e.backend()).isEqualTo("cephfs");
        assertThat(e.path().toString()).isEqualTo("/vol/a");
        assertThat(e.ceph()).isEqualTo(new CephConfig(null, "cephgw", null, "AQB=", "a", java.time.Duration.ofSeconds(20)));
    }

    @Test
    void unknownExportKeyIsAnError() {
        assertThat(problem(export("acess = ro")))
                .startsWith("gateway.exports[0].acess: unknown key; known keys are access, anon-gid, anon-uid, backend, ceph, clients,");
        assertThat(problem("gateway.export-defaults.squah = all"))
                .startsWith("gateway.export-defaults.squah: unknown key");
    }

    @Test
    void unknownGatewayKeyIsAWarning() {
        GatewayConfig c = parse("gateway.nfs-port = 2050");
        assertThat(c.warnings()).containsExactly("gateway.nfs-port: unknown key, ignored");
    }

    @Test
    void exportsEmptyOrNotAList() {
        assertThat(problem("gateway.exports = []"))
                .isEqualTo("gateway.exports: must not be empty: at least one export is needed");
        assertThat(problem("gateway.exports = { id = 1 }"))
                .isEqualTo("gateway.exports: must be a list of objects, got an object");
        assertThat(problem("gateway.exports = [ 1 ]"))
                .isEqualTo("gateway.exports[0]: must be an object, got 1");
    }

    @Test
    void portsOutOfRange() {
        assertThat(problem("gateway.nfs.port = 70000"))
                .isEqualTo("gateway.nfs.port: must be between 0 and 65535, got 70000");
        assertThat(problem("gateway.nfs.port = -1"))
                .isEqualTo("gateway.nfs.port: must be between 0 and 65535, got -1");
        assertThat(problem("gateway.nfs.port = nfs"))
                .isEqualTo("gateway.nfs.port: must be a whole number, got \"nfs\"");
        assertThat(problem("gateway.nfs.port = 20.5"))
                .isEqualTo("gateway.nfs.port: must be a whole number, got 20.5");
        assertThat(problem("pekko.management.http.port = 99999"))
                .isEqualTo("pekko.management.http.port: must be between 0 and 65535, got 99999");
    }

    @Test
    void badBindAddress() {
        assertThat(problem("gateway.nfs.bind = \"no-such-host.invalid\""))
                .isEqualTo("gateway.nfs.bind: \"no-such-host.invalid\" is neither an IP address nor a resolvable host name");
        assertThat(parse("gateway.nfs.bind = \"::1\"").nfs().bind()).isEqualTo("::1");
    }

    @Test
    void recordSizeAndInFlightLimits() {
        assertThat(problem("gateway.nfs.max-record-size = 100"))
                .isEqualTo("gateway.nfs.max-record-size: must be between 4096 and 1073741824 bytes, got 100");
        assertThat(problem("gateway.nfs.max-record-size = lots"))
                .isEqualTo("gateway.nfs.max-record-size: must be a size in bytes (e.g. 1114112 or \"1088 KiB\"), got \"lots\"");
        assertThat(problem("gateway.nfs.max-in-flight-per-connection = 0"))
                .isEqualTo("gateway.nfs.max-in-flight-per-connection: must be between 1 and 4096, got 0");
        assertThat(problem("gateway.nfs.backchannel-queue-size = 0"))
                .isEqualTo("gateway.nfs.backchannel-queue-size: must be between 1 and 65536, got 0");
        assertThat(problem("gateway.nfs.tcp-backlog = 0"))
                .isEqualTo("gateway.nfs.tcp-backlog: must be between 1 and 65535, got 0");
    }

    @Test
    void headIndexAndCounts() {
        assertThat(problem("gateway.head-index = 256"))
                .isEqualTo("gateway.head-index: must be between 0 and 255, got 256");
        assertThat(problem("gateway.io-workers = 0"))
                .isEqualTo("gateway.io-workers: must be between 1 and 4096, got 0");
        assertThat(problem("gateway.max-operations = 1"))
                .isEqualTo("gateway.max-operations: must be between 2 and 4096, got 1");
        assertThat(problem("gateway.max-session-slots = 0"))
                .isEqualTo("gateway.max-session-slots: must be between 1 and 4096, got 0");
    }

    @Test
    void leaseAndGrace() {
        assertThat(problem("gateway.lease-time = soon"))
                .isEqualTo("gateway.lease-time: must be a duration (e.g. \"90s\"), got \"soon\"");
        assertThat(problem("gateway.lease-time = 0s"))
                .isEqualTo("gateway.lease-time: must be between 1s and 3600s, got 0s");
        assertThat(problem("gateway.lease-time = 120s"))
                .isEqualTo("gateway.grace-time: must be at least gateway.lease-time (120s), got 90s");
    }

    @Test
    void identities() {
        assertThat(problem("gateway.node-id = \"gw a\""))
                .isEqualTo("gateway.node-id: must not contain spaces or control characters, got \"gw a\"");
        assertThat(problem("gateway.node-id = 12"))
                .isEqualTo("gateway.node-id: must be a string, got 12");
        assertThat(problem("gateway.idmap.domain = \"\""))
                .isEqualTo("gateway.idmap.domain: must be a domain name without spaces or \"@\", got \"\"");
        assertThat(problem("gateway.log-level = loud"))
                .isEqualTo("gateway.log-level: must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, got \"LOUD\"");
        assertThat(problem("gateway.idmap.numeric-owners = maybe"))
                .isEqualTo("gateway.idmap.numeric-owners: must be true or false, got \"maybe\"");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> parse("""
                gateway.nfs.port = 70000
                gateway.head-index = -1
                gateway.exports = [ { id = 1, path = a, access = rx }, { id = 1, path = b, pseudo = "/b" } ]
                """))
                .isInstanceOf(GatewayConfigException.class)
                .satisfies(e -> assertThat(((GatewayConfigException) e).problems()).containsExactly(
                        "gateway.head-index: must be between 0 and 255, got -1",
                        "gateway.nfs.port: must be between 0 and 65535, got 70000",
                        "gateway.exports[0].access: must be \"rw\" or \"ro\", got \"rx\"",
                        "gateway.exports[1].id: export id 1 is already used by gateway.exports[0]"))
                .hasMessageContaining("gateway.nfs.port");
    }

    @Test
    void missingGatewaySection() {
        assertThatThrownBy(() -> GatewayConfig.parse(ConfigFactory.empty(), dir))
                .hasMessageStartingWith("gateway: missing");
    }

    @Test
    void localProviderSwitchesOffClusterManagement() {
        Config local = ConfigLoader.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local"));
        assertThat(local.getString("pekko.management.http.routes.cluster-management")).isEmpty();
        assertThat(local.getString("pekko.management.health-checks.readiness-checks.cluster-membership")).isEmpty();
        Config cluster = ConfigLoader.withDefaults(ConfigFactory.empty());
        assertThat(ConfigLoader.isClusterProvider(cluster)).isTrue();
        assertThat(cluster.getString("pekko.management.http.routes.cluster-management")).isNotEmpty();
        assertThat(cluster.getString("pekko.management.health-checks.readiness-path")).isEqualTo("health/ready");
        assertThat(cluster.getInt("pekko.management.http.port")).isEqualTo(8558);
        assertThat(cluster.getString("pekko.management.http.hostname")).isEqualTo("127.0.0.1");
        assertThat(cluster.getBoolean("pekko.coordinated-shutdown.exit-jvm")).isFalse();
    }

    @Test
    void layersFlagsBeatPropertiesBeatFileBeatDefaults() {
        Config c = ConfigLoader.assemble(
                ConfigFactory.parseString("gateway.nfs.port = 1"),
                ConfigFactory.parseString("gateway.nfs.port = 2, gateway.io-workers = 2"),
                ConfigFactory.parseString("gateway.nfs.port = 3, gateway.io-workers = 3, gateway.max-operations = 3"),
                ConfigFactory.empty());
        assertThat(c.getInt("gateway.nfs.port")).isEqualTo(1);
        assertThat(c.getInt("gateway.io-workers")).isEqualTo(2);
        assertThat(c.getInt("gateway.max-operations")).isEqualTo(3);
        assertThat(c.getInt("gateway.max-session-slots")).isEqualTo(64);
    }

    @Test
    void configFileErrors() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.conf"), ConfigFactory.empty(), ConfigFactory.empty()))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("does not exist");
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "gateway { nfs { port = 1 }");
        assertThatThrownBy(() -> ConfigLoader.load(broken, ConfigFactory.empty(), ConfigFactory.empty()))
                .isInstanceOf(GatewayConfigException.class).hasMessageStartingWith("--config: ");
    }

    // ------------------------------------------------------------------ gateway.grace

    @Test
    void graceDefaultsToTheLocalStoreInTheStateDir() {
        GatewayConfig c = parse(export("pseudo = \"/\""));
        assertThat(c.grace().store()).isEqualTo("local");
        assertThat(c.grace().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.grace().rados()).isNull();
        assertThat(c.stateDir()).isEqualTo(dir.resolve("cephgw-state"));
        assertThat(c.graceTime()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void graceRadosTakesGaneshasDefaults() {
        GatewayConfig c = parse(export("pseudo = \"/\"") + "\ngateway.grace { store = rados, rados { user = nfs, namespace = ns1 } }");
        assertThat(c.grace().store()).isEqualTo("rados");
        assertThat(c.grace().rados()).isEqualTo(new GraceConfig.Rados(null, "nfs", null, null, "nfs-ganesha", "ns1", "grace"));
    }

    @Test
    void badGraceStoreNamesTheKey() {
        assertThat(problem(export("pseudo = \"/\"") + "\ngateway.grace.store = etcd"))
                .isEqualTo("gateway.grace.store: must be \"local\" or \"rados\", got \"etcd\"");
        assertThat(problem(export("pseudo = \"/\"") + "\ngateway.grace.rados.pol = x"))
                .startsWith("gateway.grace.rados.pol: unknown key");
        assertThat(problem(export("pseudo = \"/\"") + "\ngateway.grace { store = rados, rados.user = \"client.x\" }"))
                .startsWith("gateway.grace.rados.user: the cephx id without");
        assertThat(problem(export("pseudo = \"/\"") + "\ngateway.node-id = \"a/b\""))
                .startsWith("gateway.node-id: must not contain '/'");
    }
}
