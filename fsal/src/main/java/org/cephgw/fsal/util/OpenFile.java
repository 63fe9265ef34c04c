package org.cephgw.fsal.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.xdr.BufferPool;

/**
 * What every back end's {@link IoHandle} has in common: the file and access mask it was opened
 * with, the open file itself as a {@link RefCounted} native resource (a descriptor, an Fh) that
 * each call holds a count of, a closed flag, and the SPI's checks of access and arguments, so
 * that both back ends refuse the same calls with the same errors before reaching the file system.
 *
 * <p>A call does {@code need(...)}, the argument check, then {@link #acquire} ... {@link #release}
 * in a finally block. {@link #markClosed} is true for the one {@link #close} that closes; the
 * subclass then gives the creator's count back (the last count frees the open file).
 */
public abstract class OpenFile implements IoHandle {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(OpenFile.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FileHandle file;
    private final int accessMask;
    private final RefCounted open;
    @SuppressWarnings("unused") // through CLOSED
    private volatile boolean closed;

    protected OpenFile(FileHandle file, int accessMask, RefCounted open) {
        this.file = file;
        this.accessMask = accessMask;
        this.open = open;
    }

    @Override
    public final FileHandle file() {
        return file;
    }

    @Override
    public final int accessMask() {
        return accessMask;
    }

    /** ACCES unless the handle was opened with {@code bit} ({@link Filesystem.Access#READ} or WRITE). */
    public final void need(int bit, String what) {
        if ((accessMask & bit) == 0) {
            throw new FsException(FsError.ACCES, what + " through a handle opened without " + (bit == Filesystem.Access.READ ? "READ" : "WRITE"));
        }
    }

    /** Takes a count on the open file for one call; INVAL when the handle is closed. */
    protected final void acquire() {
        if (closed || !open.tryAcquire()) {
            throw closedError();
        }
    }

    /** Gives the call's count back (the last one frees the open file). */
    protected final void release() {
        open.close();
    }

    /** True for the first call only: that caller closes. */
    protected final boolean markClosed() {
        return CLOSED.compareAndSet(this, false, true);
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Whether the open file is still there (not closed, or a call still holds it). */
    protected final boolean isLive() {
        return open.isLive();
    }

    protected static FsException closedError() {
        return new FsException(FsError.INVAL, "I/O handle is closed");
    }

    /** A back end's side of {@link #readFully}: where a small read lands, the read call, the size. */
    protected interface Reads {
        /** The calling thread's direct buffer with room for {@code size} bytes, at position 0. */
        ByteBuffer scratch(int size);

        /**
         * One positional read of at most {@code length} bytes at file offset {@code offset} into
         * the direct buffer {@code into} from its byte {@code at}: the count, 0 at the end of the
         * file; an interrupted call is retried, an error thrown as an {@link FsException}.
         */
        int read(ByteBuffer into, int at, int length, long offset);

        /** The file's size now, or -1 when it cannot be learned. */
        long size();
    }

    /**
     * READ's frame, the same for every back end. A read of {@link BufferPool#suits} size goes
     * into a pooled direct buffer that the reply is written to the socket from (no JVM copy); a
     * small one into the thread's scratch and then to the heap. It reads until {@code want}
     * bytes or the end of the file; a full read is at the end only if nothing follows it.
     * The caller holds its count on the open file around this.
     */
    protected static Filesystem.ReadResult readFully(long offset, int want, Reads reads) {
        ByteBuffer pooled = BufferPool.SHARED.suits(want) ? BufferPool.SHARED.take() : null;
        try {
            ByteBuffer buf = pooled != null ? pooled : reads.scratch(Math.max(want, 1));
            int done = 0;
            boolean eof = false;
            while (done < want) {
                int n = reads.read(buf, done, want - done, offset + done);
                if (n == 0) {
                    eof = true;
                    break;
                }
                done += n;
            }
            if (!eof) {
                long size = reads.size();
                eof = size >= 0 && offset + done >= size;
            }
            if (pooled != null) {
                ByteBuffer data = BufferPool.SHARED.data(pooled, done);
                pooled = null;
                return new Filesystem.ReadResult(data, eof);
            }
            byte[] out = new byte[done];
            buf.get(0, out, 0, done);
            return new Filesystem.ReadResult(ByteBuffer.wrap(out), eof);
        } finally {
            BufferPool.SHARED.release(pooled);
        }
    }

    /** READ's arguments. */
    public static void checkRead(long offset, int count) {
        if (offset < 0 || count < 0) {
            throw new FsException(FsError.INVAL, "read at " + offset + " of " + count);
        }
    }

    /** WRITE's offset. */
    public static void checkWrite(long offset) {
        if (offset < 0) {
            throw new FsException(FsError.INVAL, "write at " + offset);
        }
    }

    /**
     * ALLOCATE's and DEALLOCATE's range: a negative offset or a length of 0 or less is INVAL; a
     * range past the largest file (2^63-1) is FBIG (RFC 7862 15.1.3, as fallocate's EFBIG).
     */
    public static void checkRange(String what, long offset, long length) {
        if (offset < 0 || length <= 0) {
            throw new FsException(FsError.INVAL, what + " at " + offset + " of " + length);
        }
        if (offset + length < 0) {
            throw new FsException(FsError.FBIG, what + " at " + offset + " of " + length + " ends past the largest file");
        }
    }

    /** SEEK's offset. */
    public static void checkSeek(long offset) {
        if (offset < 0) {
            throw new FsException(FsError.INVAL, "seek to " + offset);
        }
    }
}
