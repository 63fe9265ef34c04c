package org.cephgw.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cephgw.e2e.protocol.TestGateway;
import org.cephgw.loadgen.LoadGen;
import org.cephgw.loadgen.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator (bench/loadgen) against a real gateway over TCP: every workload runs with
 * several clients, each with its own session and slots in flight, without an error, and the tree
 * it worked in is gone afterwards. The numbers are benchmarks' business (bench/compare-load.sh).
 */
class LoadGenTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyWorkloadRunsWithoutErrorsAndLeavesNothingBehind(@TempDir Path base) throws Exception {
        try (TestGateway gw = TestGateway.start(base)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Result> results = LoadGen.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    "--server", "127.0.0.1:" + gw.address().getPort(), "--path", "/rw", "--clients", "1,3",
                    "--slots", "4", "--duration", "0.5", "--warmup", "0.2", "--files", "50", "--dir-entries", "300",
                    "--data-mib", "4", "--label", "test");
            String table = out.toString(StandardCharsets.UTF_8);

            assertThat(results).extracting(Result::workload).containsExactly(
                    "create", "stat", "readdir", "rename", "openclose", "lock", "randread", "randwrite", "seqread",
                    "seqwrite", "create", "stat", "readdir", "rename", "openclose", "lock", "randread", "randwrite",
                    "seqread", "seqwrite");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.errors()).as(r.workload() + " errors: " + r.errorKinds()).isZero();
                assertThat(r.iterations()).as(r.workload() + " iterations").isPositive();
                assertThat(r.compounds()).as(r.workload() + " COMPOUNDs").isGreaterThanOrEqualTo(r.iterations());
                assertThat(r.p50Micros()).isPositive().isLessThanOrEqualTo(r.p99Micros());
            });
            // readdir pages through the 300 entries: every page brings some, none more than the directory has
            assertThat(results).filteredOn(r -> r.workload().equals("readdir"))
                    .allSatisfy(r -> assertThat(r.units()).isBetween(r.iterations(), 300 * r.iterations()));
            assertThat(results).filteredOn(r -> r.clients() == 3).allSatisfy(r -> assertThat(r.slots()).isEqualTo(4));
            assertThat(table).contains("readdir", "entries/s", "MB/s", "p99.9 ms");
            try (Stream<Path> left = Files.list(gw.rw)) {
                assertThat(left).as("what the load generator left in the export").isEmpty();
            }
        }
    }
}
