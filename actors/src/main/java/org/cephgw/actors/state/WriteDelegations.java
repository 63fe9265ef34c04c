package org.cephgw.actors.state;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many write delegations the head's files hold. GETATTR of size or change by another client
 * must ask the holder (CB_GETATTR, RFC 8881 §10.4.3); asking the file's entity on every GETATTR
 * would cost a round trip each, so GETATTR asks only while this count is not zero. Written by the
 * open-file entities as they grant and end write delegations; read by any COMPOUND.
 */
public final class WriteDelegations {
    private final AtomicInteger count = new AtomicInteger();

    void granted() {
        count.incrementAndGet();
    }

    void ended() {
        count.decrementAndGet();
    }

    /** Whether any file may have a write delegation now. */
    public boolean any() {
        return count.get() > 0;
    }
}
