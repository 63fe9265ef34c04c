package org.cephgw.actors.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cephgw.actors.metrics.NfsObserver;

/**
 * Runs blocking back-end calls one at a time, in arrival order. Lives on the I/O dispatcher
 * (see {@link IoPool}); a failing call fails only its own future.
 */
public final class IoWorker {
    private IoWorker() {
    }

    public sealed interface Command {
    }

    /** @param opnum the NFS operation that made the call, or {@link IoPool#NO_OPERATION} */
    public record Run<T>(Supplier<T> work, CompletableFuture<T> result, int opnum) implements Command {
        /** The call is timed alone: completing the future runs its dependent actions right here. */
        void execute(NfsObserver observer) {
            long start = System.nanoTime();
            T value;
            try {
                value = work.get();
            } catch (Throwable t) {
                observer.backendCall(opnum, System.nanoTime() - start);
                result.completeExceptionally(t);
                return;
            }
            observer.backendCall(opnum, System.nanoTime() - start);
            result.complete(value);
        }
    }

    /** @param slot identifies this worker to {@link IoPool#submit}, which runs its own work inline */
    public static Behavior<Command> create(Object slot) {
        return create(slot, new AtomicIntegerArray(1), 0, NfsObserver.NONE);
    }

    /**
     * @param queued   the pool's queue depths: {@code queued[index]} counts the calls told to this
     *                 worker that it has not started
     * @param observer told how long each call ran
     */
    public static Behavior<Command> create(Object slot, AtomicIntegerArray queued, int index, NfsObserver observer) {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof Run<?> r) {
                queued.decrementAndGet(index);
                Object outer = IoPool.CURRENT.get();
                IoPool.CURRENT.set(slot);
                try {
                    r.execute(observer);
                } finally {
                    IoPool.CURRENT.set(outer);
                }
            }
            return Behaviors.same();
        });
    }
}
