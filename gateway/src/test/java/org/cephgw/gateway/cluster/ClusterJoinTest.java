package org.cephgw.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.awaitility.Awaitility;
import org.cephgw.gateway.config.ClusterConfig;
import org.cephgw.gateway.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The join deadline's wiring on a real scheduler (with a test clock), and the give-up message. */
class ClusterJoinTest {
    /** pekko-discovery 1.2.1 is on the class path beside Pekko 1.7.0 (see cephgw-pekko.conf) */
    private static final String TEST_CONFIG = "pekko.coordinated-shutdown.exit-jvm = off\npekko.fail-mixed-versions = off";
    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean up = new AtomicBoolean();
    private final List<Duration> gaveUp = new CopyOnWriteArrayList<>();
    private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "join-test",
            ConfigFactory.parseString(TEST_CONFIG));

    @AfterEach
    void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Cancellable watch() {
        return ClusterJoin.watch(system, Duration.ofSeconds(60), now::get, Duration.ofMillis(10), up::get, gaveUp::add);
    }

    @Test
    void givesUpOnceWhenTheTimeIsOver() {
        Cancellable task = watch();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        // checks run (every 10 ms) and find time left: nothing happens
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> gaveUp.isEmpty());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(task::isCancelled);
        assertThat(gaveUp).containsExactly(Duration.ofSeconds(61));
    }

    @Test
    void aNodeUpInTimeIsLeftAlone() {
        Cancellable task = watch();
        up.set(true);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(task::isCancelled);
        up.set(false);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void gaveUpTellsAJoinFailureFromAStop() throws Exception {
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.clusterJoinUnsuccessfulReason())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(ClusterJoin.gaveUp(system)).isTrue();

        ActorSystem<Void> other = ActorSystem.create(Behaviors.empty(), "join-test-2",
                ConfigFactory.parseString(TEST_CONFIG));
        CoordinatedShutdown.get(other).runAll(CoordinatedShutdown.jvmExitReason()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(ClusterJoin.gaveUp(other)).isFalse();
    }

    private static Config defaults(String hocon) {
        return ConfigLoader.withDefaults(ConfigFactory.parseString(hocon));
    }

    @Test
    void theMessageSaysWhatWasTriedAndWhichKeysToLookAt() {
        String seeds = ClusterJoin.attempt(new ClusterConfig(false, false, Duration.ofSeconds(60),
                List.of("pekko://cephgw@10.0.0.1:25520")), defaults(""), "cephgw");
        assertThat(seeds).contains("pekko.cluster.seed-nodes [pekko://cephgw@10.0.0.1:25520]",
                "pekko.remote.artery.canonical.hostname");

        String bootstrap = ClusterJoin.attempt(new ClusterConfig(true, true, Duration.ofSeconds(60), List.of()),
                defaults("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = 3"), "cephgw");
        assertThat(bootstrap).contains("gateway.cluster.bootstrap = true", "discovery method kubernetes-api",
                "label selector \"app.kubernetes.io/name=cephgw\"", "port name \"management\"",
                "required-contact-point-nr 3", "CEPHGW_REPLICAS", "pekko.discovery.kubernetes-api.*", "RBAC");

        String nothing = ClusterJoin.attempt(new ClusterConfig(false, false, Duration.ofSeconds(60), List.of()),
                defaults(""), "cephgw");
        assertThat(nothing).contains("nothing to join", "pekko.cluster.seed-nodes", "gateway.cluster.bootstrap",
                "gateway.cluster.self-join");
    }
}
