package org.cephgw.actors.state;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many delegations the head's files hold. Operations that may have to recall one or ask its
 * holder (GETATTR of size or change: CB_GETATTR, RFC 8881 §10.4.3; SETATTR by another client)
 * would cost a round trip to the file's entity each time; they ask only while a count is not
 * zero. Written by the open-file entities as they grant and end delegations; read by any COMPOUND.
 */
public final class DelegationCounts {
    private final AtomicInteger all = new AtomicInteger();
    private final AtomicInteger write = new AtomicInteger();

    void granted(boolean isWrite) {
        all.incrementAndGet();
        if (isWrite) {
            write.incrementAndGet();
        }
    }

    void ended(boolean isWrite) {
        all.decrementAndGet();
        if (isWrite) {
            write.decrementAndGet();
        }
    }

    /** Whether any file may have a delegation now. */
    public boolean any() {
        return all.get() > 0;
    }

    /** Whether any file may have a write delegation now. */
    public boolean anyWrite() {
        return write.get() > 0;
    }
}
