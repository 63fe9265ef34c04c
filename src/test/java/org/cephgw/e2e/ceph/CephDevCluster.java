package org.cephgw.e2e.ceph;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one-machine Ceph cluster of {@code scripts/ceph-dev-cluster.sh}, as the CephFS tests see
 * it: ceph.conf, keyrings, the gateway's cephx user, fs and pool names, plus runners for the
 * second CephFS client ({@code scripts/cephfs-client.py}) and the {@code rados} tool.
 *
 * <p>{@link #get()} asks the script for the cluster in {@code $CEPH_DEV_DIR} (default
 * {@code /tmp/cephgw-ceph}). If none is running (CI starts one before Maven; a developer may
 * not have), it starts one ({@code up}, about 3 s) and stops it again ({@code down}) when the
 * JVM exits; a cluster that was already running is left running.
 */
public final class CephDevCluster {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5); // up may apt-get install
    /** own threads for the pipes: the common pool may have a single thread on 2 CPUs */
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ceph-dev-pipe");
        t.setDaemon(true);
        return t;
    });
    private static CephDevCluster instance;

    private final Path root;
    private final Map<String, String> env;

    private CephDevCluster(Path root, Map<String, String> env) {
        this.root = root;
        this.env = env;
    }

    /** The running cluster; started (and stopped at JVM exit) if it is not up. */
    public static synchronized CephDevCluster get() {
        if (instance == null) {
            Path root = projectRoot();
            Path script = root.resolve("scripts/ceph-dev-cluster.sh");
            Result r = run(root, List.of(script.toString(), "env"), null, Map.of(), SCRIPT_TIMEOUT);
            if (r.exitCode() != 0) {
                r = run(root, List.of(script.toString(), "up"), null, Map.of(), SCRIPT_TIMEOUT);
                if (r.exitCode() != 0) {
                    throw new IllegalStateException(script + " up failed (exit " + r.exitCode()
                            + "):\n" + r.stderr());
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() ->
                        run(root, List.of(script.toString(), "down"), null, Map.of(), SCRIPT_TIMEOUT)));
            }
            instance = new CephDevCluster(root, parseEnv(r.stdoutText()));
        }
        return instance;
    }

    /** {@code export NAME=value} lines as printed by the script (values are %q-quoted). */
    static Map<String, String> parseEnv(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (!line.startsWith("export ") || !line.contains("=")) {
                continue;
            }
            String kv = line.substring("export ".length());
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), unquote(kv.substring(eq + 1)));
        }
        for (String k : List.of("CEPH_CONF", "CEPH_KEYRING", "CEPH_DEV_FS", "CEPH_DEV_META_POOL",
                "CEPH_DEV_DATA_POOL", "CEPH_DEV_NAMESPACE", "CEPH_DEV_USER", "CEPH_DEV_USER_KEYRING")) {
            if (!m.containsKey(k)) {
                throw new IllegalStateException("ceph-dev-cluster.sh env did not print " + k + ":\n" + text);
            }
        }
        return m;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                c = v.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    static Path projectRoot() {
        String p = System.getProperty("project.root");
        Path start = Path.of(p != null ? p : ".").toAbsolutePath().normalize();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts/ceph-dev-cluster.sh"))) {
                return d;
            }
        }
        throw new IllegalStateException("scripts/ceph-dev-cluster.sh not found above " + start);
    }

    /** All {@code export}ed values, e.g. to pass on to a gateway process. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public Path dir() {
        return Path.of(env.get("CEPH_DEV_DIR"));
    }

    public Path conf() {
        return Path.of(env.get("CEPH_CONF"));
    }

    /** client.admin's and the gateway user's keys (what {@code CEPH_KEYRING} names). */
    public Path adminKeyring() {
        return Path.of(env.get("CEPH_KEYRING"));
    }

    /** The gateway's cephx id, without "client." ({@code cephgw}). */
    public String userId() {
        return env.get("CEPH_DEV_USER");
    }

    /** A keyring with only the gateway user's key. */
    public Path userKeyring() {
        return Path.of(env.get("CEPH_DEV_USER_KEYRING"));
    }

    public String fsName() {
        return env.get("CEPH_DEV_FS");
    }

    public String metaPool() {
        return env.get("CEPH_DEV_META_POOL");
    }

    public String dataPool() {
        return env.get("CEPH_DEV_DATA_POOL");
    }

    /** The namespace of the metadata pool for the gateway's grace/recovery objects. */
    public String namespace() {
        return env.get("CEPH_DEV_NAMESPACE");
    }

    /** {@code scripts/cephfs-client.py ARGS...} as client.admin, with {@code stdin} (may be null). */
    public Result client(byte[] stdin, String... args) {
        return client(stdin, Duration.ofSeconds(60), args);
    }

    public Result client(byte[] stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/cephfs-client.py").toString()));
        cmd.addAll(Arrays.asList(args));
        return run(root, cmd, stdin, clientEnv(), timeout);
    }

    /** Starts {@code scripts/cephfs-client.py ARGS...} without waiting (e.g. {@code lock --hold}). */
    public Process startClient(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("scripts/cephfs-client.py").toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(clientEnv());
        pb.environment().remove("CEPH_ARGS");
        return pb.start();
    }

    /**
     * {@code src/test/kclient/cephfs-host.py ARGS...} as client.admin, with {@code stdin} (may be
     * null): what the second client lacks (mkdirs, readlink, ls, lstat of many paths, rmtree,
     * put, wait), on a libcephfs mount of its own.
     */
    public Result host(byte[] stdin, String... args) {
        return host(stdin, Duration.ofSeconds(60), args);
    }

    public Result host(byte[] stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("src/test/kclient/cephfs-host.py").toString()));
        cmd.addAll(Arrays.asList(args));
        return run(root, cmd, stdin, clientEnv(), timeout);
    }

    /**
     * Waits until {@code path} exists in CephFS (seen through cephfs-host.py's own mount), or
     * {@code writerGone} says that whoever should create it has ended (then one last look), or
     * {@code limit} has passed. The hand-over of the kernel-client tests' guest scripts.
     */
    public boolean awaitFile(String path, Duration limit, BooleanSupplier writerGone) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ended = writerGone.getAsBoolean();
            Result r = host(null, "wait", path, ended ? "0" : "2");
            if (r.exitCode() == 0) {
                return true;
            }
            if (r.exitCode() != 1) {
                throw new IllegalStateException("cephfs-host.py wait " + path + ": " + r);
            }
            if (ended) {
                return false;
            }
        }
        return false;
    }

    /** Creates (or replaces) {@code path} in CephFS with {@code content}; fails if it cannot. */
    public void put(String path, String content) {
        Result r = host(content.getBytes(StandardCharsets.UTF_8), "put", path);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("put " + path + ": " + r);
        }
    }

    /** {@code rados ARGS...} (client.admin unless ARGS say {@code --id}), with {@code stdin}. */
    public Result rados(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("rados"));
        cmd.addAll(Arrays.asList(args));
        return run(root, cmd, stdin, clientEnv(), Duration.ofSeconds(60));
    }

    private Map<String, String> clientEnv() {
        return Map.of("CEPH_CONF", env.get("CEPH_CONF"), "CEPH_KEYRING", env.get("CEPH_KEYRING"),
                "CEPH_DEV_FS", env.get("CEPH_DEV_FS"));
    }

    /** Exit status, stdout (bytes) and stderr (text) of one command. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout " + stdout.length + " bytes, stderr: " + stderr;
        }
    }

    static Result run(Path dir, List<String> cmd, byte[] stdin, Map<String, String> extraEnv, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().remove("CEPH_ARGS");
            pb.environment().putAll(extraEnv);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            // stdin, stdout and stderr concurrently: any of them may fill a pipe
            CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
                if (stdin != null) {
                    try (OutputStream o = p.getOutputStream()) {
                        o.write(stdin);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, PIPES);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), PIPES);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), PIPES);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", cmd) + ": no exit within " + timeout);
            }
            in.join();
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream s) {
        try (s; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            s.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
