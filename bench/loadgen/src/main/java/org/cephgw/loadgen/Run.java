package org.cephgw.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * One measured run: every slot of every client loops over the workload; after the warm-up the
 * iterations and COMPOUND round trips that complete within the measured time are counted. Slots
 * are chains of futures (the next iteration starts when the last one's reply arrives), so no
 * thread waits per call.
 */
final class Run {
    /** A slot whose connection is gone stops; so does one that failed this often in a row. */
    private static final int MAX_FAILURES_IN_A_ROW = 1000;

    private Run() {
    }

    static Result run(Options o, Workload w, List<LoadClient> clients, LoadClient.Phase phase, Tree tree)
            throws IOException, InterruptedException {
        phase.measuring = false;
        phase.stopping = false;
        List<Workload.Worker> workers = new ArrayList<>();
        List<LoadClient> owners = new ArrayList<>();
        for (LoadClient c : clients) {
            c.reset();
            for (int s = 0; s < c.slots; s++) {
                workers.add(w.worker(c, s, tree));
                owners.add(c);
            }
        }
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            chains.add(done);
            LoadClient c = owners.get(i);
            Workload.Worker worker = workers.get(i);
            c.conn.execute(() -> step(c, worker, phase, done, 0));
        }
        TimeUnit.MILLISECONDS.sleep(o.warmup().toMillis());
        phase.measuring = true;
        long t1 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(o.duration().toMillis());
        phase.measuring = false;
        long t2 = System.nanoTime();
        phase.stopping = true;
        try {
            CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(w.name() + ": calls still unanswered 120 s after the run");
        }
        for (Workload.Worker worker : workers) {
            worker.close();
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        long iterations = 0;
        long units = 0;
        long compounds = 0;
        long errors = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (LoadClient c : clients) {
            all.add(c.latency);
            iterations += c.iterations;
            units += c.units;
            compounds += c.compounds;
            errors += c.errors;
            c.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
        int slots = clients.stream().mapToInt(c -> c.slots).max().orElse(0);
        return new Result(o.label(), w.name(), w.unit(), clients.size(), slots, (t2 - t1) / 1e9, iterations, units,
                compounds, all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getValueAtPercentile(99.9),
                errors, kinds);
    }

    /** One iteration, then the next from its completion (on the connection's event loop). */
    private static void step(LoadClient c, Workload.Worker worker, LoadClient.Phase phase, CompletableFuture<Void> done,
                             int failuresInARow) {
        if (phase.stopping) {
            done.complete(null);
            return;
        }
        CompletableFuture<Long> f;
        try {
            f = worker.next();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((units, err) -> {
            if (err != null) {
                c.failed(err);
                if (c.conn.isClosed() || failuresInARow + 1 >= MAX_FAILURES_IN_A_ROW) {
                    done.complete(null);
                    return;
                }
                // not from inside this callback: a future that failed at once would recurse
                c.conn.execute(() -> step(c, worker, phase, done, failuresInARow + 1));
                return;
            }
            if (phase.measuring) {
                c.iterations++;
                c.units += units;
            }
            step(c, worker, phase, done, 0);
        });
    }
}
