package org.cephgw.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * The gateway's meters. Every meter on the request path is created up front and kept in
 * fields/arrays, so counting a request is an array index and an atomic add, never a registry
 * lookup.
 */
public final class GatewayMetrics {

    /** Which procedure a record asked for, as far as the header could be read. */
    public enum Proc {
        NULL, COMPOUND, OTHER, UNDECODED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    /** How the RPC layer answered. */
    public enum Outcome {
        SUCCESS, PROG_UNAVAIL, PROG_MISMATCH, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR, RPC_MISMATCH, AUTH_ERROR;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter connectionsAccepted;
    private final Counter connectionsFailed;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter backchannelReplies;
    private final Counter backchannelSent;
    private final Counter backchannelDropped;
    /** [proc * outcomes + outcome], registered on first use so that impossible pairs are not exported as zeros */
    private final AtomicReferenceArray<Counter> rpcs = new AtomicReferenceArray<>(Proc.values().length * Outcome.values().length);
    private final Timer compoundLatency;
    private final NfsOpMetrics nfs;
    private final HeadMetrics heads;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("nfs_connections_open", openConnections, AtomicInteger::get)
                .description("NFS TCP connections open now").register(registry);
        connectionsAccepted = Counter.builder("nfs_connections_accepted").description("NFS TCP connections accepted").register(registry);
        connectionsFailed = Counter.builder("nfs_connections_failed")
                .description("NFS TCP connections closed by an error (oversized or malformed record, I/O error)").register(registry);
        bytesReceived = Counter.builder("nfs_received_bytes").description("bytes read from NFS connections").register(registry);
        bytesSent = Counter.builder("nfs_sent_bytes").description("bytes of RPC replies and back-channel calls queued for NFS connections").register(registry);
        backchannelReplies = Counter.builder("nfs_backchannel_replies").description("RPC replies received on NFS connections (answers to back-channel calls)").register(registry);
        backchannelSent = Counter.builder("nfs_backchannel_calls").tag("result", "queued").description("back-channel records offered to connections").register(registry);
        backchannelDropped = Counter.builder("nfs_backchannel_calls").tag("result", "refused").description("back-channel records offered to connections").register(registry);
        rpcCounter(Proc.NULL, Outcome.SUCCESS);
        rpcCounter(Proc.COMPOUND, Outcome.SUCCESS);
        compoundLatency = Timer.builder("nfs_compound_duration")
                .description("time from a COMPOUND's arrival to its reply being ready")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        nfs = new NfsOpMetrics(registry);
        heads = new HeadMetrics(registry);
    }

    /**
     * Makes the heads started on {@code system} from now on report here (operations, bytes per
     * export, back-end calls, I/O queues), registers the byte counters of {@code exports} and lets
     * management and the heads of the virtual-IP mode find these metrics. Called once, before any
     * head starts.
     */
    public void attach(org.apache.pekko.actor.typed.ActorSystem<?> system, java.util.List<org.cephgw.gateway.config.ExportConfig> exports) {
        nfs.exports(exports);
        org.cephgw.actors.metrics.NfsObservers.install(system, nfs);
        org.cephgw.gateway.management.GatewayRuntime.get(system).metrics(this);
    }

    /** What the NFS layer reports (the heads' {@link org.cephgw.actors.metrics.NfsObserver}). */
    public NfsOpMetrics nfs() {
        return nfs;
    }

    /** The heads this node hosts, their grace state and counts. */
    public HeadMetrics heads() {
        return heads;
    }

    /** Brings the gauges that are set rather than read (heads, grace members) up to date; before each scrape. */
    public void refresh() {
        heads.refresh();
    }

    /** Meters that go nowhere: for tests and embedding without management. */
    public static GatewayMetrics noop() {
        return new GatewayMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Reports the back end's open handles (the NFS service knows them). */
    public void bindOpenBackendHandles(IntSupplier handles) {
        // strong: Micrometer holds gauge state weakly, and nothing else holds this lambda
        Gauge.builder("nfs_backend_open_handles", handles, IntSupplier::getAsInt).strongReference(true)
                .description("open back-end I/O handles across all exports").register(registry);
    }

    /**
     * Virtual-IP mode: COMPOUNDs this node forwarded to a head on another node, and those it ran
     * on a head of its own ({@code nfs_compounds_routed_total{to="other-node"|"this-node"}}).
     */
    public void bindHeadRouter(java.util.function.LongSupplier forwarded, java.util.function.LongSupplier direct) {
        // Micrometer holds function state weakly: keep the suppliers
        held.add(forwarded);
        held.add(direct);
        io.micrometer.core.instrument.FunctionCounter.builder("nfs_compounds_routed", forwarded, LongSupplierValue::value)
                .tag("to", "other-node").description("COMPOUNDs routed to their head (virtual-IP mode)").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("nfs_compounds_routed", direct, LongSupplierValue::value)
                .tag("to", "this-node").description("COMPOUNDs routed to their head (virtual-IP mode)").register(registry);
    }

    private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Micrometer wants a ToDoubleFunction of the state object. */
    private static final class LongSupplierValue {
        static double value(java.util.function.LongSupplier s) {
            return s.getAsLong();
        }
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
        connectionsAccepted.increment();
    }

    public void connectionClosed(boolean failed) {
        openConnections.decrementAndGet();
        if (failed) {
            connectionsFailed.increment();
        }
    }

    public int openConnections() {
        return openConnections.get();
    }

    public void received(int bytes) {
        bytesReceived.increment(bytes);
    }

    public void sent(int bytes) {
        bytesSent.increment(bytes);
    }

    public void rpc(Proc proc, Outcome outcome) {
        rpcCounter(proc, outcome).increment();
    }

    public double rpcCount(Proc proc, Outcome outcome) {
        return rpcCounter(proc, outcome).count();
    }

    private Counter rpcCounter(Proc proc, Outcome outcome) {
        int i = proc.ordinal() * Outcome.values().length + outcome.ordinal();
        Counter c = rpcs.get(i);
        if (c == null) {
            // registering twice yields the same meter, so a race here is harmless
            c = Counter.builder("rpc_requests")
                    .description("ONC RPC calls answered, by procedure and accept/reject status")
                    .tag("program", "nfs4").tag("procedure", proc.tag).tag("status", outcome.tag)
                    .register(registry);
            rpcs.set(i, c);
        }
        return c;
    }

    public void compoundTook(long nanos) {
        compoundLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void backchannelReply() {
        backchannelReplies.increment();
    }

    public void backchannelOffered(boolean queued) {
        (queued ? backchannelSent : backchannelDropped).increment();
    }
}
