package org.cephgw.loadgen;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a load run does, from the command line. Each flag is parsed here, once; a bad value stops
 * the run naming the flag.
 *
 * @param server     the NFSv4.1 server
 * @param path       the directory inside the server's namespace to work in (a tree of its own is made there)
 * @param clients    the client counts to run, one after the other (each client: its own connection and session)
 * @param slots      calls each client keeps in flight (at most what the server grants per session)
 * @param workloads  the workloads to run at every client count, in this order
 * @param duration   how long each (workload, clients) pair is measured
 * @param warmup     how long it runs before that, unmeasured
 * @param loops      event-loop threads the connections are spread over
 * @param files      files in the directory the stat and open-close workloads use
 * @param dirEntries entries of the directory the readdir workload lists
 * @param dataMiB    size of the file the random and sequential I/O workloads use
 * @param minor      NFSv4 minor version (1 or 2)
 * @param label      the name of the server in the table and the CSV
 * @param csv        a file to append one line per result to, or null
 * @param keep       leave the tree behind (default: removed at the end)
 * @param restartCommand {@code scale}: a shell command that restarts the server (then every client reclaims), or null
 */
record Options(InetSocketAddress server, String path, List<Integer> clients, int slots, List<Workload> workloads,
               Duration duration, Duration warmup, int loops, int files, int dirEntries, int dataMiB, int minor,
               String label, String csv, boolean keep, String restartCommand) {

    static final String USAGE = """
            usage: java -jar loadgen.jar [flags]
                   java -jar loadgen.jar scale --clients N [flags]   (N clients, a session and an open file
                       each; SEQUENCE latency for --duration; with --restart-command, every client reclaims)
              --server HOST:PORT     NFSv4.1 server (127.0.0.1:2049)
              --path /DIR            directory of the server's namespace to work in (/)
              --clients 1,8,64       client counts, one run each (1)
              --slots N              calls in flight per client (4)
              --workloads LIST|all   create,stat,readdir,rename,openclose,lock,randread,randwrite,seqread,seqwrite (all)
              --duration SECONDS     measured time per run (10)
              --warmup SECONDS       unmeasured time before it (2)
              --loops N              event-loop threads (2)
              --files N              files for stat and openclose (1000)
              --dir-entries N        entries of the readdir directory (10000)
              --data-mib N           size of the I/O file in MiB (64)
              --minor 1|2            NFSv4 minor version (1)
              --label NAME           server name for the table and the CSV (server)
              --csv FILE             append results as CSV lines
              --keep                 do not remove the tree at the end
              --restart-command CMD  scale: restarts the server (bash -c CMD), then every client reclaims
            """;

    static Options parse(String... args) {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 2049);
        String path = "/";
        List<Integer> clients = List.of(1);
        int slots = 4;
        List<Workload> workloads = Workload.ALL;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(2);
        int loops = 2;
        int files = 1000;
        int dirEntries = 10_000;
        int dataMiB = 64;
        int minor = 1;
        String label = "server";
        String csv = null;
        boolean keep = false;
        String restartCommand = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--keep")) {
                keep = true;
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + ": needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (flag) {
                case "--server" -> server = hostPort(flag, v);
                case "--path" -> {
                    if (!v.startsWith("/")) {
                        throw new IllegalArgumentException(flag + ": must start with /, got " + v);
                    }
                    path = v;
                }
                case "--clients" -> {
                    List<Integer> l = new ArrayList<>();
                    for (String s : v.split(",")) {
                        l.add(positive(flag, s.trim()));
                    }
                    clients = List.copyOf(l);
                }
                case "--slots" -> slots = positive(flag, v);
                case "--workloads" -> workloads = Workload.named(flag, v);
                case "--duration" -> duration = Duration.ofMillis((long) (seconds(flag, v) * 1000));
                case "--warmup" -> warmup = Duration.ofMillis((long) (seconds(flag, v) * 1000));
                case "--loops" -> loops = positive(flag, v);
                case "--files" -> files = positive(flag, v);
                case "--dir-entries" -> dirEntries = positive(flag, v);
                case "--data-mib" -> dataMiB = positive(flag, v);
                case "--minor" -> {
                    minor = positive(flag, v);
                    if (minor != 1 && minor != 2) {
                        throw new IllegalArgumentException(flag + ": 1 or 2, got " + v);
                    }
                }
                case "--label" -> label = v;
                case "--csv" -> csv = v;
                case "--restart-command" -> restartCommand = v;
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        return new Options(server, path, clients, slots, workloads, duration, warmup, loops, files, dirEntries,
                dataMiB, minor, label, csv, keep, restartCommand);
    }

    private static InetSocketAddress hostPort(String flag, String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(flag + ": HOST:PORT, got " + v);
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, positive(flag, v.substring(colon + 1)));
    }

    private static int positive(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(flag + ": a positive number, got " + v);
    }

    private static double seconds(String flag, String v) {
        try {
            double d = Double.parseDouble(v);
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(flag + ": seconds (>= 0), got " + v);
    }
}
