package org.cephgw.gateway.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assembles the configuration from its layers, first wins:
 * <ol>
 *   <li>command-line flags ({@code --port} etc., given as a Config);</li>
 *   <li>Java system properties ({@code -Dgateway.nfs.port=2050});</li>
 *   <li>the {@code --config} file, or else {@code application.conf} as Typesafe Config finds it
 *       ({@code -Dconfig.file}, the class path);</li>
 *   <li>{@code launcherDefaults}: what only the launcher sets (Main turns
 *       {@code coordinated-shutdown.exit-jvm} on; tests must not, it would end surefire's JVM);</li>
 *   <li>{@code cephgw-pekko.conf}: the Pekko settings the gateway changes;</li>
 *   <li>every library's {@code reference.conf}, ours included (the {@code gateway} keys).</li>
 * </ol>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param configFile  the {@code --config} file, or null
     * @throws GatewayConfigException when the file is missing or not valid HOCON
     */
    public static Config load(Path configFile, Config flags, Config launcherDefaults) {
        Config user;
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new GatewayConfigException("--config: " + configFile + " does not exist or is not a file");
            }
            try {
                // HOCON whatever the extension: operators name files gateway.conf, cephgw.cfg...
                user = ConfigFactory.parseFile(configFile.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
            } catch (ConfigException e) {
                throw new GatewayConfigException("--config: " + e.getMessage());
            }
        } else {
            try {
                user = ConfigFactory.defaultApplication();
            } catch (ConfigException e) {
                throw new GatewayConfigException("application.conf: " + e.getMessage());
            }
        }
        return assemble(flags, ConfigFactory.defaultOverrides(), user, launcherDefaults);
    }

    /** The layers without the environment (system properties, application.conf): for tests. */
    public static Config assemble(Config flags, Config systemProperties, Config user, Config launcherDefaults) {
        Config c;
        try {
            c = flags
                    .withFallback(systemProperties)
                    .withFallback(user)
                    .withFallback(launcherDefaults)
                    .withFallback(ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "cephgw-pekko.conf"))
                    .withFallback(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()))
                    .resolve();
        } catch (ConfigException e) {
            throw new GatewayConfigException("configuration: " + e.getMessage());
        }
        if (!isClusterProvider(c)) {
            // management-cluster-http's route and readiness check need the Cluster extension,
            // which a local provider does not have: switch them off rather than fail to start
            c = ConfigFactory.parseString("""
                    pekko.management.http.routes.cluster-management = ""
                    pekko.management.health-checks.readiness-checks.cluster-membership = ""
                    pekko.management.http.routes.cluster-bootstrap = ""
                    """).withFallback(c);
        }
        return c;
    }

    /** Convenience for tests and embedding: defaults plus {@code user}, nothing from the environment. */
    public static Config withDefaults(Config user) {
        return assemble(ConfigFactory.empty(), ConfigFactory.empty(), user, ConfigFactory.empty());
    }

    public static boolean isClusterProvider(Config c) {
        String p = c.hasPath("pekko.actor.provider") ? c.getString("pekko.actor.provider") : "local";
        return p.equals("cluster") || p.endsWith(".ClusterActorRefProvider");
    }
}
