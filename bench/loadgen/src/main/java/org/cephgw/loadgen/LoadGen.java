package org.cephgw.loadgen;

import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.cephgw.client.EventLoop;

/**
 * The load generator: {@code java -jar bench/loadgen/target/loadgen.jar --server HOST:PORT
 * --clients 1,8,64 --workloads all}. For each client count it connects that many clients (each its
 * own connection and session), runs every workload for the warm-up and the measured time, and
 * prints a row per run; a table of all rows at the end. See {@link Options#USAGE}.
 */
public final class LoadGen {
    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        boolean scale = args.length > 0 && args[0].equals("scale");
        Options o;
        try {
            o = Options.parse(scale ? Scale.arguments(java.util.Arrays.copyOfRange(args, 1, args.length)) : args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            if (scale) {
                Scale.Measured r = Scale.run(o, o.restartCommand() == null ? null : () -> restart(o), System.out);
                boolean ok = r.sequence().errors() == 0 && (r.reclaimed() < 0 || r.reclaimed() == r.clients());
                System.exit(ok ? 0 : 1);
            }
        } catch (OpFailed | IOException e) {
            fail(e);
        }
        List<Result> results = List.of();
        try {
            results = run(o, System.out);
        } catch (OpFailed | IOException e) {
            fail(e);
        }
        System.out.println();
        Report.table(System.out, results);
        boolean failed = results.stream().anyMatch(r -> r.errors() > 0);
        System.exit(failed ? 1 : 0);
    }

    /** A run that could not even set up: one line saying why, exit status 1. */
    private static void fail(Exception e) {
        String hint = e.getMessage() != null && e.getMessage().startsWith("NFS4ERR_ACCESS")
                ? " (the load generator works as root: the export must not squash root, e.g. --squash none)" : "";
        System.err.println("loadgen: " + e.getMessage() + hint);
        System.exit(1);
    }

    /** Runs what the command line {@code args} says (see {@link Options#USAGE}), printing each row as it is measured. */
    public static List<Result> run(PrintStream out, String... args) throws IOException, InterruptedException {
        return run(Options.parse(args), out);
    }

    /** Runs what {@code o} says, printing each row as it is measured; the results. */
    static List<Result> run(Options o, PrintStream out) throws IOException, InterruptedException {
        String run = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
        EventLoop[] loops = EventLoop.group("loadgen", o.loops());
        LoadClient.Phase phase = new LoadClient.Phase();
        List<Result> results = new ArrayList<>();
        try (Renewer renewer = new Renewer();
             LoadClient admin = LoadClient.connect(Integer.MAX_VALUE, run, o.server(), loops[0], o.minor(), o.slots(),
                phase)) {
            renewer.add(admin);
            Tree tree = Tree.make(o, admin, run);
            out.printf("loadgen: %s at %s, tree %s%s, %d slot(s) per client granted%n", o.label(), o.server(),
                    o.path().endsWith("/") ? o.path() : o.path() + "/", tree.name, admin.slots);
            Report.header(out);
            try {
                for (int n : o.clients()) {
                    List<LoadClient> clients = connect(o, run, n, loops, phase);
                    renewer.addAll(clients);
                    try {
                        for (Workload w : o.workloads()) {
                            Result r = Run.run(o, w, clients, phase, tree);
                            Report.row(out, r);
                            results.add(r);
                            appendCsv(o, r);
                        }
                    } finally {
                        renewer.removeAll(clients);
                        closeAll(clients);
                    }
                }
            } finally {
                if (!o.keep()) {
                    tree.remove();
                }
            }
        } finally {
            for (EventLoop l : loops) {
                l.close();
            }
        }
        return results;
    }

    /** Runs {@code --restart-command} (bash -c) and waits for it; the server is where it was. */
    private static java.net.InetSocketAddress restart(Options o) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", o.restartCommand()).inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("--restart-command exited with " + rc);
        }
        return o.server();
    }

    /** {@code n} clients with their sessions, made 16 at a time, spread over the loops. */
    static List<LoadClient> connect(Options o, String run, int n, EventLoop[] loops, LoadClient.Phase phase)
            throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, n));
        try {
            List<Future<LoadClient>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                fs.add(pool.submit(() -> LoadClient.connect(index, run, o.server(), loops[index % loops.length],
                        o.minor(), o.slots(), phase)));
            }
            List<LoadClient> clients = new ArrayList<>();
            IOException failure = null;
            for (Future<LoadClient> f : fs) {
                try {
                    clients.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = new IOException("client " + clients.size() + " of " + n + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            if (failure != null) {
                closeAll(clients);
                throw failure;
            }
            return clients;
        } finally {
            pool.shutdown();
        }
    }

    private static void closeAll(List<LoadClient> clients) {
        clients.parallelStream().forEach(LoadClient::close);
    }

    private static void appendCsv(Options o, Result r) throws IOException {
        if (o.csv() == null) {
            return;
        }
        Path p = Path.of(o.csv());
        boolean fresh = !Files.exists(p) || Files.size(p) == 0;
        try (PrintWriter w = new PrintWriter(new FileWriter(p.toFile(), true))) {
            if (fresh) {
                w.println(Result.csvHeader());
            }
            w.println(r.csv());
        }
    }
}
