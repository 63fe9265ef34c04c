package org.cephgw.actors.io;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.IoHandle;

/**
 * A stand-in for an open back-end file, which these unit tests have no file system for (a
 * mock of what cannot exist here): it only records how often and when it was closed.
 */
public final class FakeIoHandle implements IoHandle {
    private final FileHandle file;
    private final int accessMask;
    private final AtomicInteger closes = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** run inside close(), e.g. to check that nobody still uses the handle */
    private volatile Runnable onClose = () -> { };

    public FakeIoHandle(FileHandle file, int accessMask) {
        this.file = file;
        this.accessMask = accessMask;
    }

    public FakeIoHandle(int accessMask) {
        this(new FileHandle(new byte[] {9, 9, 9}), accessMask);
    }

    private static final AtomicInteger FILES = new AtomicInteger();

    /** A read handle on a file of its own (so that its work queues on the pool alone). */
    public static FakeIoHandle unique() {
        int n = FILES.incrementAndGet();
        return new FakeIoHandle(new FileHandle(new byte[] {0x7f, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8),
                (byte) n}), Filesystem.Access.READ);
    }

    /**
     * Waits until everything already submitted to the pool for this handle's file, e.g. a close,
     * has run: a worker runs its queue in order.
     */
    public void awaitQueued(IoPool pool) throws Exception {
        pool.submit(file, () -> null).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public void onClose(Runnable r) {
        onClose = r;
    }

    public int closes() {
        return closes.get();
    }

    public boolean isClosed() {
        return closes.get() > 0;
    }

    /** Waits for the first close; true if it came. */
    public boolean awaitClose(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public FileHandle file() {
        return file;
    }

    @Override
    public int accessMask() {
        return accessMask;
    }

    @Override
    public Filesystem.ReadResult read(long offset, int count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int write(long offset, ByteBuffer data, Stability stability) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void commit(long offset, long length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void allocate(long offset, long length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deallocate(long offset, long length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long seek(long offset, boolean data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        onClose.run();
        closes.incrementAndGet();
        closed.countDown();
    }
}
