package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.e2e.ceph.CephDevCluster;

/**
 * {@link VipNodes} over the dev cluster's CephFS with the RADOS grace store: a grace object, head
 * names and a CephFS directory of the run's own ({@code /cephgw-tests/<prefix>-<run>}), every head
 * added to the grace database with the {@code grace} CLI as an operator would. {@link #close()}
 * kills the nodes, resets the CephFS sessions their heads left for a successor, removes the run's
 * RADOS objects and, unless {@link #keep()} was called, the directory and the work directory.
 */
final class VipCephNodes implements AutoCloseable {
    private final CephDevCluster ceph;
    private final Path work;
    private final String run;
    private final String oid;
    private final String prefix;
    private final String exportPath;
    private final VipNodes nodes;
    private boolean keep;

    VipCephNodes(String label, String dirPrefix, int count, int heads) throws Exception {
        this(label, dirPrefix, count, heads, "");
    }

    /** @param extraGateway more of the {@code gateway { }} block (e.g. grace keys as dotted paths) */
    VipCephNodes(String label, String dirPrefix, int count, int heads, String extraGateway) throws Exception {
        ceph = CephDevCluster.get();
        work = Files.createTempDirectory("cephgw-" + dirPrefix + "-");
        run = Long.toHexString(System.currentTimeMillis()) + "-" + ProcessHandle.current().pid();
        oid = "grace-" + dirPrefix + "-" + run;
        prefix = dirPrefix + run + "-";
        exportPath = "/cephgw-tests/" + dirPrefix + "-" + run;
        CephDevCluster.Result made = ceph.host(null, "mkdirs", exportPath, "777");
        assertThat(made.exitCode()).as("mkdirs %s: %s", exportPath, made).isZero();
        nodes = new VipNodes(label, work, count, heads, prefix, "cephgw-" + dirPrefix + "-" + run, """
                idmap.numeric-owners = true
                %s
                grace {
                  store = "rados"
                  poll-interval = 1s
                  rados { conf = %s, user = %s, keyring = %s, pool = %s, namespace = %s, oid = %s }
                }
                exports = [
                  { id = 1, pseudo = "/", path = %s, backend = "cephfs", squash = "none",
                    ceph { conf = %s, user = %s, keyring = %s, fs = %s } }
                ]
                """.formatted(extraGateway, q(ceph.conf().toString()), q(ceph.userId()), q(ceph.userKeyring().toString()),
                q(ceph.metaPool()), q(ceph.namespace()), q(oid), q(exportPath), q(ceph.conf().toString()),
                q(ceph.userId()), q(ceph.userKeyring().toString()), q(ceph.fsName())));
        // no `grace add`: each head adds itself to the (new) RADOS grace database when it first starts
        System.out.printf("%s: run %s, grace object %s/%s/%s, heads %s*, CephFS %s%n", label, run, ceph.metaPool(),
                ceph.namespace(), oid, prefix, exportPath);
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** {@code gateway.jar grace dump} of this run's grace object. */
    String graceDump() throws Exception {
        GraceCli.Result r = GraceCli.run(nodes.jar(), ceph, oid, work, "dump");
        assertThat(r.exit()).as("grace dump: %s", r.out()).isZero();
        return r.out();
    }

    /** The heads' names: this prefix and the head's index. */
    String headPrefix() {
        return prefix;
    }

    VipNodes nodes() {
        return nodes;
    }

    CephDevCluster ceph() {
        return ceph;
    }

    String run() {
        return run;
    }

    /** The export's directory inside CephFS. */
    String exportPath() {
        return exportPath;
    }

    Path work() {
        return work;
    }

    /** A case failed: keep the CephFS directory and the logs. */
    void keep() {
        keep = true;
    }

    @Override
    public void close() throws Exception {
        nodes.close();
        CephCleanup.resetSessions(ceph, exportPath, nodes.heads().heads().stream().map(h -> h.name()).toList());
        CephCleanup.removeObjects(ceph, o -> o.equals(oid) || o.contains(":" + prefix));
        if (keep) {
            System.out.println("kept CephFS " + exportPath + " and the logs in " + work);
            return;
        }
        ceph.host(null, Duration.ofMinutes(2), "rmtree", exportPath);
        GatewayProcess.deleteTree(work);
    }
}
