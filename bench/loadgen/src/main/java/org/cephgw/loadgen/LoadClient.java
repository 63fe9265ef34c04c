package org.cephgw.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.cephgw.client.EventLoop;
import org.cephgw.client.RpcConnection;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.StateOwner4;

/**
 * One simulated NFS client: its own TCP connection and NFSv4.1 session, several slots in flight.
 * {@link #call} puts SEQUENCE for a slot in front of the operations and, while the run is being
 * measured, records the COMPOUND's round trip. Counters and the histogram are touched on the
 * connection's event-loop thread only (and read after the run has stopped).
 */
final class LoadClient implements AutoCloseable {
    /** The largest READ or WRITE the workloads send. */
    static final int IO_MAX = 1 << 20;
    /** How long a blocking setup call may take. */
    private static final long SETUP_TIMEOUT_S = 60;

    final int index;
    final RpcConnection conn;
    final Session session;
    private final Phase phase;
    final int slots;
    /** COMPOUND round trips in microseconds, while measuring. */
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    long compounds;
    long iterations;
    long units;
    long errors;
    final Map<String, Long> errorKinds = new TreeMap<>();
    /** When this client last sent a call (any thread: a stale read only delays a renewal). */
    private volatile long lastCall = System.nanoTime();
    private volatile boolean renewing;

    private LoadClient(int index, RpcConnection conn, Session session, Phase phase, int slots) {
        this.index = index;
        this.conn = conn;
        this.session = session;
        this.phase = phase;
        this.slots = slots;
    }

    /** Connects, EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE. */
    static LoadClient connect(int index, String run, InetSocketAddress server, EventLoop loop, int minor, int slots,
                              Phase phase) throws IOException {
        RpcConnection conn = RpcConnection.connect(server, loop, "loadgen-" + run + "-" + index);
        try {
            Session s = new Session(conn, "cephgw-loadgen " + run + " client " + index).minorVersion(minor);
            // room for a 1 MiB WRITE or READ and its COMPOUND around it, as the Linux client asks
            // one slot more than the workloads use: the lease renewals' (see renewIfIdle)
            s.establish(new ChannelAttrs4(0, IO_MAX + 64 * 1024, IO_MAX + 64 * 1024, 64 * 1024, 16, slots + 1, null));
            return new LoadClient(index, conn, s, phase, workSlots(slots, s));
        } catch (IOException | RuntimeException | Error e) {
            conn.close();
            throw e;
        }
    }

    /**
     * The largest READ or WRITE this session carries: 1 MiB, or less when the server grants
     * smaller requests or replies (a multiple of 4 KiB, room left for the COMPOUND around it).
     */
    int ioMax() {
        int granted = Math.min(session.fore().maxrequestsize(), session.fore().maxresponsesize()) - 16 * 1024;
        return Math.max(4096, Math.min(IO_MAX, granted) & ~4095);
    }

