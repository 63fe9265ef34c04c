package org.cephgw.fsal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The file-system abstraction the gateway serves from: handle-based, one instance per export.
 *
 * <p>Every method may block (disk, network): callers run them on the I/O dispatcher only.
 * Implementations are thread-safe; the gateway keeps the operations on one file in order and
 * runs different files in parallel. Each call carries the caller's {@link Creds} and the back
 * end enforces permissions as that identity. Failures are {@link FsException}s.
 */
public interface Filesystem extends AutoCloseable {

    /** Static facts: limits and capabilities. */
    FsInfo info();

    /** The export's root directory. */
    FileHandle root();

    Stat getattr(Creds creds, FileHandle file);

    /** Applies the non-null attributes in one step as far as the back end allows; returns the result. */
    Stat setattr(Creds creds, FileHandle file, SetAttributes attrs);

    /**
     * The access the caller has to the file, as a subset of {@code mask} (bits of {@link Access}).
     * Advisory, as NFSv4 ACCESS is: the operations themselves still enforce permissions.
     */
    int access(Creds creds, FileHandle file, int mask);

    /** A name in a directory; "." and ".." are not names (use {@link #lookupParent}). */
    Lookup lookup(Creds creds, FileHandle dir, String name);

    /** The parent of a directory; the root's parent is {@link FsError#NOENT}. */
    Lookup lookupParent(Creds creds, FileHandle dir);

    /** Creates (or, per {@code how}, opens) a regular file. */
    Created create(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs);

    /**
     * {@link #create}, and a file it created opened for {@code accessMask} as its creator, whatever
     * mode it was given ({@link Access#WRITE} opens it for reading too). The handle is null when
     * the name existed already: the caller opens that one as itself, with {@link #open}. Back ends
     * that open in the same call as they create override this (on CephFS, one MDS request instead
     * of two).
     */
    default CreatedOpen createOpen(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs,
                                   int accessMask) {
        Created c = create(creds, dir, name, how, attrs);
        if (!c.created()) {
            return new CreatedOpen(c, null);
        }
        return new CreatedOpen(c, open(Creds.ROOT, c.handle(), Access.ofCreator(accessMask)));
    }

    Created mkdir(Creds creds, FileHandle dir, String name, SetAttributes attrs);

    Created symlink(Creds creds, FileHandle dir, String name, String target, SetAttributes attrs);

    /** A device, FIFO or socket; {@link FsError#NOTSUPP} where the back end cannot. */
    Created mknod(Creds creds, FileHandle dir, String name, FileType type, int major, int minor, SetAttributes attrs);

    /** A new name for an existing non-directory. Returns the directory's change. */
    ChangeInfo link(Creds creds, FileHandle file, FileHandle dir, String name);

    /** Removes a name: a non-directory, or an empty directory. Returns the directory's change. */
    ChangeInfo remove(Creds creds, FileHandle dir, String name);

    Renamed rename(Creds creds, FileHandle fromDir, String fromName, FileHandle toDir, String toName);

    String readlink(Creds creds, FileHandle link);

    /**
     * Up to {@code maxEntries} entries after {@code cookie} (0 = from the start), without "." and
     * "..". Cookies are the back end's stable positions: 0, 1 and 2 are never returned, and a
     * cookie stays valid while the directory changes (an entry added or removed meanwhile may or
     * may not be seen).
     */
    DirList readdir(Creds creds, FileHandle dir, long cookie, int maxEntries);

    FsStats statfs(Creds creds, FileHandle file);

    /**
     * Opens a regular file for I/O; the permission check happens here, as {@code creds}.
     * {@code accessMask} is a combination of {@link Access#READ} and {@link Access#WRITE}.
     * The caller closes the handle; a back end may count open handles (no leaks).
     */
    IoHandle open(Creds creds, FileHandle file, int accessMask);

    /** Number of {@link IoHandle}s currently open (for leak checks and metrics). */
    int openHandles();

    /**
     * The back end's own byte-range lock manager, when locks taken through the gateway must also
     * conflict with locks taken outside it (other CephFS clients, other gateway nodes, local
     * processes). Empty: the gateway alone decides (the default).
     */
    default Optional<ByteRangeLocker> locker() {
        return Optional.empty();
    }

    /**
     * The files' extended attributes, when the back end (and the file system under it) has them.
     * Empty: none (the default); NFSv4.2 clients then see xattr_support false and
     * NFS4ERR_NOTSUPP.
     */
    default Optional<Xattrs> xattrs() {
        return Optional.empty();
    }

    @Override
    void close();

    /**
     * Extended attributes of the "user." namespace, named without that prefix as NFSv4 clients
     * name them (RFC 8276 covers that namespace only): the back end adds it, so nothing reaching
     * this interface can read or change system.*, trusted.* or security.* attributes (ACLs,
     * capabilities, labels).
     *
     * <p>All methods block: I/O dispatcher only. They run as the caller's {@link Creds} and
     * need what the file system needs for user attributes (Linux: read permission to get, write
     * permission to set or remove). Names are checked as {@link org.cephgw.fsal.util.UserXattrs}
     * describes: empty or containing NUL is {@link FsError#INVAL}, longer than 255 bytes with the
     * prefix {@link FsError#NAMETOOLONG}. A missing attribute is {@link FsError#NOXATTR}; a value
     * the back end cannot keep is {@link FsError#XATTR2BIG}.
     */
    interface Xattrs {
        /** An attribute's value. */
        byte[] get(Creds creds, FileHandle file, String name);

        /** Creates or replaces an attribute as {@code mode} says. Returns the file's change. */
        ChangeInfo set(Creds creds, FileHandle file, String name, byte[] value, XattrSetMode mode);

