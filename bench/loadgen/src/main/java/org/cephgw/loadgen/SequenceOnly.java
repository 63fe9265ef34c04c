package org.cephgw.loadgen;

import java.util.List;

/** A COMPOUND of SEQUENCE alone: what a client sends to renew its lease, the cheapest call there is. */
final class SequenceOnly extends NamedWorkload {
    SequenceOnly() {
        super("sequence", "calls");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) {
        return () -> c.ok(slot, List.of()).thenApply(r -> 1L);
    }
}
