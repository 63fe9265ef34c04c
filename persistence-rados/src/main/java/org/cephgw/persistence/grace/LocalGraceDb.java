package org.cephgw.persistence.grace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.file.AtomicFile;

/**
 * The grace database in one local file — the embedded default for a single node, and what the
 * command-line tool edits when no RADOS cluster is configured.
 *
 * <p>Files, all in one directory (normally {@code <gateway.state-dir>}):
 * <ul>
 *   <li>{@code grace.db} — the committed state, format in {@link LocalGraceFormat}: the 16-byte
 *       cur/rec and one flag byte per member, as in the RADOS object, plus a change counter and a
 *       CRC-32C;</li>
 *   <li>{@code grace.db.tmp} — exists only while a change is being committed;</li>
 *   <li>{@code grace.db.lock} — the lock file, never deleted.</li>
 * </ul>
 *
 * <p>Every change is one read-modify-write under an exclusive lock (in-JVM and
 * {@code FileChannel.lock} on the lock file, so two processes never lose an update), committed by
 * write-temp + fsync + atomic rename + fsync of the directory ({@link AtomicFile}). A crash at any
 * point leaves the previous or the new committed state; a temp file left by a crashed writer is
 * discarded by the next writer. Reads take no lock. A corrupt {@code grace.db} (wrong size, format
 * or checksum) is refused with {@code -ENOTRECOVERABLE}, never repaired.
 *
 * <p>Watchers in this JVM are notified after every change made through any {@code LocalGraceDb} on
 * the same file; changes by other processes are noticed by polling (default every second).
 */
public final class LocalGraceDb implements GraceDb {
    /** The file name inside the state directory. */
    public static final String FILE_NAME = "grace.db";
    /** Suffix of the lock file next to it. */
    public static final String LOCK_SUFFIX = ".lock";
    /** How often watchers poll for changes made by other processes, by default. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

    private final AtomicFile file;
    private final Duration poll;
    private final GraceWatchHub hub;
    private final Set<Runnable> watches = ConcurrentHashMap.newKeySet();

    /** The database {@code <stateDir>/grace.db}. */
    public static LocalGraceDb inStateDir(Path stateDir) {
        return new LocalGraceDb(stateDir.resolve(FILE_NAME));
    }

    public LocalGraceDb(Path file) {
        this(file, DEFAULT_POLL);
    }

    /**
     * @param file the database file (its directory is created when needed)
     * @param crossProcessPoll how often watchers re-read the file to notice other processes' changes
     *     (the first instance watching a file decides, for every instance of the JVM on that file)
     */
    public LocalGraceDb(Path file, Duration crossProcessPoll) {
        Path f = file.toAbsolutePath().normalize();
        this.file = new AtomicFile(f, f.resolveSibling(f.getFileName() + LOCK_SUFFIX));
        this.poll = Objects.requireNonNull(crossProcessPoll, "crossProcessPoll");
        this.hub = GraceWatchHub.of(f, this::readStoredOrNull);
    }

    /** The database file. */
    public Path path() {
        return file.path();
    }

    @Override
    public boolean create() {
        boolean created = io("create", () -> file.update(tx -> {
            byte[] existing = tx.read();
            if (existing != null) {
                LocalGraceFormat.decode(existing, file.path()); // refuse a corrupt one here too
                return false;
            }
            tx.write(LocalGraceFormat.encode(1, GraceTransitions.create()));
            return true;
        }));
        if (created) {
            hub.poke();
        }
        return created;
    }

    @Override
    public GraceState add(Collection<String> nodes) {
        return change("add", s -> GraceTransitions.add(s, nodes));
    }

    @Override
    public boolean member(Collection<String> nodes) {
        return GraceTransitions.member(read(), nodes);
    }

    @Override
    public GraceState join(Collection<String> nodes) {
        return change("join", s -> GraceTransitions.join(s, nodes, false));
    }

    @Override
    public GraceState start(Collection<String> nodes) {
        return change("start", s -> GraceTransitions.join(s, nodes, true));
    }

    @Override
    public GraceState lift(Collection<String> nodes) {
        return change("lift", s -> GraceTransitions.lift(s, nodes));
    }

    @Override
    public GraceState remove(Collection<String> nodes) {
        return change("remove", s -> GraceTransitions.remove(s, nodes));
    }

    @Override
    public GraceState enforce(Collection<String> nodes) {
        return change("enforce", s -> GraceTransitions.enforce(s, nodes, true));
    }

    @Override
    public GraceState noenforce(Collection<String> nodes) {
        return change("noenforce", s -> GraceTransitions.enforce(s, nodes, false));
    }

    @Override
    public GraceState read() {
        LocalGraceFormat.Stored s = readStoredOrNull();
        if (s == null) {
            throw missing();
        }
        return s.state();
    }

    @Override
    public boolean enforcing(String node) {
        GraceTransitions.validateNodeId(node);
        return read().enforcing(node);
    }

    @Override
    public Watch watch(Consumer<GraceState> listener) {
        Runnable unsubscribe = hub.subscribe(listener, poll);
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (!done) {
                    done = true;
                    watches.remove(this);
                    unsubscribe.run();
                }
            }
        };
        watches.add(once);
        return once::run;
    }

    @Override
    public void close() {
        for (Runnable w : watches.toArray(new Runnable[0])) {
            w.run();
        }
    }

    @Override
    public String toString() {
        return "LocalGraceDb[" + file.path() + "]";
    }

    private GraceState change(String op, UnaryOperator<GraceState> transition) {
        boolean[] changed = {false};
        GraceState after = io(op, () -> file.update(tx -> {
            byte[] content = tx.read();
            if (content == null) {
                throw missing();
            }
            LocalGraceFormat.Stored before = LocalGraceFormat.decode(content, file.path());
            GraceState next = transition.apply(before.state());
            if (next.equals(before.state())) {
                return before.state();
            }
            tx.write(LocalGraceFormat.encode(before.version() + 1, next));
            changed[0] = true;
            return next;
        }));
        if (changed[0]) {
            hub.poke();
        }
        return after;
    }

    private LocalGraceFormat.Stored readStoredOrNull() {
        byte[] content = io("read", file::read);
        return content == null ? null : LocalGraceFormat.decode(content, file.path());
    }

    private StoreException missing() {
        return new StoreException(-Errno.ENOENT, "grace database " + file.path() + " does not exist (create it first)");
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T io(String op, IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new StoreException(-Errno.EIO, op + " on grace database " + file.path() + " failed: " + e, e);
        }
    }
}
