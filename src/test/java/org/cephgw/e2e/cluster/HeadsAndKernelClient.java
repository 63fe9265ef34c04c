package org.cephgw.e2e.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.cephgw.e2e.GatewayProcess;
import org.cephgw.client.NfsClient;
import org.cephgw.e2e.kclient.KclientRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the kernel-client tests of two heads share: the heads ({@link GraceHeads}, started once
 * per class: {@code grace add a b}, a, then b, both serving), the guest runner, the project's test
 * clients on the heads, the timing lines printed at the end, and the failure report (guest output
 * and the heads' logs, the guest released from its wait).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HeadsAndKernelClient {
    /** how long the host waits for a guest's marker (the guest boots under TCG, maybe twice: run.sh's boot watchdog) */
    static final Duration HANDOVER = Duration.ofMinutes(7);

    final List<String> timings = Collections.synchronizedList(new ArrayList<>());
    final ExecutorService guests = Executors.newSingleThreadExecutor();
    private final List<NfsClient> connections = Collections.synchronizedList(new ArrayList<>());
    GraceHeads heads;
    KclientRunner kclient;

    /** The test's name for its messages, and the prefix of its CephFS directory. */
    abstract String label();

    abstract String prefix();

    @BeforeAll
    void startHeads() throws Exception {
        heads = new GraceHeads(label(), prefix());
        kclient = new KclientRunner(heads.root());
        kclient.build();
        GraceHeads.Db both = heads.startBoth();
        if (!both.equals(new GraceHeads.Db(3, 0, GraceHeads.flags(heads.nodeA(), "", heads.nodeB(), "")))) {
            throw new AssertionError("after grace add a b and the first start of both heads: " + both);
        }
    }

    @AfterAll
    void stopHeads() throws Exception {
        guests.shutdownNow();
        connections.forEach(NfsClient::close);
        if (heads != null) {
            heads.close();
        }
        timings.forEach(t -> System.out.println(label() + " timing: " + t));
    }

    /** A test client's connection to head {@code g}, closed after the class. */
    NfsClient connect(GatewayProcess g) throws IOException {
        NfsClient c = NfsClient.connect(new InetSocketAddress("127.0.0.1", g.nfsPort())).timeout(Duration.ofSeconds(60));
        connections.add(c);
        return c;
    }

    /**
     * A case failed: keep the CephFS directory, let the guest go (it waits for {@code dir/release})
     * so that its output can be shown, and say everything.
     */
    AssertionError failure(Throwable e, String dir, CompletableFuture<KclientRunner.Result> guest) {
        heads.keep();
        try {
            heads.ceph().put(dir + "/release", "");
        } catch (RuntimeException ignored) {
            // the directory may not exist: the guest never got that far
        }
        return new AssertionError(e.getMessage() + guestOutput(guest) + heads.logTails(150), e);
    }

    /** The guest's output for a failure message: waits a little for it to end (it was released). */
    private static String guestOutput(CompletableFuture<KclientRunner.Result> guest) {
        try {
            KclientRunner.Result r = guest.get(3, TimeUnit.MINUTES);
            return "\n--- guest output (" + r.label() + ", rc=" + r.exitCode() + ") ---\n" + r.output();
        } catch (Exception e) {
            return "\n--- guest output: not available (" + e + "; it was printed with its label as prefix) ---";
        }
    }
}
