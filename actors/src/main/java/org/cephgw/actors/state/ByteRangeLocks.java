package org.cephgw.actors.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The byte-range locks held on one file (POSIX semantics, as NFSv4 LOCK/LOCKU/LOCKT want):
 * locks of different owners conflict when they overlap and one is a write lock; a new lock
 * replaces the overlapping part of the same owner's locks (upgrades and downgrades split
 * ranges); adjacent or overlapping ranges of the same owner and type merge. Offsets are
 * unsigned 64-bit; a range ends at {@code MAX} ("to end of file").
 */
public final class ByteRangeLocks {
    /** The largest offset: a range ending here extends to the end of any file. */
    public static final long MAX = -1L;

    /** A held lock: inclusive range [first, last] in unsigned arithmetic. */
    public record Lock(OwnerKey owner, boolean write, long first, long last) {
        boolean overlaps(long f, long l) {
            return Long.compareUnsigned(first, l) <= 0 && Long.compareUnsigned(f, last) <= 0;
        }

        /** NFSv4 length of this range (all ones: to end of file). */
        public long length() {
            return last == MAX ? MAX : last - first + 1;
        }
    }

    private final List<Lock> locks = new ArrayList<>();

    /**
     * The inclusive last byte of an NFSv4 (offset, length) range, or null when the range is
     * invalid (length 0, or offset + length beyond 2^64 - 1 without being "to end").
     */
    public static Long lastByte(long offset, long length) {
        if (length == 0) {
            return null;
        }
        if (length == MAX) {
            return MAX;
        }
        // RFC 8881 §18.10.4: offset + length must not exceed 2^64 - 1 (NFS4ERR_INVAL), i.e.
        // length <= ~offset. Checking the last byte for wrap-around instead would let e.g.
        // offset 2^64-1 with length 1 through, whose sum is 2^64.
        if (Long.compareUnsigned(length, ~offset) > 0) {
            return null;
        }
        return offset + length - 1;
    }

    /** The first lock of another owner that conflicts with the request, or null. */
    public Lock conflict(OwnerKey owner, boolean write, long first, long last) {
        for (Lock l : locks) {
            if (!l.owner.equals(owner) && (write || l.write) && l.overlaps(first, last)) {
                return l;
            }
        }
        return null;
    }

    /** Takes the lock if nothing conflicts; returns the conflicting lock otherwise. */
    public Lock lock(OwnerKey owner, boolean write, long first, long last) {
        Lock c = conflict(owner, write, first, last);
        if (c != null) {
            return c;
        }
        carve(owner, first, last);
        // merge with the owner's same-type locks that touch or overlap the new range
        long f = first;
        long l = last;
        for (Iterator<Lock> it = locks.iterator(); it.hasNext(); ) {
            Lock x = it.next();
            if (x.owner.equals(owner) && x.write == write && touches(x, f, l)) {
                f = unsignedMin(f, x.first);
                l = unsignedMax(l, x.last);
                it.remove();
            }
        }
        locks.add(new Lock(owner, write, f, l));
        return null;
    }

    /** Releases the owner's locks in the range (splitting where it covers part of one). */
    public void unlock(OwnerKey owner, long first, long last) {
        carve(owner, first, last);
    }

    /** Drops every lock of the owner. */
    public void releaseOwner(OwnerKey owner) {
        locks.removeIf(l -> l.owner.equals(owner));
    }

    /** Drops every lock of the client's owners. */
    public void releaseClient(long clientId) {
        locks.removeIf(l -> l.owner.clientId() == clientId);
    }

    /** Whether the owner holds a lock on any byte of [first, last]. */
    public boolean holdsIn(OwnerKey owner, long first, long last) {
        for (Lock l : locks) {
            if (l.owner.equals(owner) && l.overlaps(first, last)) {
                return true;
            }
        }
        return false;
    }

    public boolean holdsAny(OwnerKey owner) {
        for (Lock l : locks) {
            if (l.owner.equals(owner)) {
                return true;
            }
        }
        return false;
    }

    public List<Lock> locks() {
        return List.copyOf(locks);
    }

    public boolean isEmpty() {
        return locks.isEmpty();
    }

    /** Removes [first, last] from the owner's locks, keeping the parts outside it. */
    private void carve(OwnerKey owner, long first, long last) {
        List<Lock> keep = new ArrayList<>();
        for (Iterator<Lock> it = locks.iterator(); it.hasNext(); ) {
            Lock x = it.next();
            if (!x.owner.equals(owner) || !x.overlaps(first, last)) {
                continue;
            }
            it.remove();
            if (Long.compareUnsigned(x.first, first) < 0) {
                keep.add(new Lock(owner, x.write, x.first, first - 1));
            }
            if (Long.compareUnsigned(x.last, last) > 0) {
                keep.add(new Lock(owner, x.write, last + 1, x.last));
            }
        }
        locks.addAll(keep);
    }

    private static boolean touches(Lock x, long f, long l) {
        // overlapping, or adjacent on either side (careful with the ends of the unsigned space)
        if (x.overlaps(f, l)) {
            return true;
        }
        return (l != MAX && x.first == l + 1) || (x.last != MAX && x.last + 1 == f);
    }

    private static long unsignedMin(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long unsignedMax(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
