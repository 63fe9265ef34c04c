package org.cephgw.fsal.cephfs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.cephgw.fsal.FileType;

/**
 * One libcephfs reference to an {@code Inode*} (taken by a lookup, create, … or
 * {@code ceph_ll_lookup_inode}), counted on the Java side: the inode cache holds one count while
 * the entry is cached, each user takes one with {@link #tryAcquire} and gives it back with
 * {@link #close}; the last one calls {@code ceph_ll_put}, so that an entry evicted while another
 * thread still uses its pointer stays valid until that thread is done.
 */
final class InodeRef implements AutoCloseable {
    final long inode;
    final long ino;
    final long snapid;
    final FileType type;
    private final LongConsumer put;
    private final AtomicInteger refs = new AtomicInteger(1);

    InodeRef(long inode, long ino, long snapid, FileType type, LongConsumer put) {
        this.inode = inode;
        this.ino = ino;
        this.snapid = snapid;
        this.type = type;
        this.put = put;
    }

    /** Takes a count; false when the reference is already given back (or being given back). */
    boolean tryAcquire() {
        for (;;) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a count back; the last one puts the libcephfs reference. */
    @Override
    public void close() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            put.accept(inode);
        } else if (r < 0) {
            throw new IllegalStateException("inode " + Long.toHexString(ino) + " released too often");
        }
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    Vino vino() {
        return new Vino(ino, snapid);
    }

    /** An inode's identity in one file system: number and snapshot id. */
    record Vino(long ino, long snapid) {
    }
}
