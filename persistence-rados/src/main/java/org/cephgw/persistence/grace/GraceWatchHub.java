package org.cephgw.persistence.grace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notification for one local grace file, shared by every {@link LocalGraceDb} of the JVM
 * on that file. Like RADOS watch/notify, a notification is only a trigger: the notification thread
 * re-reads the file and calls the listeners if what it reads differs from what it delivered last.
 * Triggers are commits made in this JVM (immediate) and a periodic poll (changes made by other
 * processes, e.g. the command-line tool). Because all reads happen on the one notification thread,
 * listeners see states in commit order and never an older one after a newer one.
 */
final class GraceWatchHub {
    private static final Logger log = LoggerFactory.getLogger(GraceWatchHub.class);
    private static final ConcurrentHashMap<Path, GraceWatchHub> HUBS = new ConcurrentHashMap<>();

    private final Path file;
    private final Supplier<LocalGraceFormat.Stored> reader;
    private final List<Consumer<GraceState>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor; // guarded by this
    private volatile LocalGraceFormat.Stored last; // set on subscribe before the executor starts, then on it
    private volatile String lastError;

    private GraceWatchHub(Path file, Supplier<LocalGraceFormat.Stored> reader) {
        this.file = file;
        this.reader = reader;
    }

    static GraceWatchHub of(Path file, Supplier<LocalGraceFormat.Stored> reader) {
        return HUBS.computeIfAbsent(file, f -> new GraceWatchHub(f, reader));
    }

    /** Registers a listener; returns the action that unregisters it. */
    synchronized Runnable subscribe(Consumer<GraceState> listener, Duration poll) {
        Objects.requireNonNull(listener, "listener");
        if (executor == null) {
            last = readQuietly();
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cephgw-grace-watch");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(1, poll.toMillis());
            executor.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
        }
        listeners.add(listener);
        return () -> unsubscribe(listener);
    }

    private synchronized void unsubscribe(Consumer<GraceState> listener) {
        if (listeners.remove(listener) && listeners.isEmpty() && executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    /** A commit of this JVM happened: re-read soon. */
    synchronized void poke() {
        if (executor != null) {
            try {
                executor.execute(this::check);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void check() {
        LocalGraceFormat.Stored now = readQuietly();
        if (now == null || now.equals(last)) {
            return;
        }
        last = now;
        for (Consumer<GraceState> l : listeners) {
            try {
                l.accept(now.state());
            } catch (RuntimeException e) {
                log.warn("grace watch listener failed", e);
            }
        }
    }

    private LocalGraceFormat.Stored readQuietly() {
        try {
            LocalGraceFormat.Stored s = reader.get();
            lastError = null;
            return s;
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.equals(lastError)) {
                log.warn("cannot read grace database {} for watchers: {}", file, msg);
                lastError = msg;
            }
            return null;
        }
    }
}
