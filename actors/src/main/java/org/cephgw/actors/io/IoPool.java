package org.cephgw.actors.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.cephgw.actors.metrics.NfsObserver;
import org.cephgw.actors.metrics.NfsObservers;
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

    /** The kind of a back-end call no NFS operation made (closing a file, a lock waiting for the back end). */
    public static final int NO_OPERATION = -1;

    private final ActorRef<IoWorker.Command>[] workers;
    private final Object[] slots;
    /** per worker: calls told to it that it has not started yet */
    private final AtomicIntegerArray queued;
    private final NfsObserver observer;

    private IoPool(ActorRef<IoWorker.Command>[] workers, Object[] slots, AtomicIntegerArray queued, NfsObserver observer) {
        this.workers = workers;
        this.slots = slots;
        this.queued = queued;
        this.observer = observer;
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
        AtomicIntegerArray queued = new AtomicIntegerArray(n);
        NfsObserver observer = NfsObservers.of(parent.getSystem());
        Props props = DispatcherSelector.fromConfig(DISPATCHER);
        for (int i = 0; i < n; i++) {
            w[i] = parent.spawn(IoWorker.create(slots[i], queued, i, observer), "io-" + i, props);
        }
        return started(new IoPool(w, slots, queued, observer));
    }

    /** Spawns {@code n} workers as top-level actors of {@code system}. */
    @SuppressWarnings("unchecked")
    public static IoPool spawn(ActorSystem<?> system, int n) {
        ActorRef<IoWorker.Command>[] w = new ActorRef[n];
        Object[] slots = slots(n);
        AtomicIntegerArray queued = new AtomicIntegerArray(n);
        NfsObserver observer = NfsObservers.of(system);
        Props props = DispatcherSelector.fromConfig(DISPATCHER);
        for (int i = 0; i < n; i++) {
            w[i] = system.systemActorOf(IoWorker.create(slots[i], queued, i, observer), "cephgw-io-" + i, props);
        }
        return started(new IoPool(w, slots, queued, observer));
    }

    private static IoPool started(IoPool pool) {
        pool.observer.ioPoolStarted(pool);
        return pool;
    }

    public int size() {
        return workers.length;
    }

    /** Calls waiting for worker {@code worker} (told to it, not yet started): its queue depth. */
    public int queued(int worker) {
        return queued.get(worker);
    }

    /** Calls waiting for any worker. */
    public int queued() {
        int n = 0;
        for (int i = 0; i < queued.length(); i++) {
            n += queued.get(i);
        }
        return n;
    }

    /** Runs blocking {@code work} on the worker of {@code file}; completes with its result or exception. */
    public <T> CompletionStage<T> submit(FileHandle file, Supplier<T> work) {
        return submit(file == null ? 0 : file.hashCode(), work);
    }

    public <T> CompletionStage<T> submit(int spread, Supplier<T> work) {
        return submit(spread, NO_OPERATION, work);
    }

    /**
     * Like {@link #submit(int, Supplier)}, for NFS operation {@code opnum} (how the back-end call's
     * time is reported, see {@link NfsObserver#backendCall}).
     */
    public <T> CompletionStage<T> submit(int spread, int opnum, Supplier<T> work) {
        int i = Math.floorMod(spread, workers.length);
        if (CURRENT.get() == slots[i]) {
            // already on this worker, inside its current work: run next, as the queue would
            long start = System.nanoTime();
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(t);
            } finally {
                observer.backendCall(opnum, System.nanoTime() - start);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        queued.incrementAndGet(i);
        workers[i].tell(new IoWorker.Run<>(work, f, opnum));
        return f;
    }
}
