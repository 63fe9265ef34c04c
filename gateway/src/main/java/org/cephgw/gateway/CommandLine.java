package org.cephgw.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cephgw.gateway.config.GatewayConfig;

/**
 * The command line of {@code java -jar gateway.jar}. Flags become configuration overrides that
 * win over every file, so that what is typed is what runs.
 *
 * @param configFile     {@code --config FILE}, or null
 * @param exportDir      {@code --export DIR}, or null
 * @param port           {@code --port N}, or null
 * @param bind           {@code --bind ADDR}, or null
 * @param managementPort {@code --management-port N}, or null
 * @param squash         {@code --squash none|root|all}, or null
 * @param help           {@code --help}
 */
public record CommandLine(Path configFile, Path exportDir, Integer port, String bind, Integer managementPort,
                          String squash, boolean help) {

    /** A command line that cannot be run; the message says which argument and why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            Usage: java -jar gateway.jar [options]
                   java -jar gateway.jar grace ...   the grace database tool (ganesha-rados-grace's options)
                   java -jar gateway.jar warm-up     start and stop an embedded gateway once, to record
                                                     a class-data-sharing archive (-XX:ArchiveClassesAtExit)

            Serves NFSv4.1/4.2. Without options: the directory ./export (created if missing)
            on port 2049, with the defaults of docs/configuration.md.

            Options:
              --config FILE           read the configuration (HOCON, keys under gateway { }) from FILE
                                      instead of application.conf
              --export DIR            serve DIR as the only export (id 1, pseudo path "/", read-write),
                                      creating it if missing; replaces gateway.exports
              --port N                NFS TCP port (gateway.nfs.port, default 2049)
              --bind ADDR             address the NFS port listens on (gateway.nfs.bind, default 0.0.0.0)
              --management-port N     management HTTP port (pekko.management.http.port, default 8558)
              --squash MODE           identity mapping of exports that do not set one
                                      (gateway.export-defaults.squash): none, root (default) or all
              --help                  print this help and exit

            Precedence, highest first: these flags, -D system properties (e.g.
            -Dgateway.nfs.port=2050), the configuration file, the built-in defaults.
            Exit status: 0 after a clean shutdown or --help, 1 when the gateway cannot start
            (the message names the configuration key), 2 for a bad command line.
            """;

    /** Flags in the order they are documented. */
    private static final List<String> FLAGS = List.of("--config", "--export", "--port", "--bind", "--management-port",
            "--squash", "--help");

    public static CommandLine parse(String[] args) throws UsageException {
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!FLAGS.contains(name)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name : "unexpected argument \"" + arg + "\"");
            }
            if (seen.containsKey(name)) {
                throw new UsageException(name + " given more than once");
            }
            if (name.equals("--help")) {
                if (value != null) {
                    throw new UsageException("--help takes no value");
                }
                seen.put(name, "");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            seen.put(name, value);
        }
        if (seen.containsKey("--help")) {
            return new CommandLine(null, null, null, null, null, null, true);
        }
        Path config = null;
        if (seen.containsKey("--config")) {
            config = path("--config", seen.get("--config"));
            if (!Files.isRegularFile(config)) {
                throw new UsageException("--config: " + config + " does not exist or is not a file");
            }
        }
        Path export = null;
        if (seen.containsKey("--export")) {
            export = path("--export", seen.get("--export"));
            if (Files.exists(export) && !Files.isDirectory(export)) {
                throw new UsageException("--export: " + export + " exists and is not a directory");
            }
        }
        Integer port = seen.containsKey("--port") ? port("--port", seen.get("--port")) : null;
        Integer mport = seen.containsKey("--management-port") ? port("--management-port", seen.get("--management-port")) : null;
        String bind = seen.get("--bind");
        if (bind != null && !GatewayConfig.isValidBindAddress(bind)) {
            throw new UsageException("--bind: \"" + bind + "\" is neither an IP address nor a resolvable host name");
        }
        String squash = seen.get("--squash");
        if (squash != null && !List.of("none", "root", "all").contains(squash)) {
            throw new UsageException("--squash: must be none, root or all, got \"" + squash + "\"");
        }
        return new CommandLine(config, export, port, bind, mport, squash, false);
    }

    private static Path path(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " needs a non-empty path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(flag + ": not a valid path: " + value);
        }
    }

    private static int port(String flag, String value) throws UsageException {
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": \"" + value + "\" is not a port number");
        }
        if (p < 0 || p > 65535) {
            throw new UsageException(flag + ": " + p + " is outside 0..65535");
        }
        return p;
    }

    /** The flags as configuration overrides. */
    public Config overrides() {
        Config c = ConfigFactory.empty();
        if (port != null) {
            c = c.withValue("gateway.nfs.port", ConfigValueFactory.fromAnyRef(port));
        }
        if (bind != null) {
            c = c.withValue("gateway.nfs.bind", ConfigValueFactory.fromAnyRef(bind));
        }
        if (managementPort != null) {
            c = c.withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(managementPort));
        }
        if (squash != null) {
            c = c.withValue("gateway.export-defaults.squash", ConfigValueFactory.fromAnyRef(squash));
        }
        if (exportDir != null) {
            Map<String, Object> export = new LinkedHashMap<>();
            export.put("id", 1);
            export.put("path", exportDir.toAbsolutePath().normalize().toString());
            export.put("pseudo", "/");
            export.put("access", "rw");
            export.put("create-if-missing", true);
            c = c.withValue("gateway.exports", ConfigValueFactory.fromIterable(List.of(export)));
        }
        return c;
    }
}
