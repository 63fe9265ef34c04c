package org.cephgw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.grace.GraceGate;
import org.cephgw.actors.grace.ReclaimGate;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.metrics.HeadStats;
import org.cephgw.gateway.config.ClientMatcher;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.Test;

/**
 * The meters of {@link NfsOpMetrics} and {@link HeadMetrics} as Prometheus scrapes them: names,
 * tags and values, the way the dashboard and docs/metrics.md use them.
 */
class GatewayMetricsTest {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(prometheus);

    @Test
    void operationsAreCountedWithErrorsByStatusNameAndALatencyHistogram() {
        NfsOpMetrics nfs = metrics.nfs();
        nfs.operation(NfsOpnum4.OP_READ, NfsStat4.NFS4_OK, TimeUnit.MICROSECONDS.toNanos(700));
        nfs.operation(NfsOpnum4.OP_READ, NfsStat4.NFS4_OK, TimeUnit.MILLISECONDS.toNanos(20));
        nfs.operation(NfsOpnum4.OP_LOOKUP, NfsStat4.NFS4ERR_NOENT, 1000);
        nfs.operation(NfsOpnum4.OP_OPEN, NfsStat4.NFS4ERR_GRACE, 1000);
        nfs.operation(NfsOpnum4.OP_OPEN, NfsStat4.NFS4_OK, 1000);
        nfs.operation(NfsOpnum4.OP_ILLEGAL, NfsStat4.NFS4ERR_OP_ILLEGAL, 1000);
        nfs.operation(NfsOpnum4.OP_WRITE, 4242, 1000);

        String s = prometheus.scrape();
        assertThat(value(s, "nfs_operations_total", "op", "READ")).contains(2.0);
        assertThat(value(s, "nfs_operations_total", "op", "OPEN")).contains(2.0);
        assertThat(value(s, "nfs_operations_total", "op", "ILLEGAL")).contains(1.0);
        assertThat(value(s, "nfs_operation_errors_total", "op", "LOOKUP", "status", "NFS4ERR_NOENT")).contains(1.0);
        assertThat(value(s, "nfs_operation_errors_total", "op", "OPEN", "status", "NFS4ERR_GRACE")).contains(1.0);
        assertThat(value(s, "nfs_operation_errors_total", "op", "ILLEGAL", "status", "NFS4ERR_OP_ILLEGAL")).contains(1.0);
        // a status no RFC defines is not a series of its own
        assertThat(value(s, "nfs_operation_errors_total", "op", "WRITE", "status", "other")).contains(1.0);
        assertThat(s).doesNotContain("NFS4_OK").doesNotContain("status=\"nfsstat4(");
        assertThat(value(s, "nfs_operation_errors_total", "op", "READ")).isEmpty();
        // histogram buckets (cumulative): 0.7 ms ≤ 1 ms, 20 ms ≤ 25 ms
        assertThat(value(s, "nfs_operation_duration_seconds_bucket", "op", "READ", "le", "5.0E-4")).contains(0.0);
        assertThat(value(s, "nfs_operation_duration_seconds_bucket", "op", "READ", "le", "0.001")).contains(1.0);
        assertThat(value(s, "nfs_operation_duration_seconds_bucket", "op", "READ", "le", "0.025")).contains(2.0);
        assertThat(value(s, "nfs_operation_duration_seconds_bucket", "op", "READ", "le", "+Inf")).contains(2.0);
        assertThat(value(s, "nfs_operation_duration_seconds_count", "op", "READ")).contains(2.0);
        // operations that never ran are not exported as zeros
        assertThat(value(s, "nfs_operations_total", "op", "COMMIT")).isEmpty();
    }

    @Test
    void bytesAreCountedPerExportWithItsIdAndPseudoPath() {
        NfsOpMetrics nfs = metrics.nfs();
        nfs.exports(List.of(export(1, "/"), export(7, "/scratch")));
        nfs.read(1, 4096);
        nfs.read(1, 100);
        nfs.written(7, 12);
        nfs.read(0, 5);     // the pseudo file system: no export
        nfs.written(99, 5); // no such export

        String s = prometheus.scrape();
        assertThat(value(s, "nfs_export_read_bytes_total", "export", "1", "pseudo", "/")).contains(4196.0);
        assertThat(value(s, "nfs_export_written_bytes_total", "export", "1", "pseudo", "/")).contains(0.0);
        assertThat(value(s, "nfs_export_written_bytes_total", "export", "7", "pseudo", "/scratch")).contains(12.0);
        assertThat(value(s, "nfs_export_read_bytes_total", "export", "7", "pseudo", "/scratch")).contains(0.0);
        assertThat(value(s, "nfs_export_read_bytes_total", "export", "0")).isEmpty();
        assertThat(value(s, "nfs_export_written_bytes_total", "export", "99")).isEmpty();
    }

