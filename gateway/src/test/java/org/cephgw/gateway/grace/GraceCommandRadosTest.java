package org.cephgw.gateway.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The grace command side by side with nfs-ganesha's {@code ganesha-rados-grace} on the dev cluster
 * (scripts/ceph-dev-cluster.sh; user client.cephgw, pool cephfs.a.meta, namespace ganesha): the same
 * command lines, each tool on its own object, must give the same stdout, stderr and exit code.
 * Our command runs in-process with the tool's program name, so usage texts compare too; ours has one
 * more usage lines (for --state-dir and evict), which the comparison drops. Where the tool crashes after its
 * output (exit 139, now and then after "Need at least one nodeid."), ours is expected to exit 1.
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
class GraceCommandRadosTest {
    static final String TOOL = "ganesha-rados-grace";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    record Result(int exit, String out, String err) {
    }

    static Path devDir() {
        String d = System.getenv("CEPH_DEV_DIR");
        return Path.of(d == null || d.isBlank() ? "/tmp/cephgw-ceph" : d);
    }

    static String conf() {
        String p = System.getProperty("ceph.conf");
        if (p == null || p.isBlank()) {
            p = System.getenv("CEPH_CONF");
        }
        return p == null || p.isBlank() ? devDir().resolve("ceph.conf").toString() : p;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    static List<String> connection(String oid) {
        return List.of("--cephconf", conf(), "--userid", env("CEPH_DEV_USER", "cephgw"),
                "--pool", env("CEPH_DEV_META_POOL", "cephfs.a.meta"), "--ns", env("CEPH_DEV_NAMESPACE", "ganesha"),
                "--oid", oid);
    }

    static Result tool(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(TOOL);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /**
     * A command that changes nothing (dump, member), run until it did not crash (at most 6 times):
     * a crash on the tool's way out may have swallowed its buffered output (see {@link #toolOutcome}).
     */
    static Result readOnlyTool(List<String> args) throws Exception {
        Result raw = tool(args);
        for (int retry = 0; (raw.exit() > 128 || crashed(raw)) && retry < 5; retry++) {
            raw = tool(args);
        }
        return raw;
    }

    static Result ours(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = GraceCommand.run(TOOL, args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8).replaceAll("(?m)^" + TOOL + " (--state-dir DIR|\\[ options \\] evict) .*\n", "");
        return new Result(rc, out.toString(StandardCharsets.UTF_8), e);
    }

    /** Runs one command line on both tools (each on its own object) and compares. */
    static void same(String oidTool, String oidOurs, String... args) throws Exception {
        List<String> a = new ArrayList<>(connection(oidTool));
        a.addAll(List.of(args));
        boolean readOnly = args.length == 0 || args[0].equals("dump") || args[0].equals("member");
        Result t;
        if (readOnly) {
            t = outcome(readOnlyTool(a));
        } else {
            t = toolOutcome(a);
        }
        if (!readOnly && crashed(t)) {
            t = new Result(0, "", ""); // it fails only with a message (stderr is unbuffered): it had succeeded
        }
        List<String> b = new ArrayList<>(connection(oidOurs));
        b.addAll(List.of(args));
        Result o = ours(b);
        assertThat(o).as(String.join(" ", args)).isEqualTo(t);
    }

    /**
     * The tool's result with its crashes taken out. Piped to a process, ganesha-rados-grace now and
     * then crashes while exiting (librados teardown): SIGSEGV (139), SIGBUS (135), an abort after
     * "terminate called after throwing an instance of 'boost::wrapexcept<boost::bad_get>'" (134), or
     * exit 1 with its buffered stdout lost, or its own exit 1 followed by the runtime's "terminate
     * called after throwing … EVP_DecryptInit_ex failed". Its message (stderr) is out by then: a
     * crash after a message counts as the exit 1 the tool meant, a crash after no message as the
     * success it had.
     */
    static Result toolOutcome(List<String> args) throws Exception {
        return outcome(tool(args));
    }

    private static Result outcome(Result t) {
        // the C++ runtime's last words may come after the tool's own message, whatever the exit code
        String err = t.err().replaceAll("(?s)terminate called after throwing.*", "");
        int exit = t.exit();
        if (exit > 128) {
            // killed by a signal (128 + its number)
            exit = err.isEmpty() ? 0 : 1;
        }
        return new Result(exit, t.out(), err);
    }

    static boolean crashed(Result t) {
        return t.exit() == 1 && t.out().isEmpty() && t.err().isEmpty();
    }

    @Test
    void theSameCommandsGiveTheSameOutputAndExitCodes() throws Exception {
        String t = "cli-tool-" + RUN;
        String o = "cli-ours-" + RUN;
        try {
            String[][] script = {
                {"dump"}, {}, {"member", "a"}, {"start", "a"},
                {"add", "a", "b", "c"}, {"dump"}, {"add", "a", "d"}, {"dump"},
                {"member", "a"}, {"member", "a", "b"}, {"member", "a", "zz"},
                {"start", "a"}, {"dump"}, {"join", "b"}, {"join", "zz"}, {"enforce", "a", "zz"},
                {"noenforce", "c"}, {"lift", "a"}, {"dump"}, {"enforce", "c"}, {"lift", "a", "b"}, {"dump"},
                {"noenforce", "a"}, {"remove", "a"}, {"remove", "a"}, {"dump", "x", "y"},
                {"enforce"}, {"noenforce"}, {"remove"}, {"bogus", "a"},
            };
            for (String[] line : script) {
                same(t, o, line);
            }
        } finally {
            cleanup(t, o);
        }
    }

    @Test
    void badCommandLinesAndConnectionFailuresLookTheSame() throws Exception {
        assertThat(ours(List.of("--help"))).isEqualTo(tool(List.of("--help")));
        assertThat(ours(List.of("-x"))).isEqualTo(tool(List.of("-x")));
        assertThat(ours(List.of("--oid"))).isEqualTo(tool(List.of("--oid")));
        assertThat(ours(List.of("-p"))).isEqualTo(tool(List.of("-p")));
        List<String> missingConf = List.of("--cephconf", "/nonexistent/ceph.conf", "dump");
        assertThat(ours(missingConf)).isEqualTo(toolOutcome(missingConf))
                .isEqualTo(new Result(1, "", "rados_conf_read_file: -2\nCan't connect to cluster: -2\n"));
        List<String> noPool = List.of("--cephconf", conf(), "--userid", env("CEPH_DEV_USER", "cephgw"),
                "--pool", "no-such-pool-" + RUN, "dump");
        assertThat(ours(noPool)).isEqualTo(toolOutcome(noPool))
                .isEqualTo(new Result(1, "", "rados_ioctx_create: -2\nCan't connect to cluster: -2\n"));
        List<String> defaultPool = List.of("--cephconf", conf(), "--userid", env("CEPH_DEV_USER", "cephgw"), "dump");
        assertThat(ours(defaultPool)).isEqualTo(toolOutcome(defaultPool)); // nfs-ganesha, absent on the dev cluster
        List<String> noUser = List.of("--cephconf", conf(), "--userid", "nosuchuser-" + RUN, "dump");
        assertThat(ours(noUser)).isEqualTo(toolOutcome(noUser));
        assertThat(ours(noUser).exit()).isEqualTo(1);
    }

    /** The executable jar, as a user runs it, when the build has made it. */
    @Test
    void theJarRunsTheCommandWithoutStartingTheGateway() throws Exception {
        Path jar = Path.of("target", "gateway.jar");
        if (!Files.isRegularFile(jar)) {
            return; // surefire runs before packaging; the in-process tests above cover the behaviour
        }
        String oid = "cli-jar-" + RUN;
        try {
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString(), "grace"));
            cmd.addAll(connection(oid));
            cmd.addAll(List.of("add", "n1"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<String> dump = new ArrayList<>(connection(oid));
            dump.add("dump");
            Result dumped = readOnlyTool(dump);
            assertThat(dumped.out()).as("%s", dumped).endsWith("n1\t E\n");
        } finally {
            cleanup(oid);
        }
    }

    static void cleanup(String... oids) throws Exception {
        for (String oid : oids) {
            new ProcessBuilder("rados", "--conf", conf(), "--id", env("CEPH_DEV_USER", "cephgw"),
                    "-p", env("CEPH_DEV_META_POOL", "cephfs.a.meta"), "-N", env("CEPH_DEV_NAMESPACE", "ganesha"),
                    "rm", oid).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
