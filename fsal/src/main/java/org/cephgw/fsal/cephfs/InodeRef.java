package org.cephgw.fsal.cephfs;

import java.util.function.LongConsumer;

import org.cephgw.fsal.FileType;
import org.cephgw.fsal.util.RefCounted;

/**
 * One libcephfs reference to an {@code Inode*} (taken by a lookup, create, … or
 * {@code ceph_ll_lookup_inode}), counted on the Java side: the inode cache holds one count while
 * the entry is cached, each user takes one with {@link #tryAcquire} and gives it back with
 * {@link #close}; the last one calls {@code ceph_ll_put}, so that an entry evicted while another
 * thread still uses its pointer stays valid until that thread is done.
 */
final class InodeRef extends RefCounted {
    final long inode;
    final long ino;
    final long snapid;
    final FileType type;
    private final LongConsumer put;

    InodeRef(long inode, long ino, long snapid, FileType type, LongConsumer put) {
        this.inode = inode;
        this.ino = ino;
        this.snapid = snapid;
        this.type = type;
        this.put = put;
    }

    @Override
    protected void free() {
        put.accept(inode);
    }

    boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    Vino vino() {
        return new Vino(ino, snapid);
    }

    @Override
    public String toString() {
        return "inode " + Long.toHexString(ino);
    }

    /** An inode's identity in one file system: number and snapshot id. */
    record Vino(long ino, long snapid) {
    }
}
