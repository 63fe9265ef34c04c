package org.cephgw.loadgen;

import java.util.Map;

/**
 * What one (server, workload, clients) run measured.
 *
 * @param seconds    the measured time
 * @param iterations workload iterations completed in it (files created and removed, listings, reads ...)
 * @param units      what they did in the workload's unit (files, entries, bytes)
 * @param compounds  COMPOUND round trips completed in it
 * @param p50Micros  median COMPOUND round trip; likewise p99 and p99.9
 */
public record Result(String label, String workload, String unit, int clients, int slots, double seconds, long iterations,
              long units, long compounds, long p50Micros, long p99Micros, long p999Micros, long errors,
              Map<String, Long> errorKinds) {

    /** Units per second; MB/s (10^6 bytes) for byte workloads. */
    public double rate() {
        double r = units / seconds;
        return unit.equals("B") ? r / 1e6 : r;
    }

    public String rateUnit() {
        return unit.equals("B") ? "MB/s" : unit + "/s";
    }

    public double iterationsPerSecond() {
        return iterations / seconds;
    }

    public double compoundsPerSecond() {
        return compounds / seconds;
    }

    static String csvHeader() {
        return "label,workload,clients,slots,seconds,rate,rate_unit,ops_per_s,compounds_per_s,p50_ms,p99_ms,p999_ms,errors";
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%s,%s,%d,%d,%.2f,%.2f,%s,%.1f,%.1f,%.3f,%.3f,%.3f,%d", label, workload,
                clients, slots, seconds, rate(), rateUnit(), iterationsPerSecond(), compoundsPerSecond(),
                p50Micros / 1000.0, p99Micros / 1000.0, p999Micros / 1000.0, errors);
    }
}
