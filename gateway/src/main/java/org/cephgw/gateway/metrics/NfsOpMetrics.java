package org.cephgw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.metrics.NfsObserver;
import org.cephgw.gateway.config.ExportConfig;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * The NFS layer's meters (see docs/metrics.md): every operation of every COMPOUND (count, errors
 * by status, latency), the file data each export moved, the back-end calls' latency and the I/O
 * workers' queues. The heads report here through {@link NfsObserver}.
 *
 * <p>Cheap on the hot path: a meter is found by indexing an array with the operation number and
 * status; it is registered the first time that pair occurs (operations and statuses that never
 * occur are not exported as zeros), after that no registry lookup and no allocation.
 */
public final class NfsOpMetrics implements NfsObserver {
    /**
     * Histogram buckets of operation and back-end latency: fixed, so that each operation costs 20
     * series rather than the ~70 of Micrometer's percentile histogram.
     */
    static final Duration[] BUCKETS = {
            Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** operations 0..OP_REMOVEXATTR by number; one more slot for everything else (OP_ILLEGAL) */
    private static final int OPS = NfsOpnum4.OP_REMOVEXATTR + 2;
    private static final int ILLEGAL = OPS - 1;
    /** back-end calls of no operation */
    private static final int NONE = OPS;
    /** statuses 0..127 and 10000..10127 (RFC 8881, 7862, 8276 use 0..71 and 10001..10096); one slot for the rest */
    private static final int STATUSES = 257;
    private static final int OTHER_STATUS = STATUSES - 1;

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> operations = new AtomicReferenceArray<>(OPS);
    private final AtomicReferenceArray<Timer> latency = new AtomicReferenceArray<>(OPS);
    private final AtomicReferenceArray<Counter> errors = new AtomicReferenceArray<>(OPS * STATUSES);
    private final AtomicReferenceArray<Timer> backend = new AtomicReferenceArray<>(OPS + 1);
    /** by export id; null for ids no export has */
    private volatile Counter[] read = new Counter[0];
    private volatile Counter[] written = new Counter[0];
    private final List<IoPool> pools = new CopyOnWriteArrayList<>();

    public NfsOpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the byte counters of {@code exports} (before any head serves them). */
    public void exports(List<ExportConfig> exports) {
        int max = exports.stream().mapToInt(ExportConfig::id).max().orElse(-1);
        Counter[] r = new Counter[max + 1];
        Counter[] w = new Counter[max + 1];
        for (ExportConfig e : exports) {
            String id = Integer.toString(e.id());
            r[e.id()] = Counter.builder("nfs_export_read_bytes").baseUnit("bytes")
                    .description("file data READ and READ_PLUS returned from the export")
                    .tag("export", id).tag("pseudo", e.pseudo()).register(registry);
            w[e.id()] = Counter.builder("nfs_export_written_bytes").baseUnit("bytes")
                    .description("file data WRITE and COPY wrote to the export")
                    .tag("export", id).tag("pseudo", e.pseudo()).register(registry);
        }
        read = r;
        written = w;
    }

    @Override
    public void operation(int opnum, int status, long nanos) {
        int op = opIndex(opnum);
        Counter c = operations.get(op);
        if (c == null) {
            c = registerOperation(op);
        }
        c.increment();
        Timer t = latency.get(op);
        t.record(nanos, TimeUnit.NANOSECONDS);
        if (status != NfsStat4.NFS4_OK) {
            int i = op * STATUSES + statusIndex(status);
            Counter e = errors.get(i);
            if (e == null) {
                e = Counter.builder("nfs_operation_errors")
                        .description("operations of COMPOUNDs that failed, by operation and NFS status")
                        .tag("op", opName(op)).tag("status", statusName(status)).register(registry);
                // registering twice yields the same meter, so a race here is harmless
                errors.set(i, e);
            }
            e.increment();
        }
    }

    private Counter registerOperation(int op) {
        String name = opName(op);
        Timer t = Timer.builder("nfs_operation_duration")
                .description("time from an operation's start to its result, by operation")
                .tag("op", name).serviceLevelObjectives(BUCKETS).register(registry);
        latency.set(op, t);
        Counter c = Counter.builder("nfs_operations").description("operations of COMPOUNDs answered, by operation")
                .tag("op", name).register(registry);
        // set last: a thread that sees the counter sees the timer
        operations.set(op, c);
        return c;
    }

    @Override
    public void read(int exportId, long bytes) {
        count(read, exportId, bytes);
    }

    @Override
    public void written(int exportId, long bytes) {
        count(written, exportId, bytes);
    }

    private static void count(Counter[] byExport, int exportId, long bytes) {
        if (exportId >= 0 && exportId < byExport.length && byExport[exportId] != null) {
            byExport[exportId].increment(bytes);
        }
    }

    @Override
    public void backendCall(int opnum, long nanos) {
        int i = opnum == IoPool.NO_OPERATION ? NONE : opIndex(opnum);
        Timer t = backend.get(i);
        if (t == null) {
            t = Timer.builder("nfs_backend_call_duration")
                    .description("time a blocking back-end call ran on an I/O worker, by the NFS operation that made it")
                    .tag("op", i == NONE ? "none" : opName(i)).serviceLevelObjectives(BUCKETS).register(registry);
            backend.set(i, t);
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ioPoolStarted(IoPool pool) {
        pools.add(pool);
        for (int w = 0; w < pool.size(); w++) {
            int worker = w;
            // one series per worker index, summed over the pools (a node has one)
            Gauge.builder("nfs_io_queue_depth", this, m -> m.queued(worker)).strongReference(true)
                    .description("back-end calls waiting for an I/O worker (told to it, not started)")
                    .tag("worker", Integer.toString(w)).register(registry);
        }
    }

    private double queued(int worker) {
        int n = 0;
        for (IoPool p : pools) {
            if (worker < p.size()) {
                n += p.queued(worker);
            }
        }
        return n;
    }

    static int opIndex(int opnum) {
        return opnum >= 0 && opnum < ILLEGAL ? opnum : ILLEGAL;
    }

    /** The RFC name without its "OP_": READ, SEQUENCE, … */
    static String opName(int op) {
        String n = op == ILLEGAL ? "OP_ILLEGAL" : NfsOpnum4.name(op);
        return n.startsWith("OP_") ? n.substring(3) : n;
    }

    static int statusIndex(int status) {
        if (status >= 0 && status < 128) {
            return status;
        }
        if (status >= 10000 && status < 10128) {
            return 128 + status - 10000;
        }
        return OTHER_STATUS;
    }

    private static String statusName(int status) {
        return statusIndex(status) == OTHER_STATUS ? "other" : NfsStat4.name(status);
    }
}
