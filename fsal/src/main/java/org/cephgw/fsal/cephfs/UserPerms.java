package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.util.BoundedLru;
import org.cephgw.fsal.util.RefCounted;
import java.nio.ByteBuffer;

import jnr.ffi.Pointer;

import org.cephgw.fsal.Creds;

import static org.cephgw.fsal.cephfs.LibCephFs.API;

/**
 * libcephfs {@code UserPerm} objects, one per distinct {@link Creds}, made with
 * {@code ceph_userperm_new} and kept in a small LRU cache; an evicted one is destroyed
 * ({@code ceph_userperm_destroy}) once no call uses it any more. libcephfs does not copy the
 * supplementary group list, so each entry owns the native array it points at.
 */
final class UserPerms {
    private final BoundedLru<Creds, Perm> cache;
    private final Perm root;

    UserPerms(int capacity) {
        this.cache = new BoundedLru<>(capacity, Perm::close);
        this.root = make(Creds.ROOT);
    }

    /** A UserPerm in use: give it back with {@link #close}. */
    static final class Perm extends RefCounted {
        final long ptr;
        /** the same address as a jnr Pointer, for six-argument functions (see LibCephFs) */
        final Pointer pointer;
        @SuppressWarnings("unused") // kept reachable: libcephfs points into it
        private final ByteBuffer gids;

        Perm(long ptr, ByteBuffer gids) {
            this.ptr = ptr;
            this.pointer = Pointer.wrap(LibCephFs.RUNTIME, ptr);
            this.gids = gids;
        }

        @Override
        protected void free() {
            API.ceph_userperm_destroy(ptr);
        }

        @Override
        public String toString() {
            return "UserPerm " + Long.toHexString(ptr);
        }
    }

    private static Perm make(Creds c) {
        int[] groups = c.groups();
        ByteBuffer gids = LibCephFs.direct(Math.max(4, 4 * groups.length));
        for (int i = 0; i < groups.length; i++) {
            gids.putInt(4 * i, groups[i]);
        }
        long p = API.ceph_userperm_new(c.uid(), c.gid(), groups.length, LibCephFs.address(gids));
        if (p == 0) {
            throw new OutOfMemoryError("ceph_userperm_new");
        }
        return new Perm(p, gids);
    }

    /** The UserPerm for {@code c}, acquired. */
    Perm acquire(Creds c) {
        if (c.uid() == 0 && c.gid() == 0 && c.groupCount() == 0) {
            return root();
        }
        for (;;) {
            Perm p = cache.get(c);
            if (p == null) {
                Perm fresh = make(c);
                fresh.tryAcquire(); // one count for the cache, one for the caller
                p = cache.putIfAbsent(c, fresh);
                if (p == fresh) {
                    return fresh;
                }
                fresh.close();
                fresh.close();
            }
            if (p.tryAcquire()) {
                return p;
            }
            Thread.onSpinWait(); // being evicted
        }
    }

    /** uid 0, gid 0, no groups: for the back end's own lookups. Acquired. */
    Perm root() {
        if (!root.tryAcquire()) {
            throw new IllegalStateException("UserPerms closed");
        }
        return root;
    }

    int size() {
        return cache.size();
    }

    /** Destroys every UserPerm (once their users gave them back). */
    void close() {
        cache.clear();
        root.close();
    }
}
