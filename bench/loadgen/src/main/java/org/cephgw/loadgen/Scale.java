package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_BOTH;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.cephgw.client.EventLoop;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * Many clients on one server: each of {@code --clients} (the first count) connects, makes a
 * session and opens a file of its own, and keeps it open; then every client sends SEQUENCE alone
 * for the measured time (the latency of the cheapest call with all those sessions alive); then,
 * if there is a restart (a command, or a hook in tests), the server restarts and every client
 * comes back and reclaims its open (CLAIM_PREVIOUS) — which works only if the server wrote every
 * client's recovery record — and sends RECLAIM_COMPLETE. Memory per client is the server's to
 * report (bench/scale.sh reads its RSS and heap).
 */
public final class Scale {
    /** How many clients are busy in the second SEQUENCE measurement. */
    static final int ACTIVE = 64;

    /** Makes the server restart and says where it listens now. */
    @FunctionalInterface
    public interface Restart {
        InetSocketAddress restart() throws Exception;
    }

    /**
     * What a many-clients run measured.
     *
     * @param establishSeconds  connecting, EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE of every client
     * @param openSeconds       every client's OPEN (create) of its file
     * @param sequence          SEQUENCE alone from every client at once, one in flight each
     * @param sequenceFewBusy   the same from {@value #ACTIVE} of them while the others hold their state, idle
     * @param reclaimed         opens reclaimed after the restart (-1: no restart)
     * @param reclaimFailures   what the others got, by kind
     * @param reclaimSeconds    from the restart's return to the last RECLAIM_COMPLETE
     */
    public record Measured(int clients, double establishSeconds, double openSeconds, Result sequence,
                           Result sequenceFewBusy, int reclaimed,
                         Map<String, Long> reclaimFailures, double reclaimSeconds) {
    }

    private Scale() {
    }

    /** Runs with the options of a command line (see {@link Options#USAGE}); {@code restart} may be null. */
    public static Measured run(PrintStream out, Restart restart, String... args) throws Exception {
        return run(Options.parse(arguments(args)), restart, out);
    }

    /** A many-clients run keeps one call in flight per client unless told otherwise ({@code --slots}). */
    static String[] arguments(String... args) {
        if (java.util.Arrays.asList(args).contains("--slots")) {
            return args;
        }
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--slots";
        all[args.length + 1] = "1";
        return all;
    }