    @Test
    void backEndCallsAreTimedByTheOperationThatMadeThem() {
        NfsOpMetrics nfs = metrics.nfs();
        nfs.backendCall(NfsOpnum4.OP_WRITE, TimeUnit.MILLISECONDS.toNanos(3));
        nfs.backendCall(IoPool.NO_OPERATION, 1000);

        String s = prometheus.scrape();
        assertThat(value(s, "nfs_backend_call_duration_seconds_count", "op", "WRITE")).contains(1.0);
        assertThat(value(s, "nfs_backend_call_duration_seconds_bucket", "op", "WRITE", "le", "0.0025")).contains(0.0);
        assertThat(value(s, "nfs_backend_call_duration_seconds_bucket", "op", "WRITE", "le", "0.005")).contains(1.0);
        assertThat(value(s, "nfs_backend_call_duration_seconds_count", "op", "none")).contains(1.0);
    }

    @Test
    void headsReportClientsSessionsAndGraceStateUntilTheyAreGone() {
        HeadMetrics heads = metrics.heads();
        GraceGate gate = new GraceGate();
        HeadStats stats = new HeadStats();
        stats.update(3, 5);
        heads.hosted("a", gate, null);
        heads.hosted("b", ReclaimGate.NEVER_IN_GRACE, new HeadStats());
        metrics.refresh();
        String s = prometheus.scrape();
        assertThat(value(s, "cephgw_heads_hosted")).contains(2.0);
        // a head that is starting: in grace (joining), no NFS service yet
        assertThat(value(s, "cephgw_grace_phase", "head", "a")).contains(0.0);
        assertThat(value(s, "cephgw_grace_in_grace", "head", "a")).contains(1.0);
        assertThat(value(s, "cephgw_grace_seconds", "head", "a")).hasValueSatisfying(v -> assertThat(v).isGreaterThan(0));
        assertThat(value(s, "nfs_clients", "head", "a")).isEmpty();
        // no grace database: no grace series, but its counts
        assertThat(value(s, "cephgw_grace_phase", "head", "b")).isEmpty();
        assertThat(value(s, "nfs_sessions", "head", "b")).contains(0.0);

        heads.hosted("a", gate, stats);
        heads.gone("b", new GraceGate()); // another incarnation's gate: b stays
        metrics.refresh();
        s = prometheus.scrape();
        assertThat(value(s, "nfs_clients", "head", "a")).contains(3.0);
        assertThat(value(s, "nfs_sessions", "head", "a")).contains(5.0);
        assertThat(value(s, "cephgw_heads_hosted")).contains(2.0);

        heads.gone("a", gate);
        heads.gone("b", ReclaimGate.NEVER_IN_GRACE);
        metrics.refresh();
        s = prometheus.scrape();
        assertThat(value(s, "cephgw_heads_hosted")).contains(0.0);
        assertThat(value(s, "nfs_clients", "head", "a")).isEmpty();
        assertThat(value(s, "cephgw_grace_phase", "head", "a")).isEmpty();
    }

    @Test
    void phasesHaveTheDocumentedValues() {
        assertThat(HeadMetrics.phaseValue(org.cephgw.actors.grace.GraceParticipant.Phase.JOINING)).isEqualTo(0);
        assertThat(HeadMetrics.phaseValue(org.cephgw.actors.grace.GraceParticipant.Phase.ENFORCING_WAIT)).isEqualTo(1);
        assertThat(HeadMetrics.phaseValue(org.cephgw.actors.grace.GraceParticipant.Phase.IN_GRACE)).isEqualTo(2);
        assertThat(HeadMetrics.phaseValue(org.cephgw.actors.grace.GraceParticipant.Phase.SERVING)).isEqualTo(3);
        assertThat(HeadMetrics.phaseValue(org.cephgw.actors.grace.GraceParticipant.Phase.LEAVING)).isEqualTo(4);
    }

    /** The one dashboard metric a per-node gateway (MetricsTest's) cannot show: routing of the virtual-IP mode. */
    @Test
    void forwardedCompoundsAreExportedInVirtualIpMode() {
        long[] forwarded = {4};
        metrics.bindHeadRouter(() -> forwarded[0], () -> 6);
        String s = prometheus.scrape();
        assertThat(value(s, "nfs_compounds_routed_total", "to", "other-node")).contains(4.0);
        assertThat(value(s, "nfs_compounds_routed_total", "to", "this-node")).contains(6.0);
    }

    private static ExportConfig export(int id, String pseudo) {
        return new ExportConfig(id, Path.of("/tmp"), pseudo, false, ExportSpec.Squash.ROOT, 65534, 65534,
                ClientMatcher.any(), "local", true, null, null, null, true, java.time.Duration.ofSeconds(1));
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The value of the first sample {@code name} of the scrape whose labels include {@code labels} (key, value, …). */
    static Optional<Double> value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            List<String> have = new ArrayList<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    have.add(l.group(1) + "=" + l.group(2));
                }
            }
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= have.contains(labels[i] + "=" + labels[i + 1]);
            }
            if (all) {
                return Optional.of(Double.parseDouble(m.group(3)));
            }
        }
        return Optional.empty();
    }
}
