package org.cephgw.e2e.ceph;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linux kernel NFS client in qemu ({@code scripts/kclient/run.sh}) for the CephFS tests:
 * boots one guest that mounts the server on the host's 127.0.0.1:PORT and runs a script from
 * {@code src/test/kclient/}, then parses what it printed ({@code KCT key=value} and
 * {@code KCT check NAME PASS|FAIL detail} lines, see workload.sh). The same protocol as the
 * kernel-client test's runner, which is private to its package.
 */
final class Guest {
    /** run.sh's own limit for one guest; the JVM waits a little longer, then kills it. */
    static final Duration TIMEOUT = Duration.ofMinutes(8);

    private static final Pattern CHECK = Pattern.compile("^KCT check (\\S+) (PASS|FAIL) ?(.*)$");
    private static final Pattern VALUE = Pattern.compile("(\\w+)=(\\S*)");
    private static boolean built;

    private final Path root;

    Guest(Path projectRoot) {
        this.root = projectRoot;
    }

    /** One guest run: exit status of run.sh and everything it printed (stdout and stderr). */
    record Result(String label, int exitCode, List<String> lines, Duration wall) {
        /** Check name to "PASS detail" / "FAIL detail", in output order. */
        Map<String, String> checks() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String l : lines) {
                Matcher c = CHECK.matcher(l);
                if (c.matches()) {
                    m.put(c.group(1), c.group(2) + " " + c.group(3));
                }
            }
            return m;
        }

        List<String> failedChecks() {
            List<String> f = new ArrayList<>();
            checks().forEach((k, v) -> {
                if (v.startsWith("FAIL")) {
                    f.add(k + ": " + v);
                }
            });
            return f;
        }

        /** key=value pairs of the non-check KCT lines; later lines win. */
        Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String l : lines) {
                if (l.startsWith("KCT ") && !l.startsWith("KCT check ")) {
                    Matcher v = VALUE.matcher(l.substring(4));
                    while (v.find()) {
                        m.put(v.group(1), v.group(2));
                    }
                }
            }
            return m;
        }

        String output() {
            return String.join("\n", lines);
        }
    }

    /** Builds the guest once per JVM (scripts/kclient/build.sh is idempotent and cached). */
    synchronized void build() throws IOException, InterruptedException {
        if (built) {
            return;
        }
        Result r = exec("build", List.of("bash", root.resolve("scripts/kclient/build.sh").toString()),
                Map.of(), Duration.ofMinutes(15));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("scripts/kclient/build.sh failed (" + r.exitCode() + "):\n" + r.output());
        }
        built = true;
    }

    /**
     * Boots a guest that mounts 127.0.0.1:port (10.0.2.2 in the guest) with the given options
     * and runs {@code script} there with the KCT_* variables of {@code env}.
     */
    Result run(String label, int port, Path script, String mountOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("KCLIENT_TIMEOUT", Long.toString(TIMEOUT.toSeconds()));
        return exec(label, List.of("bash", root.resolve("scripts/kclient/run.sh").toString(),
                Integer.toString(port), script.toString(), mountOptions), e, TIMEOUT.plusMinutes(1));
    }

    private Result exec(String label, List<String> cmd, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        // read continuously: a full pipe would stall the guest's console
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    System.out.println("[" + label + "] " + l);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, "guest-" + label);
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // TERM lets run.sh stop its own qemu; KILL only if it does not go
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            lines.add("Guest: killed after " + timeout);
        }
        reader.join(10_000);
        int rc = p.isAlive() ? -1 : p.exitValue();
        return new Result(label, rc, List.copyOf(lines), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The last lines of a log file (decoded leniently: a log may hold any bytes). */
    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
