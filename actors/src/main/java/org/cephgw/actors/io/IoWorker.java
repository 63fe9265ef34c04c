package org.cephgw.actors.io;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs blocking back-end calls one at a time, in arrival order. Lives on the I/O dispatcher
 * (see {@link IoPool}); a failing call fails only its own future.
 */
public final class IoWorker {
    private IoWorker() {
    }

    public sealed interface Command {
    }

    public record Run<T>(Supplier<T> work, CompletableFuture<T> result) implements Command {
        void execute() {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    /** @param slot identifies this worker to {@link IoPool#submit}, which runs its own work inline */
    public static Behavior<Command> create(Object slot) {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof Run<?> r) {
                Object outer = IoPool.CURRENT.get();
                IoPool.CURRENT.set(slot);
                try {
                    r.execute();
                } finally {
                    IoPool.CURRENT.set(outer);
                }
            }
            return Behaviors.same();
        });
    }
}
