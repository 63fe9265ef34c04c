package org.cephgw.actors.state;

import java.util.Arrays;

/**
 * A session's fore-channel slot table with its reply cache (RFC 8881 §2.10.6): exactly-once
 * semantics for every request a client sends on a slot. Owned by one session actor.
 */
public final class SlotTable {

    /** What to do with a SEQUENCE. */
    public sealed interface Verdict {
    }

    /** A new request: execute it, then {@link #complete} the slot. */
    public record Execute() implements Verdict {
    }

    /** A retry of the last request on the slot: send this cached reply again. */
    public record Replay(byte[] reply) implements Verdict {
    }

    /** Refuse the SEQUENCE with this nfsstat4. */
    public record Refuse(int status) implements Verdict {
    }

    private static final Verdict EXECUTE = new Execute();

    private final int[] seq;
    private final boolean[] busy;
    /** a request has been executed on the slot (its sequence id names a real request) */
    private final boolean[] used;
    private final byte[][] cache;
    /** a fingerprint of the request that produced the cached reply, to detect false retries */
    private final long[] requestHash;
    private final int maxCachedBytes;

    /**
     * @param slots          number of slots (ca_maxrequests as negotiated)
     * @param maxCachedBytes largest reply kept (ca_maxresponsesize_cached)
     */
    public SlotTable(int slots, int maxCachedBytes) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots " + slots);
        }
        seq = new int[slots];
        busy = new boolean[slots];
        used = new boolean[slots];
        cache = new byte[slots][];
        requestHash = new long[slots];
        this.maxCachedBytes = maxCachedBytes;
        // a new slot's sequence is 0, so the first request on it carries 1 (§2.10.6.1)
    }

    public int size() {
        return seq.length;
    }

    public int highestSlotId() {
        return seq.length - 1;
    }

    /**
     * Judges a SEQUENCE's slot and sequence id. A request judged {@link Execute} holds the slot
     * until {@link #complete}.
     */
    public Verdict begin(int slot, int sequenceId, long hash) {
        if (slot < 0 || slot >= seq.length) {
            return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_BADSLOT);
        }
        int expected = seq[slot] + 1;
        if (sequenceId == expected) {
            if (busy[slot]) {
                // cannot happen with a well-behaved client: the previous request on the slot has not replied
                return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_DELAY);
            }
            busy[slot] = true;
            used[slot] = true;
            seq[slot] = sequenceId;
            cache[slot] = null;
            requestHash[slot] = hash;
            return EXECUTE;
        }
        // sequence id 0 on a slot never used is no retry of anything: nothing was sent with it
        if (sequenceId == seq[slot] && used[slot]) {
            if (busy[slot]) {
                return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_DELAY);
            }
            if (cache[slot] == null) {
                return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_RETRY_UNCACHED_REP);
            }
            if (requestHash[slot] != hash) {
                return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
            }
            return new Replay(cache[slot]);
        }
        return new Refuse(org.cephgw.protocol.nfs4.NfsStat4.NFS4ERR_SEQ_MISORDERED);
    }

    /**
     * The request on {@code slot} finished with {@code reply}; it is kept for replays when it
     * fits the negotiated cache size.
     */
    public void complete(int slot, int sequenceId, byte[] reply) {
        if (slot < 0 || slot >= seq.length || seq[slot] != sequenceId) {
            return;
        }
        busy[slot] = false;
        cache[slot] = reply != null && reply.length <= maxCachedBytes ? reply : null;
    }

    /** True while any slot is executing a request (DESTROY_SESSION waits / refuses). */
    public boolean anyBusy() {
        for (boolean b : busy) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** Busy slots other than {@code except}. */
    public boolean anyBusyExcept(int except) {
        for (int i = 0; i < busy.length; i++) {
            if (busy[i] && i != except) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SlotTable" + Arrays.toString(seq);
    }
}
