package org.cephgw.fsal.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Something native the back ends hand out to several threads at once (a file descriptor, a
 * libcephfs inode reference, an Fh) and give back exactly once, when the last user is done: so
 * that closing it while another thread still uses it can never make that thread use a freed
 * pointer or a descriptor number the kernel has given to another file.
 *
 * <p>The creator holds the first count; a cache holds one while the entry is cached; each user
 * takes one with {@link #tryAcquire} and gives it back with {@link #close}. The last
 * {@link #close} calls {@link #free} once. The count lives in this object (no separate atomic),
 * and nothing here allocates.
 */
public abstract class RefCounted implements AutoCloseable {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(RefCounted.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through REFS
    private volatile int refs = 1;

    /** Takes a count; false when it is already given back (or being given back). */
    public final boolean tryAcquire() {
        for (;;) {
            int r = refs;
            if (r <= 0) {
                return false;
            }
            if (REFS.compareAndSet(this, r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a count back; the last one frees the resource. */
    @Override
    public final void close() {
        int r = (int) REFS.getAndAdd(this, -1) - 1;
        if (r == 0) {
            free();
        } else if (r < 0) {
            throw new IllegalStateException(this + " released too often");
        }
    }

    /**
     * Drops every count at once without freeing: for a resource whose owner is gone (a lost
     * connection) and must be forgotten. True when there were counts to drop.
     */
    protected final boolean abandon() {
        return (int) REFS.getAndSet(this, 0) > 0;
    }

    /** Whether a count is still held by someone. */
    public final boolean isLive() {
        return refs > 0;
    }

    /** The current count (tests, leak checks). */
    public final int references() {
        return refs;
    }

    /** Frees the resource; called once, by the last {@link #close}. */
    protected abstract void free();
}
