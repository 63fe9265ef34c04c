package org.cephgw.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void theDefaultsRunEveryWorkloadWithOneClientOnTheStandardPort() {
        Options o = Options.parse();
        assertThat(o.server().getPort()).isEqualTo(2049);
        assertThat(o.clients()).containsExactly(1);
        assertThat(o.workloads()).extracting(Workload::name).containsExactly("create", "stat", "readdir", "rename",
                "openclose", "lock", "randread", "randwrite", "seqread", "seqwrite");
    }

    @Test
    void flagsAreRead() {
        Options o = Options.parse("--server", "[::1]:20490", "--clients", "1, 8,64", "--workloads", "stat,lock",
                "--duration", "2.5", "--warmup", "0", "--slots", "8", "--minor", "2", "--keep", "--label", "ours");
        assertThat(o.server().getAddress().isLoopbackAddress()).isTrue();
        assertThat(o.server().getPort()).isEqualTo(20490);
        assertThat(o.clients()).containsExactly(1, 8, 64);
        assertThat(o.workloads()).extracting(Workload::name).containsExactly("stat", "lock");
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.warmup()).isZero();
        assertThat(o.slots()).isEqualTo(8);
        assertThat(o.minor()).isEqualTo(2);
        assertThat(o.keep()).isTrue();
        assertThat(o.label()).isEqualTo("ours");
    }

    @Test
    void aBadValueIsRefusedNamingItsFlag() {
        assertThatThrownBy(() -> Options.parse("--clients", "1,x")).hasMessageStartingWith("--clients: a positive number");
        assertThatThrownBy(() -> Options.parse("--workloads", "stat,mkdir"))
                .hasMessageStartingWith("--workloads: no workload named \"mkdir\"");
        assertThatThrownBy(() -> Options.parse("--server", "localhost")).hasMessageStartingWith("--server: HOST:PORT");
        assertThatThrownBy(() -> Options.parse("--minor", "0")).hasMessageStartingWith("--minor");
        assertThatThrownBy(() -> Options.parse("--path", "rel")).hasMessageStartingWith("--path: must start with /");
        assertThatThrownBy(() -> Options.parse("--slots")).hasMessageStartingWith("--slots: needs a value");
        assertThatThrownBy(() -> Options.parse("--frobnicate", "1")).hasMessageStartingWith("unknown flag --frobnicate");
    }
}
