package org.cephgw.e2e.cluster;

import static org.cephgw.client.Ops.close;
import static org.cephgw.client.Ops.list;
import static org.cephgw.client.Ops.putfh;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.cephgw.e2e.ceph.CephDevCluster;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.e2e.kclient.KclientRunner;

/**
 * The end of a guest running src/test/kclient/grace-fsync.sh (a whole-file fcntl lock, appends
 * each followed by fsync) while its server went away and came back: release it, let the test
 * client close its open, and check what the application saw.
 */
final class FsyncGuest {
    /** every check grace-fsync.sh reports */
    static final Set<String> CHECKS = Set.of("fsync-appends-without-error", "fsync-data-intact",
            "fsync-relock-after-release");

    private FsyncGuest() {
    }

    /**
     * Releases the guest (marker {@code dir/release}), waits for it, closes the prober's open and
     * session, adds the application's longest write+fsync wait to {@code timings}, and asserts: every
     * check passed, no write or fsync error, blocks written after the longest stall (the
     * application went on after {@code what}).
     */
    static void finish(CephDevCluster ceph, String dir, CompletableFuture<KclientRunner.Result> guest, Session prober,
                       LockProbe locker, List<String> timings, String sub, String what) throws Exception {
        KclientRunner.Result r = release(ceph, dir, guest, timings, sub);
        Res.ok(prober.seq(list(putfh(locker.fh()), close(locker.open()))));
        prober.destroy();
        assertPassed(r, what);
    }

    /**
     * Releases the guest (marker {@code dir/release}), waits for it and adds the application's
     * longest write+fsync wait to {@code timings}; {@link #assertPassed} checks the result.
     */
    static KclientRunner.Result release(CephDevCluster ceph, String dir, CompletableFuture<KclientRunner.Result> guest,
                                        List<String> timings, String sub) throws Exception {
        ceph.put(dir + "/release", "");
        KclientRunner.Result r = guest.get(5, TimeUnit.MINUTES);
        timings.add(sub + ": the application's longest wait for one write+fsync: " + r.values().get("max_stall_s")
                + " s (of " + r.values().get("blocks") + " blocks, " + r.values().get("errors") + " errors)");
        return r;
    }

    /**
     * Every check passed, no write or fsync error, blocks written after the longest stall (the
     * application went on after {@code what}).
     */
    static void assertPassed(KclientRunner.Result r, String what) {
        SoftAssertions soft = new SoftAssertions();
        r.assertPassed(soft, CHECKS);
        soft.assertThat(r.values().get("errors")).as("write/fsync errors the application saw").isEqualTo("0");
        soft.assertThat(Long.parseLong(r.values().getOrDefault("blocks_after_stall", "0")))
                .as("blocks written after the longest stall (%s)", what).isPositive();
        soft.assertAll();
    }
}
