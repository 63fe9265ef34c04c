package org.cephgw.actors.grace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * The recovery records waiting to be written, grouped: while one batch is being written, the
 * records of the clients confirmed meanwhile gather, and go in the next write together (one omap
 * operation, one file rewrite), however many arrive. Each client's CREATE_SESSION reply waits on
 * its future, completed once the batch holding its record is written: a client is told it may
 * hold state only when the head could let it reclaim that state after a crash. Not thread-safe:
 * the grace participant's.
 */
final class RecordBatches {
    /** What one write carries: records by clientid, and who waits for them. */
    record Batch(Map<Long, RecoveryRecord> records, List<CompletableFuture<Void>> waiting) {
    }

    private final Map<Long, RecoveryRecord> pending = new LinkedHashMap<>();
    private final Map<Long, List<CompletableFuture<Void>>> waiting = new LinkedHashMap<>();
    private Batch writing;

    /** A client's record is to be written; {@code durable} completes when it is. */
    void add(long clientId, RecoveryRecord record, CompletableFuture<Void> durable) {
        pending.put(clientId, record);
        waiting.computeIfAbsent(clientId, k -> new ArrayList<>(1)).add(durable);
    }

    /** The client is gone before its record was written: nothing to write, nobody to keep waiting. */
    void drop(long clientId) {
        pending.remove(clientId);
        List<CompletableFuture<Void>> w = waiting.remove(clientId);
        if (w != null) {
            w.forEach(f -> f.complete(null));
        }
    }

    /** Whether a write should start now: records wait and none is being written. */
    boolean ready() {
        return writing == null && !pending.isEmpty();
    }

    /** Takes every waiting record into the batch to write now. */
    Batch start() {
        if (!ready()) {
            throw new IllegalStateException(writing != null ? "a batch is being written" : "nothing to write");
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        writing = new Batch(Map.copyOf(pending), all);
        pending.clear();
        waiting.clear();
        return writing;
    }

    /**
     * The batch was written — or failed: its waiters are released either way (a failed write is
     * logged and the head serves on, as when the database is unreachable at all).
     */
    void finished(Batch b) {
        if (b != writing) {
            throw new IllegalStateException("not the batch being written");
        }
        writing = null;
        b.waiting().forEach(f -> f.complete(null));
    }

    /** Records waiting, not counting the batch being written. */
    int pending() {
        return pending.size();
    }
}
