package org.cephgw.e2e.cluster;

import java.util.List;
import java.util.function.Predicate;
import org.cephgw.e2e.ceph.CephDevCluster;
import org.cephgw.fsal.cephfs.CephFilesystem;
import org.cephgw.fsal.cephfs.CephOptions;
import org.cephgw.gateway.Backends;

/** What a cluster test leaves in the dev cluster, taken away. */
final class CephCleanup {
    private CephCleanup() {
    }

    /**
     * Stopped or killed heads leave their CephFS sessions for a successor: be that successor for
     * each of {@code heads} (a mount with its uuid resets the session), so that the MDS lets go of
     * their caps and locks now rather than at its session timeout.
     */
    static void resetSessions(CephDevCluster ceph, String exportPath, List<String> heads) {
        for (String head : heads) {
            try (CephFilesystem fs = new CephFilesystem(CephOptions.of(ceph.conf(), ceph.userId(), ceph.userKeyring(),
                    ceph.fsName(), exportPath).withUuid(Backends.reclaimUuid(head, 1)))) {
                fs.toString();
            } catch (RuntimeException e) {
                System.out.println("resetting the CephFS session of head " + head + ": " + e);
            }
        }
    }

    /** Removes the grace and recovery objects {@code ours} selects from the dev cluster's grace namespace. */
    static void removeObjects(CephDevCluster ceph, Predicate<String> ours) {
        CephDevCluster.Result ls = ceph.rados(null, "-p", ceph.metaPool(), "-N", ceph.namespace(), "ls");
        for (String o : ls.stdoutText().split("\n")) {
            o = o.strip();
            if (!o.isEmpty() && ours.test(o)) {
                ceph.rados(null, "-p", ceph.metaPool(), "-N", ceph.namespace(), "rm", o);
            }
        }
    }
}
