package org.cephgw.actors.state;

import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * A session's SEQUENCE (RFC 8881 §18.46): the channel limits, the slot table with its reply
 * cache, the lease renewal. It runs on the thread that read the request, not in the
 * {@link SessionActor}: a COMPOUND then waits for no other thread before its first operation
 * (a hand-off to a parked thread costs tens of µs, more than the check). The session actor
 * owns the rest of the session (back channel, bound connections) and publishes here what a
 * SEQUENCE reports of it. Thread-safe; one lock per session, held for a few array accesses.
 */
public final class SequenceGate {

    /**
     * The answer to a SEQUENCE: {@code status} NFS4_OK with {@code replay} null means execute
     * the rest of the COMPOUND, then {@link #complete} the slot; a non-null {@code replay} is
     * the cached COMPOUND4res to send again.
     *
     * @param callbacks whether the session's back channel can carry callbacks now
     */
    public record Result(int status, byte[] replay, int highestSlotId, int targetHighestSlotId, int statusFlags,
                         boolean reclaimComplete, boolean callbacks) {
        static Result refused(int status, int highest, boolean reclaimComplete) {
            return new Result(status, null, highest, highest, 0, reclaimComplete, false);
        }
    }

    /**
     * What a SEQUENCE's COMPOUND asks of the fore channel (see {@link ChannelLimits#admit}).
     *
     * @param replyBytes the least its reply takes, RPC header included
     */
    public record Demand(int operations, int requestBytes, int replyBytes, boolean cacheThis) {
        public static final Demand NONE = new Demand(0, 0, 0, false);
    }

    private final ChannelLimits fore;
    private final SlotTable slots;
    private final ClientLease lease;
    private final Runnable courtesyEnded;
    private boolean closed;
    private volatile int statusFlags;
    private volatile boolean callbacks;
    private volatile boolean reclaimComplete;
    private final int maxCachedBytes;

    /**
     * @param lease         the lease of the session's client, renewed by every new request
     * @param courtesyEnded run when a request renews the lease of a courtesy client
     */
    public SequenceGate(ChannelLimits fore, ClientLease lease, Runnable courtesyEnded, boolean reclaimComplete) {
        this.fore = fore;
        // the cache holds COMPOUND4res bytes; ca_maxresponsesize_cached counts the RPC header too
        this.maxCachedBytes = fore.maxResponseSizeCached() - ChannelLimits.RPC_REPLY_HEADER;
        this.slots = new SlotTable(fore.maxRequests(), maxCachedBytes);
        this.lease = lease;
        this.courtesyEnded = courtesyEnded;
        this.reclaimComplete = reclaimComplete;
    }

    public ChannelLimits fore() {
        return fore;
    }

    /** Judges a SEQUENCE; a request judged new holds its slot until {@link #complete}. */
    public Result sequence(int slot, int sequenceId, long requestHash, Demand demand) {
        boolean renewed;
        Result result;
        synchronized (this) {
            int highest = slots.highestSlotId();
            if (closed) {
                return Result.refused(NfsStat4.NFS4ERR_BADSESSION, highest, false);
            }
            // before the slot: a SEQUENCE that fails leaves the slot and the lease as they were (§18.46.3)
            int limit = fore.admit(demand.operations(), demand.requestBytes(), demand.replyBytes(), demand.cacheThis());
            if (limit != NfsStat4.NFS4_OK) {
                return Result.refused(limit, highest, reclaimComplete);
            }
            SlotTable.Verdict v = slots.begin(slot, sequenceId, requestHash);
            if (v instanceof SlotTable.Refuse r) {
                return Result.refused(r.status(), highest, reclaimComplete);
            }
            if (v instanceof SlotTable.Replay r) {
                return new Result(NfsStat4.NFS4_OK, r.reply(), highest, highest, statusFlags, reclaimComplete, false);
            }
            result = new Result(NfsStat4.NFS4_OK, null, highest, highest, statusFlags, reclaimComplete, callbacks);
            renewed = lease.renew();
        }
        if (renewed) {
            courtesyEnded.run();
        }
        return result;
    }

    /** Whether a COMPOUND4res of {@code replyBytes} is kept for replays (else {@link #complete} need not get it). */
    public boolean cacheable(int replyBytes) {
        return replyBytes <= maxCachedBytes;
    }

    /** The request on a slot finished; {@code reply} is its encoded COMPOUND4res, kept for retries. */
    public synchronized void complete(int slot, int sequenceId, byte[] reply) {
        slots.complete(slot, sequenceId, reply);
    }

    /**
     * DESTROY_SESSION: closes the gate unless a request other than the caller's own (on
     * {@code callerSlot}, -1 when the caller is on another session) is in progress.
     *
     * @return NFS4_OK, NFS4ERR_DELAY (requests in progress) or NFS4ERR_BADSESSION (closed already)
     */
    public synchronized int destroy(int callerSlot) {
        if (closed) {
            return NfsStat4.NFS4ERR_BADSESSION;
        }
        if (callerSlot >= 0 ? slots.anyBusyExcept(callerSlot) : slots.anyBusy()) {
            return NfsStat4.NFS4ERR_DELAY;
        }
        closed = true;
        return NfsStat4.NFS4_OK;
    }

    /** The session ended (client expired, replaced, destroyed): every later SEQUENCE gets BADSESSION. */
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    /** What later SEQUENCEs report of the session's back channel: sr_status_flags, callbacks usable. */
    void publish(int statusFlags, boolean callbacks) {
        this.statusFlags = statusFlags;
        this.callbacks = callbacks;
    }

    /** The client sent RECLAIM_COMPLETE (through this session or another). */
    public void reclaimComplete() {
        this.reclaimComplete = true;
    }
}
