package org.cephgw.actors.io;

import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.fsal.IoHandle;

/**
 * An open back-end file shared by the state that owns it (an open stateid) and the I/O
 * operations in flight on it. CLOSE may arrive while a READ on the same stateid is queued on an
 * I/O worker; closing the descriptor under it could make the READ hit another file that reused
 * the descriptor number. So every use {@link #acquire acquires} the handle, and the owner's
 * {@link #retire} only closes it once the last user has {@link #release released} it.
 */
public final class SharedIo {
    /** bit 0: retired; the rest: users × 2 */
    private final AtomicInteger state = new AtomicInteger();
    private final IoHandle handle;
    private final IoPool pool;

    public SharedIo(IoHandle handle, IoPool pool) {
        this.handle = handle;
        this.pool = pool;
    }

    public IoHandle handle() {
        return handle;
    }

    /** Takes a use; false once retired (the caller must fail the operation as a bad stateid). */
    public boolean acquire() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 2)) {
                return true;
            }
        }
    }

    public void release() {
        int s = state.addAndGet(-2);
        if (s == 1) {
            closeNow();
        }
    }

    /** The owner no longer needs it: closes now or when the last use ends. */
    public void retire() {
        int s = state.getAndUpdate(x -> x | 1);
        if ((s & 1) == 0 && s == 0) {
            closeNow();
        }
    }

    private void closeNow() {
        // close(2)/ceph_ll_close may block: run it where blocking is allowed
        pool.submit(handle.file(), () -> {
            handle.close();
            return null;
        });
    }
}
