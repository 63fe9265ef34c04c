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
 * the next page of the same directory for the same caller, while the directory's change
 * attribute is what it was (a stream goes on with the entries it fetched: it would return names
 * removed since), and by nothing else: at the cookie its last page ended with, or at any cookie
 * of that page — a READDIR reply full before the page was (maxcount) ends inside it, and the
 * next READDIR goes on from there with the page's remaining entries; without that each reply of
 * a listing opened a stream and sought, ten MDS requests per listing of 10,000 entries instead
 * of one, and libcephfs never saw a listing through to mark the directory complete in its
 * cache. At most {@link #MAX_OPEN} are kept, none longer than {@link #IDLE_NANOS} unused (a
 * client that stops half way through a listing), and one with entries read but not yet handed
 * out no longer than {@link #PENDING_NANOS} (their attributes would be old). Thread-safe; a
 * stream is used by one thread at a time (taken out while in use).
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

        boolean sameCaller(Key o) {
            return uid == o.uid && gid == o.gid && dir.equals(o.dir) && groups.equals(o.groups);
        }
    }

    /**
     * A stream taken for a page: the entries it read that no page returned yet (the next page's
     * first, in order) and its position after them.
     */
    record Stream(long dirp, long dirChange, List<DirEntry> pending) {
    }

    /** A stream kept: the page it returned last, the entries it read past that page, since when. */
    private record Kept(long dirp, long dirChange, List<DirEntry> page, List<DirEntry> ahead, long idleSince) {
        /** what a page that follows {@code cookie} starts with, or null if the cookie is not of this page */
        List<DirEntry> after(long cookie) {
            for (int i = page.size() - 1; i >= 0; i--) {
                if (page.get(i).cookie() == cookie) {
                    if (i == page.size() - 1) {
                        return ahead;
                    }
                    List<DirEntry> rest = new ArrayList<>(page.size() - 1 - i + ahead.size());
                    rest.addAll(page.subList(i + 1, page.size()));
                    rest.addAll(ahead);
                    return rest;
                }
            }
            return null;
        }
    }

    private final LinkedHashMap<Key, Kept> open = new LinkedHashMap<>(16, 0.75f, true);
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
        Stream s = null;
        synchronized (this) {
            Kept k = open.remove(key);
            List<DirEntry> pending = k == null ? null : k.ahead();
            if (k == null) {
                // a reply that ended inside the stream's last page
                Iterator<Map.Entry<Key, Kept>> it = open.entrySet().iterator();
                while (it.hasNext() && k == null) {
                    Map.Entry<Key, Kept> e = it.next();
                    if (e.getKey().sameCaller(key) && (pending = e.getValue().after(key.cookie())) != null) {
                        k = e.getValue();
                        it.remove();
                    }
                }
            }
            expire(idle);
            if (k != null) {
                if (k.dirChange() != dirChange
                        || (!pending.isEmpty() && nanoClock.getAsLong() - k.idleSince() > PENDING_NANOS)) {
                    // changed, or the client paused: a new stream reads the entries afresh
                    idle.add(k.dirp());
                } else {
                    s = new Stream(k.dirp(), k.dirChange(), pending);
                }
            }
        }
        idle.forEach(release::accept);
        return s;
    }

    /**
     * Keeps a stream after a page ({@code page}, not empty; the stream is found by the cookie
     * of its last entry or of any other) and the entries it read past it ({@code ahead});
     * released at once when closed.
     */
    void give(Key key, long dirp, long dirChange, List<DirEntry> page, List<DirEntry> ahead) {
        List<Long> out = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                out.add(dirp);
            } else {
                Kept old = open.put(key, new Kept(dirp, dirChange, List.copyOf(page), List.copyOf(ahead), nanoClock.getAsLong()));
                if (old != null) {
                    out.add(old.dirp);
                }
                expire(out);
                Iterator<Kept> it = open.values().iterator();
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
        Iterator<Map.Entry<Key, Kept>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Kept s = it.next().getValue();
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
        List<Kept> all;
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