        /** The names of the file's user attributes (prefix removed), in no particular order. */
        List<String> list(Creds creds, FileHandle file);

        /** Removes an attribute. Returns the file's change. */
        ChangeInfo remove(Creds creds, FileHandle file, String name);
    }

    /**
     * POSIX (fcntl-style) byte-range locks held in the back end on behalf of 64-bit lock owners.
     *
     * <p>All methods block: I/O dispatcher only. Ranges are NFS ranges: {@code offset} and
     * {@code length} are unsigned, {@code length} -1 (all ones), or any range reaching past
     * 2^63-1, means "to the end of the file"; an {@code offset} of 2^63 or more cannot be
     * expressed in POSIX and is {@link FsError#INVAL}; length 0 is {@link FsError#INVAL}.
     *
     * <p>An owner's locks on a file form one set, as a process's POSIX locks do: a lock replaces
     * the overlapping part of the owner's own locks (upgrade, downgrade, merge), and only locks of
     * other owners, or of other clients of the back end, conflict. The caller keeps to one
     * {@link IoHandle} per owner and file for as long as the owner holds locks (libcephfs aborts
     * the process when an owner's locks change through two handles); closing that handle drops
     * the owner's locks and anything the back end keeps for it. Owner ids are the caller's: it
     * never gives one id to two owners of the same file.
     */
    interface ByteRangeLocker {
        /**
         * Takes a read or write lock without waiting; false when a lock of another owner or
         * another client of the back end conflicts (nothing changed then).
         */
        boolean tryLock(IoHandle io, long owner, boolean write, long offset, long length);

        /** Releases the owner's locks in the range (splitting a larger one); nothing held is fine. */
        void unlock(IoHandle io, long owner, long offset, long length);

        /**
         * A lock of someone else that a lock of {@code owner} would conflict with, or null. Never
         * counts the owner's own locks and changes nothing.
         */
        Conflict test(IoHandle io, long owner, boolean write, long offset, long length);

        /**
         * The owner is done with this file: releases all its locks and whatever the back end
         * keeps for it (e.g. a descriptor). Default: unlock the whole file.
         */
        default void release(IoHandle io, long owner) {
            unlock(io, owner, 0, -1);
        }

        /**
         * Whether every call answers at once, waiting on nothing but the local kernel (no
         * network, no other daemon): the gateway then makes it on the thread that keeps the
         * file's state instead of handing it to the I/O pool and back. Default: false.
         */
        default boolean immediate() {
            return false;
        }

        /**
         * The lock that stands in the way: its type and range ({@code length} -1: to the end of
         * the file). Its owner is unknown: the back end may tell a process id at most.
         */
        record Conflict(boolean write, long offset, long length) {
        }
    }

    /** Access bits for {@link #access} and {@link #open}. */
    final class Access {
        public static final int READ = 1;
        public static final int WRITE = 2;
        public static final int EXECUTE = 4;
        /** may look up names in a directory */
        public static final int LOOKUP = 8;
        /** may add entries to / remove entries from a directory */
        public static final int MODIFY_DIR = 16;

        private Access() {
        }

        /**
         * The open a file's creator gets for {@code accessMask}: READ, or READ and WRITE when it
         * asked to write (clients read through write-only opens: partial pages).
         */
        public static int ofCreator(int accessMask) {
            return (accessMask & WRITE) != 0 ? READ | WRITE : READ;
        }

        /**
         * The bits of {@code mask} that POSIX mode bits grant to {@code c} on a file of the given
         * mode (type bits included), owner and group: what back ends answer ACCESS with when the
         * file system itself has no access call for another identity. Root gets everything but
         * EXECUTE on a file without any x bit, as the kernel does.
         */
        public static int grantedByMode(Creds c, int mode, int uid, int gid, int mask) {
            boolean dir = FileType.fromMode(mode) == FileType.DIRECTORY;
            if (c.isRoot()) {
                int all = READ | WRITE | EXECUTE | LOOKUP | MODIFY_DIR;
                if (!dir && (mode & 0111) == 0) {
                    all &= ~EXECUTE;
                }
                return mask & all;
            }
            int bits;
            if (uid == c.uid()) {
                bits = (mode >> 6) & 7;
            } else if (c.inGroup(gid)) {
                bits = (mode >> 3) & 7;
            } else {
                bits = mode & 7;
            }
            int granted = 0;
            if ((bits & 4) != 0) {
                granted |= READ;
            }
            if ((bits & 2) != 0) {
                granted |= WRITE;
            }
            if ((bits & 1) != 0) {
                granted |= dir ? LOOKUP : EXECUTE;
            }
            if (dir && (bits & 3) == 3) {
                granted |= MODIFY_DIR;
            }
            return mask & granted;
        }
    }

    /** The result of a lookup: the handle and the file's attributes. */
    record Lookup(FileHandle handle, Stat stat) {
    }

    /**
     * A creation's result. {@code created} is false when an existing file was opened
     * (UNCHECKED, or an EXCLUSIVE retry with the same verifier).
     */
    record Created(FileHandle handle, Stat stat, ChangeInfo dirChange, boolean created) {
    }

    /** What {@link #createOpen} did: the file, and its handle open for I/O when it created it (else null). */
    record CreatedOpen(Created created, IoHandle io) {
    }

    record Renamed(ChangeInfo fromDir, ChangeInfo toDir) {
    }

    record DirEntry(String name, long cookie, FileHandle handle, Stat stat) {
    }

    /** A page of a directory; {@code eof} when no entries follow the last one. */
    record DirList(List<DirEntry> entries, boolean eof) {
    }

    /** The bytes read and whether the read reached the end of the file. */
    record ReadResult(ByteBuffer data, boolean eof) {
    }
}
