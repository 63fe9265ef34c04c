package org.cephgw.protocol.xdr;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers for file data on its way from a back end to a socket (READ replies). A back end
 * reads into one ({@link #take}), the reply splices it ({@link XdrChain}) and the connection
 * gives it back once written ({@link #release}). Why: 1 MiB READ data in fresh heap arrays is
 * zeroed, then copied by each young collection while hundreds of replies wait for their
 * sockets, and copied again into a temporary direct buffer by every socket write; a direct
 * buffer is read into by the back end and written by the kernel, never copied by the JVM.
 *
 * <p>A buffer never given back is collected like any other object (the pool only keeps idle
 * ones); one given back twice, or one the pool did not lend, is ignored.
 */
public final class BufferPool {
    /** Buffers of 1 MiB (the back ends' largest READ); at most 128 idle ones kept. */
    public static final BufferPool SHARED = new BufferPool(1 << 20, 128);

    private final int capacity;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /** lent and not yet given back, by identity (ByteBuffer's equals compares contents) */
    private final Set<ByteBuffer> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    public BufferPool(int capacity, int maxIdle) {
        if (capacity <= 0 || maxIdle < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", max idle " + maxIdle);
        }
        this.capacity = capacity;
        this.maxIdle = maxIdle;
    }

    /** The size of every buffer lent. */
    public int capacity() {
        return capacity;
    }

    /** Whether data of {@code size} bytes is worth a pooled buffer: large enough to be spliced, small enough to fit. */
    public boolean suits(int size) {
        return size >= XdrEncoder.SPLICE_MIN && size <= capacity;
    }

    /**
     * Data of {@code n} bytes read into {@code b} (lent by this pool): {@code b} itself, its
     * limit {@code n}, when that is still large enough to be spliced; else a heap copy, and
     * {@code b} is given back (a short read at the end of a file).
     */
    public ByteBuffer data(ByteBuffer b, int n) {
        if (n >= XdrEncoder.SPLICE_MIN) {
            return b.limit(n);
        }
        byte[] copy = new byte[n];
        b.get(0, copy, 0, n);
        release(b);
        return ByteBuffer.wrap(copy);
    }

    /** A direct buffer of {@link #capacity} bytes, position 0, limit its capacity. */
    public ByteBuffer take() {
        ByteBuffer b = idle.poll();
        if (b != null) {
            idleCount.decrementAndGet();
        } else {
            b = ByteBuffer.allocateDirect(capacity);
        }
        lent.add(b);
        return b;
    }

    /** Gives {@code b} back; anything not lent by this pool (or given back already) is ignored. */
    public void release(ByteBuffer b) {
        if (b == null || !lent.remove(b)) {
            return;
        }
        if (idleCount.incrementAndGet() <= maxIdle) {
            b.clear();
            idle.add(b);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** Buffers lent and not given back (tests, metrics). */
    public int lent() {
        return lent.size();
    }
}
