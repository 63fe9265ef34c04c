package org.cephgw.e2e.ceph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The one-machine Ceph cluster is usable from the JVM side: the second CephFS client writes and
 * reads back, the gateway's cephx user reaches exactly its RADOS namespace, statfs reports space,
 * and POSIX locks of two independent CephFS clients conflict in the MDS. Runs only with
 * {@code -Dceph=true} (see README); starts the cluster if it is not running.
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CephDevClusterTest {
    private static CephDevCluster ceph;
    private static final String RUN = Long.toHexString(System.nanoTime());

    @BeforeAll
    static void cluster() {
        ceph = CephDevCluster.get();
        assertThat(ceph.conf()).isRegularFile();
        assertThat(ceph.userKeyring()).isRegularFile();
        assertThat(ceph.fsName()).isEqualTo("a");
        assertThat(ceph.metaPool()).isEqualTo("cephfs.a.meta");
        assertThat(ceph.dataPool()).isEqualTo("cephfs.a.data");
    }

    @Test
    void cephfsWriteReadRoundTripAcrossUsers() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        String path = "/dev-cluster-test-" + RUN;
        CephDevCluster.Result w = ceph.client(data, "write", path);
        assertThat(w.exitCode()).as(w.toString()).isZero();
        // read back as the gateway's user, with only its own keyring
        CephDevCluster.Result r = ceph.client(null, "--id", ceph.userId(), "--keyring",
                ceph.userKeyring().toString(), "read", path);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(data);
        CephDevCluster.Result st = ceph.client(null, "stat", path);
        assertThat(st.stdoutText()).contains("\"size\": " + data.length);
    }

    @Test
    void gatewayUserHasItsRadosNamespaceOnly() throws Exception {
        byte[] obj = ("grace " + RUN + "\n").getBytes(StandardCharsets.UTF_8);
        String[] asGw = {"--id", ceph.userId(), "--keyring", ceph.userKeyring().toString(),
            "-p", ceph.metaPool()};
        String name = "dev-cluster-test-" + RUN;
        CephDevCluster.Result put = ceph.rados(obj, cat(asGw, "--namespace", ceph.namespace(), "put", name, "-"));
        assertThat(put.exitCode()).as(put.toString()).isZero();
        CephDevCluster.Result get = ceph.rados(null, cat(asGw, "--namespace", ceph.namespace(), "get", name, "-"));
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.stdout()).isEqualTo(obj);
        // outside its namespace the metadata pool (the MDS's own objects) is off limits
        CephDevCluster.Result outside = ceph.rados(obj, cat(asGw, "put", name, "-"));
        assertThat(outside.exitCode()).as(outside.toString()).isNotZero();
        assertThat(outside.stderr()).contains("Operation not permitted");
        CephDevCluster.Result rm = ceph.rados(null, "-p", ceph.metaPool(), "--namespace", ceph.namespace(), "rm", name);
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(Files.readString(ceph.userKeyring())).contains("[client." + ceph.userId() + "]");
    }

    @Test
    void statfsReportsSpace() {
        CephDevCluster.Result r = ceph.client(null, "statfs");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // f_blocks 0 would mean no mgr (the mon answers statfs from the mgr's PG statistics)
        assertThat(r.stdoutText()).containsPattern("\"f_blocks\": [1-9]");
    }

    @Test
    void posixLocksOfTwoClientsConflict() throws Exception {
        String path = "/dev-cluster-lock-" + RUN;
        assertThat(ceph.client(new byte[100], "write", path).exitCode()).isZero();
        Process holder = ceph.startClient("lock", path, "0", "100", "--hold", "120");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("locked write");
            CephDevCluster.Result other = ceph.client(null, "lock", path, "50", "10");
            assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
            assertThat(other.stdoutText()).startsWith("conflict write lock start=0 len=100");
            CephDevCluster.Result beside = ceph.client(null, "lock", path, "100", "10");
            assertThat(beside.exitCode()).as(beside.toString()).isZero();
            holder.destroy(); // SIGTERM: the holder unlocks and unmounts
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
            CephDevCluster.Result after = ceph.client(null, "lock", path, "50", "10", "--wait", "10");
            assertThat(after.exitCode()).as(after.toString()).isZero();
        } finally {
            holder.destroyForcibly();
        }
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
