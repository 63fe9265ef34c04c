package org.cephgw.actors.metrics;

import org.cephgw.actors.io.IoPool;

/**
 * What the NFS layer reports as it works, for metrics: the gateway implements it (with
 * Micrometer); the actors module does not depend on a metrics library. Called on the hot path
 * (every operation of every COMPOUND, every back-end call): implementations must be cheap and
 * must not block or throw. {@link #NONE} reports nowhere.
 */
public interface NfsObserver {

    NfsObserver NONE = new NfsObserver() {
    };

    /**
     * One operation of a COMPOUND answered.
     *
     * @param opnum  the operation (RFC 8881 nfs_opnum4; OP_ILLEGAL for what is none)
     * @param status its result's status (nfsstat4; NFS4_OK for success)
     * @param nanos  from the start of its execution to its result
     */
    default void operation(int opnum, int status, long nanos) {
    }

    /** READ / READ_PLUS returned {@code bytes} of file data from export {@code exportId}. */
    default void read(int exportId, long bytes) {
    }

    /** WRITE / COPY wrote {@code bytes} of file data to export {@code exportId}. */
    default void written(int exportId, long bytes) {
    }

    /**
     * A blocking back-end call ran on an I/O worker.
     *
     * @param opnum the operation that made it, or {@link IoPool#NO_OPERATION} (closing a file,
     *              a lock waiting for the back end)
     * @param nanos how long it ran (without the time it waited for the worker)
     */
    default void backendCall(int opnum, long nanos) {
    }

    /** An I/O pool started: the observer may read its queue depth ({@link IoPool#queued(int)}). */
    default void ioPoolStarted(IoPool pool) {
    }
}
