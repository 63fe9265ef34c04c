package org.cephgw.fsal;

/** Seconds and nanoseconds since the epoch, as nfstime4 carries them. */
public record Timestamp(long seconds, int nanos) implements Comparable<Timestamp> {
    public Timestamp {
        if (nanos < 0 || nanos >= 1_000_000_000) {
            throw new IllegalArgumentException("nanos " + nanos);
        }
    }

    public static Timestamp ofNanos(long epochNanos) {
        return new Timestamp(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static Timestamp now() {
        java.time.Instant i = java.time.Instant.now();
        return new Timestamp(i.getEpochSecond(), i.getNano());
    }

    public long toNanos() {
        return seconds * 1_000_000_000L + nanos;
    }

    @Override
    public int compareTo(Timestamp o) {
        int c = Long.compare(seconds, o.seconds);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }
}
