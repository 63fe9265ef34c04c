package org.cephgw.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
            s.establish(new ChannelAttrs4(0, IO_MAX + 64 * 1024, IO_MAX + 64 * 1024, 64 * 1024, 16, slots, null));
            return new LoadClient(index, conn, s, phase, Math.min(slots, s.fore().maxrequests()));
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

    /** SEQUENCE on {@code slot}, then {@code ops}; the slot's sequence advances when SEQUENCE succeeded. */
    CompletableFuture<COMPOUND4res> call(int slot, List<NfsArgop> ops) {
        int seqid = session.nextSeqid(slot);
        long t0 = System.nanoTime();
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

    /** {@link #ok}, waited for (setup and cleanup). */
    COMPOUND4res okNow(int slot, List<NfsArgop> ops) throws IOException {
        return await(ok(slot, ops));
    }

    /** {@link #call}, waited for: whatever status it ended with. */
    COMPOUND4res callNow(int slot, List<NfsArgop> ops) throws IOException {
        return await(call(slot, ops));
    }

    static COMPOUND4res requireOk(COMPOUND4res res) {
        if (res.status() != NfsStat4.NFS4_OK) {
            throw new OpFailed(res);
        }
        return res;
    }

    static <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get(SETUP_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IOException("no reply within " + SETUP_TIMEOUT_S + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
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
