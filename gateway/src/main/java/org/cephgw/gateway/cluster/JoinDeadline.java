package org.cephgw.gateway.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether a node became an Up member of its cluster in time ({@code gateway.cluster.join-timeout}):
 * plain logic, checked now and then by {@link ClusterJoin} with the member's status. Once the node
 * was Up the answer stays {@link State#JOINED} (leaving later is no failure to join); once the time
 * is over without it, {@link State#GAVE_UP}, also for good.
 */
public final class JoinDeadline {
    public enum State { WAITING, JOINED, GAVE_UP }

    private final long deadline;
    private final LongSupplier nanoClock;
    private State state = State.WAITING;

    /** @param nanoClock {@link System#nanoTime} but in tests; the time starts now */
    public JoinDeadline(Duration timeout, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.deadline = nanoClock.getAsLong() + timeout.toNanos();
    }

    /** @param memberUp whether the node is an Up member now */
    public synchronized State check(boolean memberUp) {
        if (state == State.WAITING) {
            if (memberUp) {
                state = State.JOINED;
            } else if (nanoClock.getAsLong() - deadline >= 0) {
                state = State.GAVE_UP;
            }
        }
        return state;
    }
}