    static Measured run(Options o, Restart restart, PrintStream out) throws Exception {
        String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        int n = o.clients().get(0);
        EventLoop[] loops = EventLoop.group("loadgen", o.loops());
        LoadClient.Phase phase = new LoadClient.Phase();
        List<LoadClient> clients = new ArrayList<>();
        Renewer renewer = new Renewer();
        try {
            LoadClient admin = LoadClient.connect(Integer.MAX_VALUE, run, o.server(), loops[0], o.minor(), 1, phase);
            Tree tree = Tree.make(o, admin, run);
            byte[] dir = Tree.mkdir(admin, tree.root, "scale");
            // the admin's client would hold the grace period open after a restart: gone before it
            admin.close();

            long t0 = System.nanoTime();
            clients.addAll(LoadGen.connect(o, run, n, loops, phase));
            renewer.addAll(clients);
            double establish = (System.nanoTime() - t0) / 1e9;
            out.printf("scale: %d clients with a session each in %.1f s%n", n, establish);

            t0 = System.nanoTime();
            byte[][] files = new byte[n][];
            Stateid4[] opens = new Stateid4[n];
            List<CompletableFuture<COMPOUND4res>> opening = new ArrayList<>();
            for (LoadClient c : clients) {
                opening.add(c.okPatiently(0, List.of(Ops.putfh(dir), Ops.openCreate(c.owner("scale"), "c" + c.index,
                        OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, Ops.unchecked()), Ops.getfh())));
            }
            for (int i = 0; i < n; i++) {
                COMPOUND4res r = LoadClient.await(opening.get(i));
                files[i] = Res.fh(r);
                opens[i] = Res.openStateid(r);
            }
            double open = (System.nanoTime() - t0) / 1e9;
            out.printf("scale: %d files open, one per client, in %.1f s%n", n, open);

            Result seq = Run.run(o, new SequenceOnly(), clients, phase, tree);
            // and a few clients busy while all the others stay (idle, as most clients are most of the time)
            Result few = Run.run(o, new SequenceOnly(), clients.subList(0, Math.min(ACTIVE, n)), phase, tree);
            Report.header(out);
            Report.row(out, seq);
            Report.row(out, few);
            out.printf("scale: the second row: %d of the %d clients busy, the others idle%n", few.clients(), n);

            if (restart == null) {
                closeFiles(clients, files, opens);
                tree.admin(clients.get(0));
                if (!o.keep()) {
                    tree.remove();
                }
                return new Scale.Measured(n, establish, open, seq, few, -1, Map.of(), 0);
            }

            renewer.removeAll(clients);
            for (LoadClient c : clients) {
                c.conn.close();
            }
            InetSocketAddress server = restart.restart();
            out.printf("scale: server restarted, at %s%n", server);
            t0 = System.nanoTime();
            List<LoadClient> back = comeBack(clients, server, loops, run);
            clients.clear();
            clients.addAll(back);
            renewer.addAll(clients);
            Map<String, Long> failures = new TreeMap<>();
            List<CompletableFuture<COMPOUND4res>> reclaiming = new ArrayList<>();
            for (LoadClient c : clients) {
                reclaiming.add(c.call(0, List.of(Ops.putfh(files[c.index]), Ops.openPrevious(c.owner("scale"),
                        OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE))));
            }
            int reclaimed = 0;
            for (LoadClient c : clients) {
                COMPOUND4res r = LoadClient.await(reclaiming.get(c.index));
                if (r.status() == NfsStat4.NFS4_OK) {
                    reclaimed++;
                    opens[c.index] = Res.openStateid(r);
                } else {
                    failures.merge(new OpFailed(r).kind(), 1L, Long::sum);
                    opens[c.index] = null;
                }
            }
            List<CompletableFuture<COMPOUND4res>> complete = new ArrayList<>();
            for (LoadClient c : clients) {
                complete.add(c.ok(0, List.of(Ops.reclaimComplete())));
            }
            for (CompletableFuture<COMPOUND4res> f : complete) {
                LoadClient.await(f);
            }
            double reclaim = (System.nanoTime() - t0) / 1e9;
            out.printf("scale: %d of %d opens reclaimed, RECLAIM_COMPLETE from all, in %.1f s%s%n", reclaimed, n,
                    reclaim, failures.isEmpty() ? "" : "; failed: " + failures);
            closeFiles(clients, files, opens);
            tree.admin(clients.get(0));
            if (!o.keep()) {
                tree.remove();
            }
            return new Scale.Measured(n, establish, open, seq, few, reclaimed, failures, reclaim);
        } finally {
            renewer.close();
            clients.parallelStream().forEach(LoadClient::close);
            for (EventLoop l : loops) {
                l.close();
            }
        }
    }

    private static void closeFiles(List<LoadClient> clients, byte[][] files, Stateid4[] opens) throws IOException {
        List<CompletableFuture<COMPOUND4res>> closing = new ArrayList<>();
        for (LoadClient c : clients) {
            if (opens[c.index] != null) {
                closing.add(c.ok(0, List.of(Ops.putfh(files[c.index]), Ops.close(opens[c.index]))));
            }
        }
        for (CompletableFuture<COMPOUND4res> f : closing) {
            LoadClient.await(f);
        }
    }

    /** Every client on a new connection, EXCHANGE_ID and CREATE_SESSION; retried while the server is still starting. */
    private static List<LoadClient> comeBack(List<LoadClient> clients, InetSocketAddress server, EventLoop[] loops,
                                             String run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, clients.size()));
        try {
            List<Future<LoadClient>> fs = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (LoadClient c : clients) {
                Callable<LoadClient> task = () -> {
                    while (true) {
                        try {
                            return c.comeBack(server, loops[c.index % loops.length], run);
                        } catch (IOException e) {
                            if (System.nanoTime() > deadline) {
                                throw e;
                            }
                            TimeUnit.MILLISECONDS.sleep(200);
                        }
                    }
                };
                fs.add(pool.submit(task));
            }
            List<LoadClient> back = new ArrayList<>();
            for (Future<LoadClient> f : fs) {
                back.add(f.get());
            }
            return back;
        } finally {
            pool.shutdown();
        }
    }
}
