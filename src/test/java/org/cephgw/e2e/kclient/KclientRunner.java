package org.cephgw.e2e.kclient;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * Runs the Linux kernel NFS client in qemu through {@code scripts/kclient/run.sh} and parses
 * what the guest script printed: {@code KCT key=value ...} lines and
 * {@code KCT check NAME PASS|FAIL detail} lines (see src/test/kclient/workload.sh). Used by the
 * kernel-client tests of the local and the CephFS back end.
 */
public final class KclientRunner {
    /** every check src/test/kclient/workload.sh reports; a run that skipped one must not pass */
    public static final java.util.Set<String> WORKLOAD_CHECKS = java.util.Set.of(
            "data-write-rc", "data-md5", "data-size", "tree-stat", "tree-list", "tree-renamed",
            "tree-content", "tree-removed", "bigdir-list", "bigdir-ls-l", "symlink-readlink",
            "symlink-follow", "hardlink-nlink-3", "hardlink-same-file", "hardlink-nlink-2",
            "attr-mode", "attr-owner", "attr-mtime", "attr-size", "attr-truncate-grow",
            "attr-truncate-shrink", "lock-fcntl-getlk-held", "lock-fcntl", "lock-flock", "lock-ofd",
            "lock-getlk-free", "flock-wrapper", "v42-syscalls", "xattr-calls", "xattr-set");

    /** run.sh's own limit for one guest; the JVM waits a little longer, then kills it. */
    static final Duration GUEST_TIMEOUT = Duration.ofMinutes(8);
    /** run.sh boots a guest again that has not started its script within this (a rare boot hang under TCG) */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern CHECK = Pattern.compile("^KCT check (\\S+) (PASS|FAIL) ?(.*)$");
    private static final Pattern VALUE = Pattern.compile("(\\w+)=(\\S*)");
    private static boolean built;

    private final Path root;

    public KclientRunner(Path projectRoot) {
        this.root = projectRoot;
    }

    /** One guest run: exit status of run.sh and everything it printed (stdout and stderr). */
    public record Result(String label, int exitCode, List<String> lines, Duration wall) {
        /** Check name to "PASS detail" / "FAIL detail", in output order. */
        public Map<String, String> checks() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String l : lines) {
                Matcher c = CHECK.matcher(l);
                if (c.matches()) {
                    m.put(c.group(1), c.group(2) + " " + c.group(3));
                }
            }
            return m;
        }

        public List<String> failedChecks() {
            List<String> f = new ArrayList<>();
            checks().forEach((k, v) -> {
                if (v.startsWith("FAIL")) {
                    f.add(k + ": " + v);
                }
            });
            return f;
        }

        /** key=value pairs of the non-check KCT lines; later lines win. */
        public Map<String, String> values() {
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

        /**
         * What every guest run must show: exit status 0 (the guest scripts exit with the number of
         * failed checks), no failed check, and every check of {@code required} reported.
         */
        public void assertPassed(SoftAssertions soft, Set<String> required) {
            soft.assertThat(exitCode).as("%s: run.sh exit code (guest script: number of failed checks)", label).isZero();
            soft.assertThat(failedChecks()).as("%s: failed guest checks", label).isEmpty();
            soft.assertThat(checks().keySet()).as("%s: checks the guest reported", label).containsAll(required);
        }

        public String output() {
            return String.join("\n", lines);
        }
    }

    /** Builds the guest once per JVM (scripts/kclient/build.sh is idempotent and cached). */
    public synchronized void build() throws IOException, InterruptedException {
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
     * and runs script there.
     *
     * @param env KCT_* variables for the guest script
     */
    public Result run(String label, int port, Path script, String mountOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("KCLIENT_TIMEOUT", Long.toString(GUEST_TIMEOUT.toSeconds()));
        e.put("KCLIENT_BOOT_TIMEOUT", Long.toString(BOOT_TIMEOUT.toSeconds()));
        return exec(label, List.of("bash", root.resolve("scripts/kclient/run.sh").toString(),
                Integer.toString(port), script.toString(), mountOptions), e,
                GUEST_TIMEOUT.plus(BOOT_TIMEOUT).plusMinutes(1));
    }

    /** {@link #run} on {@code executor}: the guest runs while the caller plays the host's part. */
    public CompletableFuture<Result> start(String label, int port, Path script, String mountOptions, Map<String, String> env,
                                           Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(label, port, script, mountOptions, env);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, executor);
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
        }, "kclient-" + label);
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // TERM lets run.sh stop its own qemu; KILL only if it does not go
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            lines.add("KclientRunner: killed after " + timeout);
        }
        reader.join(10_000);
        int rc = p.isAlive() ? -1 : p.exitValue();
        return new Result(label, rc, List.copyOf(lines), Duration.ofNanos(System.nanoTime() - t0));
    }
}
