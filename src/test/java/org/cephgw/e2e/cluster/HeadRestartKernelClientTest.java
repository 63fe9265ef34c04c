package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.e2e.cluster.GraceHeads.ms;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.e2e.kclient.KclientRunner;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A head that stops and comes back while the Linux kernel client writes through it: two heads
 * {@code a} and {@code b} in one Pekko cluster ({@link GraceHeads}: separate JVMs, RADOS grace
 * store, one CephFS directory), the kernel client in qemu mounted on head a running
 * src/test/kclient/grace-fsync.sh — it holds a whole-file fcntl lock and appends blocks, each
 * followed by fsync, so that writes are in flight whenever the head stops — and the project's
 * NFSv4.1 test client on head b asking for the same lock all along.
 *
 * <p>Once with SIGTERM (a clean stop: the calls under way answer before the back end closes, the
 * rest is sent again by the client to the next incarnation) and once with {@code kill -9}; both
 * times head a is started again 2 s after it ended, with the same configuration and NFS port. The
 * application must see no error (every write and fsync succeeds), keep its lock (head b never
 * grants it) and find every block it wrote. Prints {@code HeadRestartKernelClientTest timing:}
 * lines: stop → head a's process gone; from the new process's start → its NFS port accepting, →
 * ready, → grace lifted;
 * and the longest time the application waited for one write+fsync (the guest's own clock). Needs
 * {@code -Dkclient=true -Dceph=true}.
 */
@EnabledIfSystemProperty(named = "kclient", matches = "true")
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HeadRestartKernelClientTest extends HeadsAndKernelClient {
    /** as an operator's restart: the new process starts this long after the old one ended */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);
    /** after the restart the grace period must end within this (it is 90 s long; the client's reclaims end it early) */
    private static final Duration RESUMED = Duration.ofSeconds(60);

    @Override
    String label() {
        return "HeadRestartKernelClientTest";
    }

    @Override
    String prefix() {
        return "hrk";
    }

    @Test
    @Order(1)
    void sigtermWhileTheKernelClientWritesWithFsync() throws Exception {
        restartUnderWrites("sigterm", true);
    }

    @Test
    @Order(2)
    void kill9WhileTheKernelClientWritesWithFsync() throws Exception {
        restartUnderWrites("kill9", false);
    }

    private void restartUnderWrites(String sub, boolean clean) throws Exception {
        String dir = heads.exportPath() + "/" + sub;
        CompletableFuture<KclientRunner.Result> guest = kclient.start("fsync-" + sub, heads.a().nfsPort(),
                heads.root().resolve("src/test/kclient/grace-fsync.sh"), "vers=4.2,lookupcache=positive",
                Map.of("KCT_DIR", sub), guests);
        try {
            proof(sub, dir, clean, guest);
        } catch (Exception | AssertionError e) {
            throw failure(e, dir, guest);
        }
    }

    private void proof(String sub, String dir, boolean clean, CompletableFuture<KclientRunner.Result> guest)
            throws Exception {
        assertThat(heads.ceph().awaitFile(dir + "/writing", HANDOVER, guest::isDone))
                .as("the guest writes under its lock (marker %s/writing)", sub).isTrue();

        Session java = new Session(connect(heads.b()), "hrk-java-" + sub + "-" + heads.run()).establish();
        COMPOUND4res opened = Res.ok(java.seq(list(root(sub), open(java.owner("open"), "data",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), getfh())));
        LockProbe locker = new LockProbe(java, Res.fh(opened), Res.openStateid(opened), 0, 10, "lock-");
        assertThat(locker.lock()).as("head b, before the stop: the guest's lock is a CephFS lock").isEqualTo("NFS4ERR_DENIED");
        Thread.sleep(1000); // a second of write+fsync before the stop

        GatewayProcess old = heads.a();
        long stopped = System.nanoTime();
        if (clean) {
            assertThat(old.stop(Duration.ofSeconds(60))).as("head a stops within 60 s of SIGTERM").isTrue();
        } else {
            old.kill();
        }
        long gone = System.nanoTime();
        LockProbe.Polling polling = locker.poll(150);

        // Nothing here may look at the guest's file before head a is back: another CephFS client's
        // stat would wait for the caps the stopped head's session still holds (until the MDS
        // times that session out), and the restart would wait with it.
        GatewayProcess a;
        try {
            Thread.sleep(RESTART_DELAY.toMillis());
            long restarted = System.nanoTime();
            long restartedWall = System.currentTimeMillis();
            a = heads.startA();
            long ready = System.nanoTime();
            long recZero = heads.awaitRecZero(RESUMED, "the restart of head a (the kernel client must reclaim by itself)");
            timings.add(String.format("%s: stop of head a -> process gone: %d ms; new process %d ms later -> NFS port"
                            + " accepting: %d ms after its start; -> ready (Up, serving): %d ms after its start; -> rec=0:"
                            + " %d ms after its start (%d ms after the stop)", sub, ms(gone - stopped), ms(restarted - gone),
                    ms(a.nfsAcceptingAt() - restarted), ms(ready - restarted), ms(recZero - restarted), ms(recZero - stopped)));
            timings.add(sub + ": the new process's log, ms after its start: " + milestones(a, restartedWall));
            Thread.sleep(2000); // the application writes on, and a few more lock attempts after the lift
        } finally {
            polling.stop();
        }
        Map<String, Integer> seen = polling.stop();
        System.out.printf("HeadRestartKernelClientTest: %s: the test client's LOCK on head b while a stopped and came back: %s%n",
                sub, seen);
        assertThat(seen).as("the test client must never get the lock the guest holds").doesNotContainKey("NFS4_OK");
        assertThat(seen.keySet()).as("nothing but DENIED and GRACE").isSubsetOf("NFS4ERR_DENIED", "NFS4ERR_GRACE");
        assertThat(locker.lock()).as("head b after the grace period: the guest's reclaimed lock").isEqualTo("NFS4ERR_DENIED");
        if (clean) {
            assertThat(Files.readString(old.log())).as("head a's log: the stop drained its NFS connections")
                    .contains("NFS: draining");
        }

        FsyncGuest.finish(heads.ceph(), dir, guest, java, locker, timings, sub, "the restart");
    }

    // ------------------------------------------------------------------ helpers

    /** Where the start of head a was, from its log's timestamps: ms after {@code startedWall} of each milestone. */
    private static String milestones(GatewayProcess g, long startedWall) throws IOException {
        Map<String, String> marks = new LinkedHashMap<>();
        marks.put("listening", "NFS listening on");
        marks.put("joining", "joining the grace database");
        marks.put("all-enforce", "every member enforces");
        marks.put("serving", "NFS service running");
        marks.put("reclaims-done", "sent RECLAIM_COMPLETE: lifting early");
        marks.put("grace-over", "the grace period is over");
        List<String> lines = Files.readAllLines(g.log());
        StringBuilder sb = new StringBuilder();
        marks.forEach((name, text) -> {
            String at = lines.stream().filter(l -> l.contains(text)).findFirst()
                    .map(l -> {
                        try {
                            return Long.toString(java.time.Instant.parse(l.substring(0, l.indexOf(' '))).toEpochMilli() - startedWall);
                        } catch (RuntimeException e) {
                            return "?";
                        }
                    }).orElse("-");
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ').append(at);
        });
        return sb.toString();
    }
}
