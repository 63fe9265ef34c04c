package org.cephgw.fsal.cephfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.DirEntry;

/**
 * Directory streams (libcephfs {@code dir_result_t}) left open at the end of a READDIR page,
 * so that the page after it continues the stream. A new stream that seeks to a cookie makes
 * libcephfs fetch the directory fragment from the MDS again, hundreds of entries for the one
 * page: listing a large directory cost the MDS as much CPU as the gateway. A stream is taken by
 * the next page of the same directory for the same caller at the cookie the page ended with,
 * while the directory's change attribute is what it was (a stream goes on with the entries it
 * fetched: it would return names removed since), and by nothing else; at most {@link #MAX_OPEN}
 * are kept, none longer than {@link #IDLE_NANOS}
 * unused (a client that stops half way through a listing), and one holding an entry read past
 * the page no longer than {@link #PENDING_NANOS} (its attributes would be old). Thread-safe; a stream is used by one
 * thread at a time (taken out while in use).
 */
final class OpenDirs {
    /**
     * One per slot of 64 clients listing at once (4 slots each): with 64, listings in flight
     * outran the kept streams and each took a new one per page again (64 clients: 62-73k ->
     * 71-82k entries/s). A kept stream holds references into libcephfs's cache, not copies.
     */
    static final int MAX_OPEN = 256;
    static final long IDLE_NANOS = 30_000_000_000L;
    /** the attributes of an entry read past a page are not handed out older than this */
    static final long PENDING_NANOS = 1_000_000_000L;

    /** Which stream: the directory, the cookie its next entry follows, and who opened it. */
    record Key(FileHandle dir, long cookie, int uid, int gid, List<Integer> groups) {
        static Key of(FileHandle dir, long cookie, Creds c) {
            return new Key(dir, cookie, c.uid(), c.gid(), Arrays.stream(c.groups()).boxed().toList());
        }
    }

    /**
     * An open stream, and the entry it read past the end of the last page (returned first by
     * the next one), or null.
     */
    record Stream(long dirp, long dirChange, DirEntry pending, long idleSince) {
    }

    private final LinkedHashMap<Key, Stream> open = new LinkedHashMap<>(16, 0.75f, true);
    private final LongConsumer release;
    private final LongSupplier nanoClock;
    private boolean closed;

    /** @param release closes a stream ({@code ceph_ll_releasedir}) */
    OpenDirs(LongConsumer release, LongSupplier nanoClock) {
        this.release = release;
        this.nanoClock = nanoClock;
    }

    /**
     * The stream a page at {@code key} continues, taken out; null if there is none or the
     * directory changed since ({@code dirChange} is its change attribute now).
     */
    Stream take(Key key, long dirChange) {
        List<Long> idle = new ArrayList<>();
        Stream s;
        synchronized (this) {
            s = open.remove(key);
            expire(idle);
            if (s != null && (s.dirChange() != dirChange
                    || (s.pending() != null && nanoClock.getAsLong() - s.idleSince() > PENDING_NANOS))) {
                // changed, or the client paused: a new stream reads the entries afresh
                idle.add(s.dirp());
                s = null;
            }
        }
        idle.forEach(release::accept);
        return s;
    }

    /** Keeps a stream for the page after {@code key}; released at once when closed. */
    void give(Key key, long dirp, long dirChange, DirEntry pending) {
        List<Long> out = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                out.add(dirp);
            } else {
                Stream old = open.put(key, new Stream(dirp, dirChange, pending, nanoClock.getAsLong()));
                if (old != null) {
                    out.add(old.dirp);
                }
                expire(out);
                Iterator<Stream> it = open.values().iterator();
                while (open.size() > MAX_OPEN && it.hasNext()) {
                    out.add(it.next().dirp);
                    it.remove();
                }
            }
        }
        out.forEach(release::accept);
    }

    private void expire(List<Long> out) {
        long now = nanoClock.getAsLong();
        Iterator<Map.Entry<Key, Stream>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Stream s = it.next().getValue();
            if (now - s.idleSince() > IDLE_NANOS) {
                out.add(s.dirp);
                it.remove();
            }
        }
    }

    /**
     * Releases every stream kept (before unmounting); {@code releaseThem} false when the
     * connection is gone and they need not (cannot) be released.
     */
    void close(boolean releaseThem) {
        List<Stream> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        if (releaseThem) {
            all.forEach(s -> release.accept(s.dirp));
        }
    }

    synchronized int size() {
        return open.size();
    }
}
