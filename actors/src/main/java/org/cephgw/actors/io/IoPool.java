package org.cephgw.actors.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.cephgw.fsal.FileHandle;

/**
 * The I/O worker pool: N {@link IoWorker} actors on the blocking I/O dispatcher. Work for one
 * file always goes to the same worker (chosen by the file handle's hash), so one file's
 * operations run in the order they were submitted while different files run in parallel.
 * Immutable after construction; safe to share.
 */
public final class IoPool {
    /** The dispatcher every blocking back-end call runs on (configured in reference.conf). */
    public static final String DISPATCHER = "cephgw.io-dispatcher";

    /**
     * The worker whose work is executing on this thread (its slot object), while it executes.
     * Continuations of that work run on the same thread; if they submit more work for the same
     * worker, it runs right there, in order, instead of waking another thread for it.
     */
    static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    private final ActorRef<IoWorker.Command>[] workers;
    private final Object[] slots;

    private IoPool(ActorRef<IoWorker.Command>[] workers, Object[] slots) {
        this.workers = workers;
        this.slots = slots;
    }

    private static Object[] slots(int n) {
        Object[] s = new Object[n];
        for (int i = 0; i < n; i++) {
            s[i] = new Object();
        }
        return s;
    }

    /** Spawns {@code n} workers as children of {@code parent}. */
    @SuppressWarnings("unchecked")
    public static IoPool spawn(ActorContext<?> parent, int n) {
        ActorRef<IoWorker.Command>[] w = new ActorRef[n];
        Object[] slots = slots(n);
        Props props = DispatcherSelector.fromConfig(DISPATCHER);
        for (int i = 0; i < n; i++) {
            w[i] = parent.spawn(IoWorker.create(slots[i]), "io-" + i, props);
        }
        return new IoPool(w, slots);
    }

    /** Spawns {@code n} workers as top-level actors of {@code system}. */
    @SuppressWarnings("unchecked")
    public static IoPool spawn(ActorSystem<?> system, int n) {
        ActorRef<IoWorker.Command>[] w = new ActorRef[n];
        Object[] slots = slots(n);
        Props props = DispatcherSelector.fromConfig(DISPATCHER);
        for (int i = 0; i < n; i++) {
            w[i] = system.systemActorOf(IoWorker.create(slots[i]), "cephgw-io-" + i, props);
        }
        return new IoPool(w, slots);
    }

    public int size() {
        return workers.length;
    }

    /** Runs blocking {@code work} on the worker of {@code file}; completes with its result or exception. */
    public <T> CompletionStage<T> submit(FileHandle file, Supplier<T> work) {
        return submit(file == null ? 0 : file.hashCode(), work);
    }

    public <T> CompletionStage<T> submit(int spread, Supplier<T> work) {
        int i = Math.floorMod(spread, workers.length);
        if (CURRENT.get() == slots[i]) {
            // already on this worker, inside its current work: run next, as the queue would
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        workers[i].tell(new IoWorker.Run<>(work, f));
        return f;
    }
}
