package org.cephgw.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.cephgw.e2e.protocol.TestGateway;
import org.cephgw.loadgen.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand clients on one gateway, each with its own connection, session and open file (the
 * smaller sibling of the 10,000-client benchmark, bench/scale.sh): SEQUENCE is answered for all of
 * them at once, the gateway crashes and restarts on the same state, and every client reclaims its
 * open — possible only if all thousand recovery records were written — after which the grace
 * period ends early (every client of the allow-list sent RECLAIM_COMPLETE).
 */
class ManyClientsTest {
    private static final int CLIENTS = 1000;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aThousandClientsHoldAnOpenFileEachAndAllReclaimItAfterARestart(@TempDir Path base) throws Exception {
        // this JVM holds both ends of every connection and the gateway a descriptor per open file
        assumeTrue(openFilesLimit() >= 4 * CLIENTS, "needs ulimit -n of at least " + 4 * CLIENTS);
        Duration lease = Duration.ofSeconds(120);
        Duration grace = Duration.ofSeconds(240);
        TestGateway[] gw = {TestGateway.start(base, lease, grace)};
        try {
            awaitServing(gw[0]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Scale.Measured m = Scale.run(new PrintStream(out, true, StandardCharsets.UTF_8), () -> {
                gw[0].crash();
                gw[0] = TestGateway.start(base, lease, grace);
                assertThat(gw[0].grace().get("state").asText()).isEqualTo("in-grace");
                assertThat(gw[0].grace().get("allowListSize").asInt()).as("recovery records after the restart")
                        .isEqualTo(CLIENTS);
                return gw[0].address();
            }, "--server", "127.0.0.1:" + gw[0].address().getPort(), "--path", "/rw", "--clients", "" + CLIENTS,
                    "--duration", "1", "--warmup", "0.2");

            assertThat(m.sequence().errors()).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(m.sequence().iterations()).isGreaterThanOrEqualTo(CLIENTS);
            assertThat(m.reclaimFailures()).isEmpty();
            assertThat(m.reclaimed()).isEqualTo(CLIENTS);
            // a 240 s grace period, over as soon as the last of the thousand said RECLAIM_COMPLETE
            assertThat(gw[0].grace().get("state").asText()).isEqualTo("serving");
        } finally {
            gw[0].close();
        }
    }

    /** The soft limit on open files of this process (the JVM raises it to the hard limit at start). */
    private static long openFilesLimit() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    private static void awaitServing(TestGateway gw) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> gw.grace().get("state").asText().equals("serving"));
    }
}
