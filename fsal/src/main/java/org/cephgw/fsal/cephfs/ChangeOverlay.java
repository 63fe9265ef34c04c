package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.util.BoundedLru;
import org.cephgw.fsal.cephfs.InodeRef.Vino;

/**
 * The NFSv4 change attribute of the CephFS back end: {@code stx_version << 24}, plus a local count
 * for directories whose version libcephfs did not move although this client just changed them.
 *
 * <p>Why: libcephfs 16.2 does not update its cached copy of the <em>source</em> directory of a
 * rename it performed (the MDS bumps that directory's change_attr, mtime and ctime, but the reply
 * does not carry the directory, and the client keeps its stale copy while it holds caps on it;
 * even {@code AT_STATX_FORCE_SYNC} returns the old values). Other operations are seen at once.
 * So after an operation that changed a directory, when the version this client reads did not
 * move, the directory gets an entry here and its change value is bumped by one per such
 * operation: {@code (version << 24) + bumps}. As soon as libcephfs reports a higher version the
 * bumps are dropped; since the version is shifted, the value still grows. Every gateway node
 * computes the same value from the same version; a node with bumps reports a value between two
 * versions' values, never one that another node could report later for an older state.
 *
 * <p>The entries are kept for the least recently bumped {@code capacity} directories; a
 * directory whose entry is evicted while libcephfs still has the old version reports a smaller
 * value than before (at most by its bump count), like the local back end's ChangeTracker.
 */
final class ChangeOverlay {
    static final int SHIFT = 24;
    private static final long MAX_BUMP = (1L << SHIFT) - 1;

    private final BoundedLru<Vino, State> states;

    private static final class State {
        long version;
        long bump;

        State(long version) {
            this.version = version;
        }
    }

    ChangeOverlay(int capacity) {
        this.states = new BoundedLru<>(capacity, s -> { });
    }

    /** The change value of a file whose libcephfs version is {@code version}. */
    long value(Vino v, long version) {
        State s = states.get(v);
        if (s == null) {
            return version << SHIFT;
        }
        synchronized (s) {
            if (version > s.version) {
                s.version = version;
                s.bump = 0;
            }
            return (s.version << SHIFT) + s.bump;
        }
    }

    /**
     * A directory was changed through this client: {@code before} and {@code after} are the
     * versions libcephfs reported around the operation. Returns the change value after it, which
     * is greater than the value reported for {@code before}.
     */
    long modified(Vino v, long before, long after) {
        if (after > before) {
            return value(v, after);
        }
        State s = states.get(v);
        if (s == null) {
            State fresh = new State(after);
            s = states.putIfAbsent(v, fresh);
        }
        synchronized (s) {
            if (after > s.version) {
                s.version = after;
                s.bump = 0;
            }
            if (s.bump < MAX_BUMP) {
                s.bump++;
            }
            return (s.version << SHIFT) + s.bump;
        }
    }

    int size() {
        return states.size();
    }
}
