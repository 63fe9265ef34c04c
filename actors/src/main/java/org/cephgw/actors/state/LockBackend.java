package org.cephgw.actors.state;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.cephgw.actors.io.IoPool;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;

/**
 * The back end's byte-range lock manager of a file's export ({@link Filesystem#locker()}) and the
 * I/O pool its blocking calls run on. LOCK, LOCKT and LOCKU name it so that the {@link OpenFileActor}
 * takes the gateway's locks in the back end as well (where they meet other CephFS clients, other
 * gateway nodes, local processes); null where the back end has none.
 */
public record LockBackend(Filesystem.ByteRangeLocker locker, IoPool pool) {

    /**
     * Runs a call to the locker: right here when it answers at once
     * ({@link Filesystem.ByteRangeLocker#immediate}: the local back end's fcntl; two hand-offs
     * between threads less per LOCK and LOCKU), else on the I/O pool's worker of the file, in
     * order with the file's other calls there. Either way all of a file's lock calls take the
     * same road, so they run in the order they were made.
     */
    public <T> CompletionStage<T> submit(FileHandle file, Supplier<T> call) {
        if (!locker.immediate()) {
            return pool.submit(file, call);
        }
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
