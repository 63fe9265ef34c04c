package org.cephgw.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A named load: what one slot of one client does again and again. {@link #worker} prepares a
 * slot (blocking: open a file, make a directory) and the worker's {@link Worker#next} is one
 * iteration, a chain of COMPOUNDs whose future says how many units it did (files, entries,
 * bytes).
 */
interface Workload {
    List<Workload> ALL = List.of(new CreateRemove(), new Stat(), new Readdir(), new Rename(), new OpenClose(),
            new LockUnlock(), RandomIo.read(), RandomIo.write(), SequentialIo.read(), SequentialIo.write());
    /** Workloads "all" leaves out, chosen by name: SEQUENCE alone (the many-clients run's latency). */
    List<Workload> MORE = List.of(new SequenceOnly());

    /** The name on the command line and in the table. */
    String name();

    /** What {@link Worker#next}'s units are: "files", "entries", "B" (bytes: shown as MB/s). */
    String unit();

    /** One slot of {@code client} running this workload in {@code tree}. */
    Worker worker(LoadClient client, int slot, Tree tree) throws IOException;

    /** One slot's loop. */
    interface Worker {
        /** One iteration; its units. */
        CompletableFuture<Long> next();

        /** After the run: give back what the slot holds (CLOSE its open files). */
        default void close() throws IOException {
        }
    }

    static List<Workload> named(String flag, String list) {
        if (list.equals("all")) {
            return ALL;
        }
        List<Workload> out = new ArrayList<>();
        for (String n : list.split(",")) {
            String name = n.trim();
            Workload w = java.util.stream.Stream.concat(ALL.stream(), MORE.stream()).filter(x -> x.name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(flag + ": no workload named \"" + name
                            + "\"; there are " + java.util.stream.Stream.concat(ALL.stream(), MORE.stream())
                            .map(Workload::name).toList()));
            out.add(w);
        }
        return List.copyOf(out);
    }
}
