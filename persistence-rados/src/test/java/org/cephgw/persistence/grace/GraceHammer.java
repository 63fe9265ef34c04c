package org.cephgw.persistence.grace;

import java.nio.file.Path;

/**
 * Run in a child JVM by the concurrency and crash tests:
 * {@code GraceHammer <grace file> <prefix> <count>} — for k in 0..count-1 (count -1 = forever,
 * continuing after the members with this prefix that exist): add {@code <prefix>-k}, noenforce it,
 * and enforce it again if k is even; plus a start/lift of it to move the epochs. Prints "done".
 */
public final class GraceHammer {
    private GraceHammer() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        long count = Long.parseLong(args[2]);
        try (LocalGraceDb db = new LocalGraceDb(file)) {
            db.create();
            long first = db.read().members().keySet().stream().filter(n -> n.startsWith(prefix + "-")).count();
            for (long k = first; count < 0 || k < count; k++) {
                step(db, prefix + "-" + k, k);
            }
        }
        System.out.println("done");
    }

    /** One node's life: afterwards it is a member with flags " E" if k is even, "  " if odd. */
    static void step(GraceDb db, String node, long k) {
        db.add(node);
        db.start(node);
        db.lift(node); // may be a no-op while another node does not enforce; then N stays set
        db.noenforce(node);
        db.lift(node); // with E cleared a lift during a grace period waits; fine either way
        db.enforce(node);
        db.lift(node);
        if (k % 2 == 1) {
            db.noenforce(node);
        }
    }
}
