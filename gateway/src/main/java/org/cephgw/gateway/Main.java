package org.cephgw.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.util.Arrays;
import org.cephgw.gateway.config.ConfigLoader;
import org.cephgw.gateway.config.GatewayConfigException;
import org.cephgw.gateway.grace.GraceCommand;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar gateway.jar [--config FILE] [--export DIR] [--port N] [--bind ADDR]
 * [--management-port N] [--help]}; {@code java -jar gateway.jar grace ...} is the grace database
 * tool instead ({@link GraceCommand}, nfs-ganesha's {@code ganesha-rados-grace}), and
 * {@code java -jar gateway.jar warm-up} starts and stops an embedded gateway once, to record a
 * class-data-sharing archive ({@link WarmUp}).
 *
 * <p>Exit status: 0 after a clean stop or {@code --help}, 1 when the gateway cannot start or
 * could not join its cluster ({@code gateway.cluster.join-timeout}), 2 for a bad command line. SIGTERM runs Pekko's coordinated shutdown through the JVM shutdown hook;
 * when the actor system has terminated for any other reason (e.g. the node was downed), this
 * class ends the JVM. That is why {@code pekko.coordinated-shutdown.exit-jvm} stays off: with it
 * on, a start that fails after the actor system exists (NFS port in use) would end the JVM from
 * Pekko's thread with status 0 before the error could be printed.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("grace")) {
            // the grace database tool (ganesha-rados-grace's equivalent): no Pekko, no configuration
            System.exit(GraceCommand.run(GraceCommand.PROGRAM, Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        if (args.length == 1 && args[0].equals("warm-up")) {
            // a start and stop for a class-data-sharing archive (see WarmUp)
            System.exit(WarmUp.run(System.out, System.err));
        }
        // logback starts while the configuration is parsed: the NFS port is bound that much sooner,
        // and a restarted head's clients, whose reconnect back-off starts at 3 s, find it listening
        LoggingStart.inBackground();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status (serving blocks until the gateway stops). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // the production back ends depend on the configuration (Backends.forGateway / forHead)
        return run(args, out, err, null, org.cephgw.actors.Nfs4Server::start);
    }

    /** @param backends null: the production ones for the loaded configuration */
    static int run(String[] args, PrintStream out, PrintStream err, BackendFactory backends, NfsServiceFactory services) {
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("gateway: " + e.getMessage());
            err.println("Run 'java -jar gateway.jar --help' for the options.");
            return EXIT_USAGE;
        }
        if (cl.help()) {
            out.print(CommandLine.USAGE);
            out.flush();
            return EXIT_OK;
        }
        GatewayServer server;
        try {
            Config config = ConfigLoader.load(cl.configFile(), cl.overrides(), ConfigFactory.empty());
            server = backends != null ? GatewayServer.start(config, backends, services)
                    : GatewayServer.start(config, services);
        } catch (GatewayConfigException e) {
            err.println("gateway: configuration error:");
            e.problems().forEach(p -> err.println("  " + p));
            return EXIT_FAILED;
        } catch (GatewayServer.StartException e) {
            LoggerFactory.getLogger(Main.class).debug("start failed", e);
            err.println("gateway: cannot start: " + e.getMessage());
            return EXIT_FAILED;
        }
        server.whenTerminated().toCompletableFuture().join();
        // a node that could not join its cluster (gateway.cluster.join-timeout) must not look like a clean stop
        return org.cephgw.gateway.cluster.ClusterJoin.gaveUp(server.system()) ? EXIT_FAILED : EXIT_OK;
    }
}
