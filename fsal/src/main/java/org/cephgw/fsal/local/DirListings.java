package org.cephgw.fsal.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Stat;

/**
 * What getdents64 gave for recently listed directories — each entry's name, inode number and
 * cookie in order, and its file handle and attributes once read — so that listing a directory
 * again costs neither a getdents64, a name_to_handle_at and the handle's MAC, nor, while the
 * attributes are young enough, a statx per entry.
 *
 * <p>A listing is recorded while it is read: the READDIR at cookie 0 starts one, each page that
 * continues where the recorded part ends adds to it, the end of the directory completes it. It
 * holds only for the directory's change value it was started under (read before its first
 * getdents64): any modification through this back end, or one from outside that moved the
 * directory's ctime, makes it a miss. So it is as fresh as the change attribute clients cache
 * directories by. A memoized handle is reused only for the same inode number and generation
 * (birth time) as statx reports now. Memoized attributes are reused only while nothing was done
 * to the file through this back end since they were read ({@link ChangeTracker#token}) and they
 * are younger than the export's maximum age; what a process beside the gateway does to a file
 * shows in a listing after at most that age (GETATTR and LOOKUP always read afresh).
 *
 * <p>Bounded by the number of entries over all listings ({@link #MAX_ENTRIES}; least recently used
 * listings go first); a directory with more entries than that is not recorded past it.
 */
final class DirListings {
    /** about 200 bytes an entry: a few tens of MiB at most */
    static final int MAX_ENTRIES = 131_072;

    /**
     * One recorded entry; its handle is filled in once made, and with it the attributes read then
     * (see {@link #attributes}).
     */
    static final class Entry {
        final String name;
        final byte[] nameBytes;
        final long ino;
        final long cookie;
        private volatile Memo memo;

        Entry(String name, byte[] nameBytes, long ino, long cookie) {
            this.name = name;
            this.nameBytes = nameBytes;
            this.ino = ino;
            this.cookie = cookie;
        }

        /** The handle made for this inode and generation, or null. */
        FileHandle handle(long ino, long gen) {
            Memo m = memo;
            return m != null && this.ino == ino && m.gen == gen ? m.handle : null;
        }

        /**
         * The handle and attributes remembered, if they were read at or after {@code notBefore}
         * (System.nanoTime) and the change tracker's token for the file is still the one taken
         * before they were read (nothing done to it through this back end since); else null.
         */
        Memo attributes(long notBefore, long token) {
            Memo m = memo;
            return m != null && m.stat != null && m.token == token && m.readAt - notBefore >= 0 ? m : null;
        }

        /**
         * Remembers the handle made for the file now under this name, and its attributes
         * {@code stat} (null: none to reuse) read at {@code readAt} under the change tracker's
         * {@code token}, taken before they were read.
         */
        void remember(long ino, long gen, FileHandle h, Stat stat, long token, long readAt) {
            if (this.ino == ino) {
                memo = new Memo(h, gen, token == ChangeTracker.DIRTY ? null : stat, token, readAt);
            }
        }
    }

    record Memo(FileHandle handle, long gen, Stat stat, long token, long readAt) {
    }

    /** A directory's entries as far as they were read under one change value. */
    final class Listing {
        final long dirIno;
        final long change;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<Long, Integer> byCookie = new HashMap<>();
        private boolean complete;

        Listing(long dirIno, long change) {
            this.dirIno = dirIno;
            this.change = change;
        }

        /** The index of the entry after {@code cookie} (0: the first), or -1 if none is recorded. */
        synchronized int indexAfter(long cookie) {
            if (cookie == 0) {
                return 0;
            }
            Integer i = byCookie.get(cookie);
            return i == null ? -1 : i + 1;
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized Entry get(int i) {
            return entries.get(i);
        }

        synchronized boolean complete() {
            return complete;
        }

        /** The cookie reading continues from past the recorded entries (0: none recorded). */
        synchronized long endCookie() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).cookie;
        }

        /**
         * Records the entry read after {@code after}, if that is where the recorded part ends
         * (another reader may have recorded it already, or a different stretch).
         */
        void append(long after, Entry e) {
            synchronized (this) {
                if (complete || endCookie() != after || entries.size() >= MAX_ENTRIES) {
                    return;
                }
                byCookie.put(e.cookie, entries.size());
                entries.add(e);
            }
            grown(this);
        }

        /** The directory ended after {@code after}. */
        synchronized void end(long after) {
            if (endCookie() == after) {
                complete = true;
            }
        }
    }

    private final LinkedHashMap<Long, Listing> listings = new LinkedHashMap<>(16, 0.75f, true);
    private long total;

    /** The listing of a directory recorded under {@code change}, or null. */
    synchronized Listing get(long dirIno, long change) {
        Listing l = listings.get(dirIno);
        if (l == null) {
            return null;
        }
        if (l.change != change) {
            listings.remove(dirIno);
            total -= l.size();
            return null;
        }
        return l;
    }

    /** A new, empty listing of a directory read at cookie 0 under {@code change}. */
    synchronized Listing start(long dirIno, long change) {
        Listing l = new Listing(dirIno, change);
        Listing old = listings.put(dirIno, l);
        if (old != null) {
            total -= old.size();
        }
        return l;
    }

    /** A listing got one more entry: counted, and the least recently used go beyond the budget. */
    private synchronized void grown(Listing l) {
        if (listings.get(l.dirIno) != l) {
            return;   // replaced meanwhile: it was never counted
        }
        total++;
        Iterator<Listing> it = listings.values().iterator();
        while (total > MAX_ENTRIES && it.hasNext()) {
            Listing victim = it.next();
            if (victim == l) {
                continue;
            }
            it.remove();
            total -= victim.size();
        }
    }

    synchronized int listings() {
        return listings.size();
    }
}
