package org.cephgw.fsal.local;

import org.cephgw.fsal.util.BoundedLru;

/**
 * The NFSv4 change attribute of the local back end. The base value is the inode's ctime in
 * nanoseconds; but ext4 stamps ctime from a coarse (jiffy) clock, so two modifications a few
 * milliseconds apart can leave the same ctime. For files modified through this back end a bounded
 * map keeps {last ctime seen, last change value}:
 * <ul>
 *   <li>after a modification with a known resulting ctime ({@link #modified}) the value becomes
 *       max(previous + 1, ctime), so it differs from every value handed out before;</li>
 *   <li>writes through an {@code IoHandle} only mark the entry dirty ({@link #markDirty}, no system
 *       call); the next {@link #observe} then advances the value;</li>
 *   <li>{@link #observe} (getattr) returns the stored value, advanced to max(ctime, stored + 1)
 *       when the ctime moved (a modification made outside the gateway) or the entry is dirty.</li>
 * </ul>
 * Files without an entry report their ctime. The value never decreases while the entry is kept;
 * when an entry is evicted (the least recently modified files beyond the map's capacity) or the
 * gateway restarts, the value falls back to the ctime, which can be lower than the last value
 * reported by at most the number of modifications made within one ctime tick.
 */
final class ChangeTracker {
    private final BoundedLru<Long, State> states;

    ChangeTracker(int capacity) {
        this.states = new BoundedLru<>(capacity, s -> { });
    }

    static final class State {
        private long ctime;
        private long change;
        private volatile boolean dirty;

        State(long ctime, long change) {
            this.ctime = ctime;
            this.change = change;
        }
    }

    /** {@link #token}: the file has no entry. */
    static final long UNTRACKED = Long.MIN_VALUE;
    /** {@link #token}: written through an {@code IoHandle} since its change value was last read. */
    static final long DIRTY = Long.MIN_VALUE + 1;

    /**
     * What this back end has done to a file, without a system call: its change value while
     * nothing happened to it since that value was handed out, {@link #DIRTY}, or {@link #UNTRACKED}.
     * A token taken before reading a file's attributes and equal to one taken later means no
     * modification through this back end happened in between — unless the file's entry was
     * evicted meanwhile (the least recently modified beyond the capacity), which callers bound by
     * age.
     */
    long token(long ino) {
        State s = states.get(ino);
        if (s == null) {
            return UNTRACKED;
        }
        if (s.dirty) {
            return DIRTY;
        }
        synchronized (s) {
            return s.dirty ? DIRTY : s.change;
        }
    }

    /** The change value of a file whose ctime (ns) was just read. */
    long observe(long ino, long ctimeNs) {
        State s = states.get(ino);
        if (s == null) {
            return ctimeNs;
        }
        synchronized (s) {
            if (s.dirty || ctimeNs > s.ctime) {
                s.dirty = false;
                s.change = Math.max(ctimeNs, s.change + 1);
                s.ctime = Math.max(s.ctime, ctimeNs);
            }
            return s.change;
        }
    }

    /**
     * Records a modification made through this back end; {@code ctimeNs} is the ctime read after
     * it. Returns the new change value.
     */
    long modified(long ino, long ctimeNs) {
        State s = states.get(ino);
        if (s == null) {
            // whatever was reported before was at most this ctime: one more is new
            State fresh = new State(ctimeNs, ctimeNs + 1);
            State cur = states.putIfAbsent(ino, fresh);
            if (cur == fresh) {
                return fresh.change;
            }
            s = cur;
        }
        synchronized (s) {
            s.dirty = false;
            s.change = Math.max(s.change + 1, ctimeNs);
            s.ctime = Math.max(s.ctime, ctimeNs);
            return s.change;
        }
    }

    /**
     * Makes sure the file has an entry, so that {@link #markDirty} can work without a system call;
     * {@code ctimeNs} is the current ctime.
     */
    void track(long ino, long ctimeNs) {
        states.computeIfAbsent(ino, k -> new State(ctimeNs, ctimeNs));
    }

    /**
     * Records a data modification without reading the ctime. Returns false when the file has no
     * entry (evicted), in which case the caller must use {@link #modified} with a fresh ctime.
     */
    boolean markDirty(long ino) {
        State s = states.get(ino);
        if (s == null) {
            return false;
        }
        s.dirty = true;
        return true;
    }
}
