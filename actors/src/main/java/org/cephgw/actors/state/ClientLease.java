package org.cephgw.actors.state;

import java.util.function.LongSupplier;

/**
 * When a client last renewed its lease (RFC 8881 §8.3), and whether it is a courtesy client.
 * Shared by its {@link ClientActor} and the {@link SequenceGate}s of its sessions: every
 * SEQUENCE renews the lease where the request is read, with no message to the client actor;
 * only a courtesy client's return is news for it. Renewal and the start of a courtesy are
 * atomic with each other, so a client that renews just as its lease runs out never stays a
 * courtesy client while it is active.
 */
public final class ClientLease {
    private final LongSupplier nanoClock;
    private long renewedNanos;
    private boolean courtesy;

    public ClientLease() {
        this(System::nanoTime);
    }

    ClientLease(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.renewedNanos = nanoClock.getAsLong();
    }

    /**
     * Renews the lease.
     *
     * @return whether the client was a courtesy client until now (its client actor must hear it)
     */
    public synchronized boolean renew() {
        renewedNanos = nanoClock.getAsLong();
        boolean was = courtesy;
        courtesy = false;
        return was;
    }

    /** Nanoseconds since the last renewal. */
    public synchronized long idleNanos() {
        return nanoClock.getAsLong() - renewedNanos;
    }

    public boolean expired(java.time.Duration lease) {
        return idleNanos() > lease.toNanos();
    }

    /**
     * Makes the client a courtesy client if its lease is still expired.
     *
     * @return false when a renewal came first
     */
    public synchronized boolean enterCourtesy(java.time.Duration lease) {
        if (nanoClock.getAsLong() - renewedNanos <= lease.toNanos()) {
            return false;
        }
        courtesy = true;
        return true;
    }

    public synchronized boolean courtesy() {
        return courtesy;
    }
}
