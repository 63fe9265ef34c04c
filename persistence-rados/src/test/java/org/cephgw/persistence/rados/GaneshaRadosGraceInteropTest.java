package org.cephgw.persistence.rados;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * RadosGraceDb and nfs-ganesha's own tool, {@code ganesha-rados-grace} (Debian package
 * nfs-ganesha-rados-grace, 4.3), on the same object: each must see exactly what the other wrote.
 *
 * <p>What running the tool showed (recorded here because nothing else documents it):
 * <ul>
 *   <li>{@code dump} prints {@code cur=C rec=R} (unsigned), 54 {@code =}, then
 *       {@code <nodeid>\t<N| ><E| >} per member in omap key order, to stdout, exit 0;</li>
 *   <li>failures print {@code Failure: <negative errno>} to stderr, exit 1: a missing object
 *       {@code -2} for every command but add, an unknown member in join/start/lift/enforce
 *       {@code -126}; {@code member} exits 0 when all are members, else {@code Failure: -2};</li>
 *   <li>{@code add} creates the object first (exclusive create + 16 bytes); it does not read the
 *       data, so it adds members even to an object whose data has the wrong length, while every
 *       reader (dump, start…) reports that object as {@code -131} (ENOTRECOVERABLE);</li>
 *   <li>flag values: only the first byte counts and bits other than N (1) and E (2) are ignored
 *       (a value {@code 0x07} dumps as {@code NE}, a value {@code "ab"} as {@code N });</li>
 *   <li>it takes the keyring from ceph.conf; {@code --userid} is the name without {@code client.}.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class GaneshaRadosGraceInteropTest {
    static final String TOOL = "ganesha-rados-grace";
    private static RadosCluster cluster;

    @BeforeAll
    static void connect() {
        assertThat(toolPath()).as(TOOL + " on the PATH (Debian package nfs-ganesha-rados-grace)").isNotNull();
        cluster = RadosTestSupport.connect();
    }

    @AfterAll
    static void disconnect() {
        if (cluster != null) {
            RadosTestSupport.cleanup(cluster);
            cluster.close();
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Path toolPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, TOOL);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static Result tool(String oid, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TOOL, "--cephconf", String.valueOf(RadosTestSupport.confPath()),
                "--userid", RadosTestSupport.user(), "--pool", RadosTestSupport.pool(),
                "--ns", RadosTestSupport.namespace(), "--oid", oid));
        cmd.addAll(List.of(args));
        Result r = null;
        // nfs-ganesha 4.3's tool (librados 16 on OpenSSL 3) now and then dies of a signal on its way
        // out (librados' teardown, e.g. "terminate called … EVP_DecryptInit_ex failed"), after it did
        // its work: its exit code and what it printed to a pipe (fully buffered) are lost with it. A
        // command that changes nothing (dump, member) is simply run again
        boolean readOnly = List.of(args).contains("dump") || List.of(args).contains("member");
        for (int attempt = 0; attempt < 3; attempt++) {
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
            if (r.exit() <= 128 || !readOnly) {
                break;
            }
            System.out.println(TOOL + " " + String.join(" ", args) + " died (exit " + r.exit() + "); once more: " + r.err());
        }
        if (r.exit() > 128) {
            // died on its way out, after its work: its own message (stderr, unbuffered) is out by
            // then; without one it had succeeded. The runtime's last words are not the tool's output.
            String err = r.err().replaceAll("(?s)terminate called after throwing.*", "");
            r = new Result(err.isEmpty() ? 0 : 1, r.out(), err);
        }
        return r;
    }

    static void ok(Result r) {
        assertThat(r.exit()).as("exit of " + r).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void whatTheToolWritesRadosGraceDbReads() throws Exception {
        String oid = RadosTestSupport.uniqueOid("interop-tool");
        ok(tool(oid, "add", "a", "b", "c"));
        ok(tool(oid, "start", "a"));
        ok(tool(oid, "join", "b"));
        ok(tool(oid, "noenforce", "c"));
        try (RadosGraceDb db = new RadosGraceDb(cluster, oid)) {
            GraceState s = db.read();
            assertThat(s.cur()).isEqualTo(2);
            assertThat(s.rec()).isEqualTo(1);
            assertThat(s.members()).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                    "a", Flags.NE, "b", Flags.NE, "c", Flags.NONE)));
            assertThat(db.dump()).isEqualTo(tool(oid, "dump").out());
            assertThat(db.enforcing("a")).isFalse();
            ok(tool(oid, "enforce", "c"));
            assertThat(db.enforcing("a")).isTrue();
            ok(tool(oid, "lift", "a", "b"));
            assertThat(db.read().rec()).isZero();
            assertThat(db.dump()).isEqualTo(tool(oid, "dump").out());
        }
    }

    @Test
    void whatRadosGraceDbWritesTheToolDumpsIdentically() throws Exception {
        String oid = RadosTestSupport.uniqueOid("interop-db");
        try (RadosGraceDb db = new RadosGraceDb(cluster, oid)) {
            db.create();
            assertThat(tool(oid, "dump")).isEqualTo(new Result(0, db.read().dump(), ""));
            db.add("node-a", "node-b", "\u00e4-utf8");
            db.start("node-a");
            db.noenforce("node-b");
            Result r = tool(oid, "dump");
            assertThat(r).isEqualTo(new Result(0, db.read().dump(), ""));
            assertThat(r.out()).isEqualTo("cur=2 rec=1\n" + "=".repeat(54) + "\nnode-a\tNE\nnode-b\t  \n\u00e4-utf8\t E\n");
            // the tool's view of the enforcing rule agrees: its lift waits while node-b does not enforce
            ok(tool(oid, "lift", "node-a"));
            assertThat(db.read().rec()).isEqualTo(1);
            db.enforce("node-b");
            ok(tool(oid, "lift", "node-a"));
            assertThat(db.read().rec()).isZero();
            db.remove("node-b");
            assertThat(tool(oid, "dump")).isEqualTo(new Result(0, db.read().dump(), ""));
        }
    }

    @Test
    void theToolsMemberExitCodes() throws Exception {
        String oid = RadosTestSupport.uniqueOid("interop-member");
        assertThat(tool(oid, "member", "a")).isEqualTo(new Result(1, "", "Failure: -2\n")); // no database
        try (RadosGraceDb db = new RadosGraceDb(cluster, oid)) {
            db.create();
            db.add("a", "b");
        }
        assertThat(tool(oid, "member", "a")).isEqualTo(new Result(0, "", ""));
        assertThat(tool(oid, "member", "a", "b")).isEqualTo(new Result(0, "", ""));
        assertThat(tool(oid, "member", "a", "zz")).isEqualTo(new Result(1, "", "Failure: -2\n"));
        assertThat(tool(oid, "join", "zz")).isEqualTo(new Result(1, "", "Failure: -126\n"));
    }

    /** A corrupt object (data not 16 bytes) is refused alike; only the tool's add writes into it. */
    @Test
    void aCorruptObjectIsRefusedByBoth() throws Exception {
        String oid = RadosTestSupport.uniqueOid("interop-corrupt");
        cluster.ioCtx().write(oid, new byte[] {1, 2, 3});
        assertThat(tool(oid, "dump")).isEqualTo(new Result(1, "", "Failure: -131\n"));
        try (RadosGraceDb db = new RadosGraceDb(cluster, oid)) {
            assertThat(RadosGraceDbTest.catchStore(db::read).errno()).isEqualTo(-131);
        }
    }

    /** Flag bytes as other writers may leave them: first byte only, unknown bits ignored. */
    @Test
    void flagValuesAreReadAsTheToolReadsThem() throws Exception {
        String oid = RadosTestSupport.uniqueOid("interop-flags");
        try (RadosGraceDb db = new RadosGraceDb(cluster, oid)) {
            db.create();
            RadosCluster.Write w = new RadosCluster.Write();
            w.omapSet.put("k1", new byte[] {7});
            w.omapSet.put("k2", "ab".getBytes(StandardCharsets.US_ASCII));
            assertThat(cluster.write(oid, w)).isZero();
            Result r = tool(oid, "dump");
            assertThat(r.out()).as("%s", r).endsWith("k1\tNE\nk2\tN \n");
            assertThat(db.dump()).isEqualTo(r.out());
        }
    }
}
