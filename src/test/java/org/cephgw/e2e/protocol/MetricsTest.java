package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics of a real gateway after real NFS traffic over TCP: per-operation counts, errors
 * by NFS status, latency histograms, bytes per export, clients and sessions, the head's grace
 * state, the I/O pool and back-end meters — and every metric the Grafana dashboard
 * (k8s/grafana/cephgw-dashboard.json) queries.
 */
class MetricsTest extends GatewayTestBase {
    /** Only a node of the virtual-IP mode has these (it routes COMPOUNDs to heads); see GatewayMetricsTest. */
    private static final Set<String> VIRTUAL_IP_ONLY = Set.of("nfs_compounds_routed_total");
    private static final String HEAD = "e2e-protocol";

    @Test
    void realTrafficShowsUpOnMetrics() throws Exception {
        // the other test of this class shares the gateway: its traffic counts too, compare with before
        Scrape before = Scrape.parse(gw.metrics());
        Session s = newSession("metrics");
        String file = unique("metrics");
        byte[] data = "seventeen bytes!!".getBytes(StandardCharsets.US_ASCII);
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"), openCreate(s.owner("o"), file,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        Res.ok(s.seq(list(root("rw"), lookup(file), write(sid, 0, data))));
        byte[] back = Res.readData(Res.ok(s.seq(list(root("rw"), lookup(file), read(sid, 0, 4096)))));
        assertThat(back).isEqualTo(data);
        Res.ok(s.seq(list(root("rw"), lookup(file), close(sid))));
        assertFailed(s.seq(list(root("rw"), lookup(unique("missing")))), OP_LOOKUP, NfsStat4.NFS4ERR_NOENT);

        Scrape m = Scrape.parse(gw.metrics());

        for (String op : new String[] {"SEQUENCE", "PUTROOTFH", "LOOKUP", "OPEN", "WRITE", "READ", "CLOSE", "EXCHANGE_ID",
                "CREATE_SESSION"}) {
            assertThat(m.value("nfs_operations_total", "op", op)).as("count of %s", op).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
            assertThat(m.value("nfs_operation_duration_seconds_count", "op", op)).as("latency of %s", op)
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        }
        assertThat(delta(before, m, "nfs_operations_total", "op", "WRITE")).isEqualTo(1.0);
        // the histogram: buckets up to +Inf, the +Inf one counting every READ
        assertThat(m.all("nfs_operation_duration_seconds_bucket", "op", "READ")).hasSizeGreaterThan(10);
        assertThat(delta(before, m, "nfs_operation_duration_seconds_bucket", "op", "READ", "le", "+Inf")).isEqualTo(1.0);
        // errors by RFC status name; success is no error
        assertThat(delta(before, m, "nfs_operation_errors_total", "op", "LOOKUP", "status", "NFS4ERR_NOENT")).isEqualTo(1.0);
        assertThat(m.all("nfs_operation_errors_total", "status", "NFS4_OK")).isEmpty();
        assertThat(m.all("nfs_operation_errors_total", "op", "WRITE")).isEmpty();
        // file data per export, tagged with its id and pseudo path; the others moved nothing
        assertThat(delta(before, m, "nfs_export_written_bytes_total", "export", "1", "pseudo", "/rw")).isEqualTo(data.length);
        assertThat(delta(before, m, "nfs_export_read_bytes_total", "export", "1", "pseudo", "/rw")).isEqualTo(data.length);
        assertThat(m.value("nfs_export_read_bytes_total", "export", "3", "pseudo", "/ro")).contains(0.0);
        // the back-end calls the operations made, and the I/O workers' queues (empty now)
        assertThat(m.value("nfs_backend_call_duration_seconds_count", "op", "WRITE")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(m.value("nfs_backend_call_duration_seconds_count", "op", "OPEN")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(m.all("nfs_io_queue_depth")).hasSize(4).allSatisfy(q -> assertThat(q.value()).isZero());
        // the head: this session's client, its grace state as /grace shows it
        assertThat(m.value("nfs_clients", "head", HEAD)).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(m.value("nfs_sessions", "head", HEAD)).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(m.value("cephgw_heads_hosted")).contains(1.0);
        JsonNode grace = gw.grace();
        assertThat(grace.get("state").asText()).isEqualTo("serving");
        assertThat(m.value("cephgw_grace_phase", "head", HEAD)).contains(3.0);
        assertThat(m.value("cephgw_grace_in_grace", "head", HEAD)).contains(0.0);
        assertThat(m.value("cephgw_grace_seconds", "head", HEAD)).contains(0.0);
        for (JsonNode member : grace.get("members")) {
            String name = member.get("node").asText();
            assertThat(m.value("cephgw_grace_member_flags", "head", HEAD, "member", name, "flag", "need_grace"))
                    .contains(member.get("needsGrace").asBoolean() ? 1.0 : 0.0);
            assertThat(m.value("cephgw_grace_member_flags", "head", HEAD, "member", name, "flag", "enforcing"))
                    .contains(member.get("enforcing").asBoolean() ? 1.0 : 0.0);
        }
        assertThat(grace.get("members")).isNotEmpty();

        // a client that goes away is no longer counted
        double sessions = m.value("nfs_sessions", "head", HEAD).orElseThrow();
        double clients = m.value("nfs_clients", "head", HEAD).orElseThrow();
        s.destroy();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape now = Scrape.parse(gw.metrics());
            assertThat(now.value("nfs_sessions", "head", HEAD)).contains(sessions - 1);
            assertThat(now.value("nfs_clients", "head", HEAD)).contains(clients - 1);
        });
    }

    /** How much sample {@code name} grew from {@code before} to {@code after} (absent counts as 0). */
    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels).orElse(0.0) - before.value(name, labels).orElse(0.0);
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        // traffic first: per-operation meters appear with the first operation of their kind
        Session s = newSession("dashboard");
        String file = unique("dashboard");
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"), openCreate(s.owner("o"), file,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        Res.ok(s.seq(list(root("rw"), lookup(file), write(sid, 0, "x"), read(sid, 0, 1))));
        assertFailed(s.seq(list(root("rw"), lookup(unique("missing")))), OP_LOOKUP, NfsStat4.NFS4ERR_NOENT);
        Set<String> exported = Scrape.parse(gw.metrics()).names();

        Path dashboard = Path.of(System.getProperty("project.root", ".")).resolve("k8s/grafana/cephgw-dashboard.json");
        JsonNode d = new ObjectMapper().readTree(dashboard.toFile());
        Set<String> queried = new TreeSet<>();
        collectQueries(d, queried);
        assertThat(queried).as("metric names in %s", dashboard).hasSizeGreaterThan(15);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        missing.removeAll(VIRTUAL_IP_ONLY);
        assertThat(missing).as("metrics the dashboard queries that /metrics does not have").isEmpty();
        assertThat(d.at("/templating/list").findValuesAsText("name")).contains("DS_PROMETHEUS", "pod", "head");
    }

    private static final Pattern METRIC = Pattern.compile("\\b((?:nfs|cephgw|rpc)_[a-z0-9_]+)");

    /** The metric names in every "expr" and template "query" of the dashboard. */
    private static void collectQueries(JsonNode n, Set<String> into) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("query") || e.getKey().equals("definition"))
                        && e.getValue().isTextual()) {
                    Matcher m = METRIC.matcher(e.getValue().asText());
                    while (m.find()) {
                        into.add(m.group(1));
                    }
                }
                collectQueries(e.getValue(), into);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collectQueries(c, into));
        }
    }
}
