package org.cephgw.loadgen;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table a run prints: one row per (server, workload, clients). */
final class Report {
    private static final String ROW = "%-10s %-10s %7s %5s %12s %-11s %11s %11s %9s %9s %9s %7s%n";

    private Report() {
    }

    static void header(PrintStream out) {
        out.printf(Locale.ROOT, ROW, "server", "workload", "clients", "slots", "rate", "", "ops/s", "COMPOUND/s",
                "p50 ms", "p99 ms", "p99.9 ms", "errors");
    }

    static void row(PrintStream out, Result r) {
        out.printf(Locale.ROOT, ROW, r.label(), r.workload(), r.clients(), r.slots(), String.format(Locale.ROOT, "%.1f", r.rate()),
                r.rateUnit(), String.format(Locale.ROOT, "%.1f", r.iterationsPerSecond()),
                String.format(Locale.ROOT, "%.1f", r.compoundsPerSecond()), ms(r.p50Micros()), ms(r.p99Micros()),
                ms(r.p999Micros()), r.errors());
        r.errorKinds().forEach((k, v) -> out.printf(Locale.ROOT, "    %d x %s%n", v, k));
    }

    static void table(PrintStream out, List<Result> results) {
        header(out);
        results.forEach(r -> row(out, r));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
