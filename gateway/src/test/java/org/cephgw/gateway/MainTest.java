package org.cephgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                e -> {
                    throw new AssertionError("no back end may be opened in these tests");
                },
                (system, settings, exports, grace) -> {
                    throw new AssertionError("no NFS service may be started in these tests");
                });
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryFlagAndExitsZero() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("Usage: java -jar gateway.jar", "--config FILE", "--export DIR", "--port N",
                "--bind ADDR", "--management-port N", "--help");
        assertThat(err()).isEmpty();
        // --help wins over everything else on the line
        out.reset();
        assertThat(run("--port", "1", "--help")).isEqualTo(0);
    }

    @Test
    void unknownFlagExitsTwoWithAHint() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err()).contains("gateway: unknown option --frobnicate").contains("--help");
        assertThat(out()).isEmpty();
    }

    @Test
    void subcommandsAreNotRecognisedYet() {
        assertThat(run("grace", "dump")).isEqualTo(2);
        assertThat(err()).contains("unexpected argument \"grace\"");
    }

    @Test
    void badValuesExitTwo() {
        assertThat(run("--port", "nfs")).isEqualTo(2);
        assertThat(err()).contains("--port: \"nfs\" is not a port number");
        err.reset();
        assertThat(run("--port=70000")).isEqualTo(2);
        assertThat(err()).contains("--port: 70000 is outside 0..65535");
        err.reset();
        assertThat(run("--management-port", "-5")).isEqualTo(2);
        assertThat(err()).contains("--management-port: -5 is outside 0..65535");
        err.reset();
        assertThat(run("--port")).isEqualTo(2);
        assertThat(err()).contains("--port needs a value");
        err.reset();
        assertThat(run("--port", "1", "--port", "2")).isEqualTo(2);
        assertThat(err()).contains("--port given more than once");
        err.reset();
        assertThat(run("--config", dir.resolve("nope.conf").toString())).isEqualTo(2);
        assertThat(err()).contains("does not exist");
        err.reset();
        assertThat(run("--bind", "no-such-host.invalid")).isEqualTo(2);
        assertThat(err()).contains("--bind: \"no-such-host.invalid\"");
        err.reset();
        assertThat(run("--help=yes")).isEqualTo(2);
    }

    @Test
    void exportThatIsAFileIsABadValue() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThat(run("--export", f.toString())).isEqualTo(2);
        assertThat(err()).contains("exists and is not a directory");
    }

    @Test
    void badConfigurationFileExitsOneNamingTheKey() throws Exception {
        Path conf = dir.resolve("gw.conf");
        Files.writeString(conf, """
                gateway.exports = [ { id = 1, path = "%s", access = rx } ]
                gateway.nfs.port = 70000
                """.formatted(dir.toString().replace("\\", "\\\\")));
        assertThat(run("--config", conf.toString())).isEqualTo(1);
        assertThat(err()).contains("configuration error",
                "gateway.exports[0].access: must be \"rw\" or \"ro\", got \"rx\"",
                "gateway.nfs.port: must be between 0 and 65535, got 70000");
    }

    @Test
    void flagsOverrideTheFile() throws Exception {
        Path conf = dir.resolve("gw.conf");
        Files.writeString(conf, "gateway.nfs.port = 3049\ngateway.nfs.bind = \"0.0.0.0\"\n");
        Path export = dir.resolve("served");
        CommandLine cl = CommandLine.parse(new String[] {"--config=" + conf, "--export", export.toString(),
                "--port", "12049", "--bind", "127.0.0.1", "--management-port", "18558"});
        Config c = ConfigLoader.load(cl.configFile(), cl.overrides(), com.typesafe.config.ConfigFactory.empty());
        GatewayConfig g = GatewayConfig.parse(c);
        assertThat(g.nfs().port()).isEqualTo(12049);
        assertThat(g.nfs().bind()).isEqualTo("127.0.0.1");
        assertThat(c.getInt("pekko.management.http.port")).isEqualTo(18558);
        assertThat(g.exports()).hasSize(1);
        assertThat(g.exports().get(0).id()).isEqualTo(1);
        assertThat(g.exports().get(0).pseudo()).isEqualTo("/");
        assertThat(g.exports().get(0).readOnly()).isFalse();
        assertThat(g.exports().get(0).createIfMissing()).isTrue();
        assertThat(g.exports().get(0).path()).isEqualTo(export.toAbsolutePath());
    }

    @Test
    void noArgumentsMeansDefaults() throws Exception {
        CommandLine cl = CommandLine.parse(new String[0]);
        assertThat(cl.help()).isFalse();
        assertThat(cl.overrides().isEmpty()).isTrue();
    }

    @Test
    void parseErrorsAreUsageExceptions() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"-p", "1"}))
                .isInstanceOf(CommandLine.UsageException.class).hasMessage("unknown option -p");
    }
}