    /**
     * The same client after a server restart, on a new connection to {@code server}: EXCHANGE_ID
     * with its owner and verifier (the server knows it from its recovery record) and
     * CREATE_SESSION, but no RECLAIM_COMPLETE yet — its reclaims come first.
     */
    LoadClient comeBack(InetSocketAddress server, EventLoop loop, String run) throws IOException {
        RpcConnection c = RpcConnection.connect(server, loop, "loadgen-" + run + "-" + index);
        try {
            Session s = new Session(c, session.ownerId(), session.verifier()).minorVersion(session.minorVersion());
            int st = s.exchangeId().status();
            if (st != NfsStat4.NFS4_OK) {
                throw new IOException("EXCHANGE_ID after the restart: " + NfsStat4.name(st));
            }
            st = s.createSession(session.fore()).status();
            if (st != NfsStat4.NFS4_OK) {
                throw new IOException("CREATE_SESSION after the restart: " + NfsStat4.name(st));
            }
            return new LoadClient(index, c, s, phase, slots);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The slots the workloads use: as many as asked for, one less than granted (the last renews the lease). */
    private static int workSlots(int asked, Session s) {
        return Math.max(1, Math.min(asked, s.fore().maxrequests() - 1));
    }

    /**
     * Renews the lease (SEQUENCE alone, on the last slot, not measured) unless the client sent a
     * call within {@code idle} or a renewal is still under way: a client that holds state while
     * the others are measured, or the one that made the tree, must not expire.
     */
    void renewIfIdle(long idleNanos) {
        long now = System.nanoTime();
        int slot = session.fore().maxrequests() - 1;
        if (slot < slots || renewing || now - lastCall < idleNanos || conn.isClosed()) {
            return;
        }
        renewing = true;
        lastCall = now;
        int seqid = session.nextSeqid(slot);
        conn.compoundAsync(session.minorVersion(), session.sequenced(slot, seqid, List.of())).whenComplete((r, e) -> {
            if (e == null && !r.res().resarray().isEmpty() && r.res().resarray().get(0) instanceof SEQUENCE4res sr
                    && sr.status() == NfsStat4.NFS4_OK) {
                session.advance(slot);
            }
            renewing = false;
        });
    }

    /** SEQUENCE on {@code slot}, then {@code ops}; the slot's sequence advances when SEQUENCE succeeded. */
    CompletableFuture<COMPOUND4res> call(int slot, List<NfsArgop> ops) {
        int seqid = session.nextSeqid(slot);
        long t0 = System.nanoTime();
        lastCall = t0;
        return conn.compoundAsync(session.minorVersion(), session.sequenced(slot, seqid, ops)).thenApply(r -> {
            COMPOUND4res res = r.res();
            if (!res.resarray().isEmpty() && res.resarray().get(0) instanceof SEQUENCE4res s
                    && s.status() == NfsStat4.NFS4_OK) {
                session.advance(slot);
            }
            if (phase.measuring) {
                latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                compounds++;
            }
            return res;
        });
    }

    /** {@link #call}, failing with {@link OpFailed} unless the COMPOUND ended in NFS4_OK. */
    CompletableFuture<COMPOUND4res> ok(int slot, List<NfsArgop> ops) {
        return call(slot, ops).thenApply(LoadClient::requireOk);
    }

    /**
     * {@link #ok} for setup and cleanup: NFS4ERR_GRACE (a server that has just started) and
     * NFS4ERR_DELAY are retried after a pause, as a client does, for up to {@value #SETUP_TIMEOUT_S} s.
     */
    CompletableFuture<COMPOUND4res> okPatiently(int slot, List<NfsArgop> ops) {
        return patiently(slot, ops, System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_S))
                .thenApply(LoadClient::requireOk);
    }

    /** {@link #call}, NFS4ERR_GRACE and NFS4ERR_DELAY retried until {@code deadline}; whatever status it ends with. */
    private CompletableFuture<COMPOUND4res> patiently(int slot, List<NfsArgop> ops, long deadline) {
        return call(slot, ops).thenCompose(res -> {
            boolean retry = res.status() == NfsStat4.NFS4ERR_GRACE || res.status() == NfsStat4.NFS4ERR_DELAY;
            if (!retry || System.nanoTime() > deadline) {
                return CompletableFuture.completedFuture(res);
            }
            long pause = res.status() == NfsStat4.NFS4ERR_GRACE ? 1000 : 100;
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> patiently(slot, ops, deadline));
        });
    }

    /** {@link #okPatiently}, waited for. */
    COMPOUND4res okNow(int slot, List<NfsArgop> ops) throws IOException {
        return requireOk(callNow(slot, ops));
    }

    /** {@link #call} with the retries of {@link #okPatiently}, waited for: whatever status it ended with. */
    COMPOUND4res callNow(int slot, List<NfsArgop> ops) throws IOException {
        return await(patiently(slot, ops, System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_S)));
    }

    static COMPOUND4res requireOk(COMPOUND4res res) {
        if (res.status() != NfsStat4.NFS4_OK) {
            throw new OpFailed(res);
        }
        return res;
    }

    /** A setup call's result, waited for (a retried call may take up to {@value #SETUP_TIMEOUT_S} s, and one more). */
    static <T> T await(CompletableFuture<T> f) throws IOException {
        return RpcConnection.await(f, java.time.Duration.ofSeconds(SETUP_TIMEOUT_S + 10));
    }

    /** An open- or lock-owner of this client. */
    StateOwner4 owner(String name) {
        return session.owner(name);
    }

    /** An iteration failed: counted by kind (event-loop thread). */
    void failed(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String kind = c instanceof OpFailed f ? f.kind() : c.getClass().getSimpleName() + ": " + c.getMessage();
        errors++;
        errorKinds.merge(kind, 1L, Long::sum);
    }

    /** Zeroes the counters for the next run. */
    void reset() {
        latency.reset();
        compounds = 0;
        iterations = 0;
        units = 0;
        errors = 0;
        errorKinds.clear();
    }

    @Override
    public void close() {
        try {
            if (!conn.isClosed()) {
                session.destroySession();
                session.destroyClientId();
            }
        } catch (IOException | RuntimeException e) {
            // the server forgets the client after its lease anyway
        } finally {
            conn.close();
        }
    }

    /** Whether iterations are being measured and whether the slots are to stop: set by the run, read by every slot. */
    static final class Phase {
        volatile boolean measuring;
        volatile boolean stopping;
    }
}
