package org.cephgw.fsal.local;

import org.cephgw.fsal.util.BoundedLru;
import org.cephgw.fsal.util.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jnr.ffi.Pointer;

import org.cephgw.fsal.ChangeInfo;
import org.cephgw.fsal.CreateHow;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.IoHandle;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.cephgw.fsal.local.Native.AT_EMPTY_PATH;
import static org.cephgw.fsal.local.Native.AT_FDCWD;
import static org.cephgw.fsal.local.Native.AT_REMOVEDIR;
import static org.cephgw.fsal.local.Native.AT_SYMLINK_FOLLOW;
import static org.cephgw.fsal.local.Native.AT_SYMLINK_NOFOLLOW;
import static org.cephgw.fsal.local.Native.LIBC;
import static org.cephgw.fsal.local.Native.O_CLOEXEC;
import static org.cephgw.fsal.local.Native.O_CREAT;
import static org.cephgw.fsal.local.Native.O_DIRECTORY;
import static org.cephgw.fsal.local.Native.O_EXCL;
import static org.cephgw.fsal.local.Native.O_NOCTTY;
import static org.cephgw.fsal.local.Native.O_NOFOLLOW;
import static org.cephgw.fsal.local.Native.O_PATH;
import static org.cephgw.fsal.local.Native.O_RDONLY;
import static org.cephgw.fsal.local.Native.O_RDWR;
import static org.cephgw.fsal.local.Native.O_WRONLY;
import static org.cephgw.fsal.local.Native.STATX_WANT;
import static org.cephgw.fsal.local.Native.errno;

/**
 * The {@code local} back end: exports a directory of a local Linux file system the way
 * nfs-ganesha's FSAL_VFS does, calling libc through jnr-ffi. Every operation works relative to
 * file descriptors obtained from file handles, so no path is ever resolved again after the
 * export root was opened; symbolic links inside the export are never followed.
 *
 * <h2>File handles</h2>
 * In <b>kernel-handle mode</b> a handle wraps the kernel's own file handle
 * ({@code name_to_handle_at}), opened again with {@code open_by_handle_at}; such handles stay
 * valid across restarts of the gateway and of the machine, for as long as the file exists.
 * {@code open_by_handle_at} needs CAP_DAC_READ_SEARCH: at start the export root's handle is
 * round-tripped, and when that fails (the process lacks the capability, or the file system
 * refuses handles with EOPNOTSUPP) the back end runs in <b>inode-handle (fallback) mode</b>:
 * <blockquote>
 * In inode-handle mode a file handle holds the file's device number, inode number and birth
 * time (statx btime; 0 where the file system keeps none). The kernel cannot open a file by its
 * inode number, so the gateway remembers, for each file it has handed out a handle for, the
 * directory handle and the name under which it saw the file (on LOOKUP, READDIR, CREATE, MKDIR,
 * SYMLINK, MKNOD, LINK, RENAME and LOOKUPP). This map lives in memory only and holds at most
 * {@code inodeMapSize} entries (least recently learned dropped first); recently used files also
 * stay reachable through their cached descriptor. Consequently: after a restart of the gateway
 * every handle except the export root's is NFS4ERR_STALE until the file is looked up again by
 * name (clients recover by looking up the path again, which open files and current directories
 * of running processes cannot); a file renamed, moved or hard-linked-and-unlinked by something
 * other than the gateway is NFS4ERR_STALE until looked up again under its new name; a file whose
 * entry was dropped from the full map and whose descriptor is no longer cached is NFS4ERR_STALE;
 * a handle whose inode number was reused by a new file is NFS4ERR_STALE where the file system
 * records birth times (ext4, xfs, btrfs, tmpfs), and could resolve to the new file where it does
 * not. Kernel-handle mode has none of these limits: run the gateway as root (or with
 * CAP_DAC_READ_SEARCH) on a file system that supports handles.
 * </blockquote>
 * The exact handle layout is documented on {@link HandleCodec}. Every handle carries an export
 * tag and an HMAC keyed by the export's secret and the export root, so foreign or forged handles
 * are {@link FsError#BADHANDLE}; handles of files that no longer exist are {@link FsError#STALE}.
 * A handle never resolves to a file outside the exported tree: the resolved file must be on the
 * export's device, a directory is checked (once, when its descriptor is opened) to reach the
 * export root through "..", and other files can only be named by handles this export signed.
 * Mount points below the export root are not crossed: LOOKUP of one fails with XDEV and READDIR
 * leaves it out.
 *
 * <h2>Credentials</h2>
 * When the process runs as root, each operation runs as the caller's {@link Creds} on the
 * calling thread (see {@link CredSwitcher}): the kernel enforces permissions, including POSIX
 * ACLs, and new files get the caller's uid and gid. Handles are opened (as root) before switching;
 * I/O through an {@link IoHandle} is checked when it is opened (reading is also allowed with only
 * execute permission, as knfsd does, so that binaries can be executed over NFS), and writes and
 * fallocate run as the opener, so that quotas and set-id clearing apply. When the process is not
 * root no switching is possible: every operation then runs as the process's user, whatever the
 * caller. {@link #access} is computed from the mode bits only (no ACLs), and so is the search
 * permission READDIR needs to return the entries' attributes. Must be called from platform
 * threads (the identity belongs to the kernel thread).
 *
 * <h2>Byte-range locks</h2>
 * {@link #locker()} takes the gateway's byte-range locks as Linux OFD locks on a descriptor per
 * lock owner (see {@link OfdLocks}), so that they conflict with fcntl/OFD locks of local processes
 * on the exported files, as nfs-ganesha's FSAL_VFS does.
 *
 * <h2>Extended attributes</h2>
 * {@link #xattrs()} offers the "user." attributes of the exported files through the Linux xattr
 * calls, as the caller (see {@link LocalXattrs}); empty when the file system has no user
 * attributes (probed on the export root at start).
 *
 * <h2>Other notes</h2>
 * File names are UTF-8; names on disk that are not valid UTF-8 are listed with U+FFFD
 * replacement characters and cannot be looked up. The process umask is not applied to modes
 * given by the client. READDIR cookies are the kernel's directory offsets plus 3.
 */
public final class LocalFilesystem implements Filesystem {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFilesystem.class);

    /** maxRead / maxWrite */
    static final int MAX_IO = 1 << 20;
    private static final int MAX_DEPTH = 4096;
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DEFAULT_DIR_MODE = 0755;
    private static final Pointer DOTDOT;

    static {
        ByteBuffer b = Native.direct(4);
        b.put(0, (byte) '.');
        b.put(1, (byte) '.');
        DOTDOT = Native.pointer(b);
    }

    private final Path exportDir;
    private final LocalOptions options;
    private final CredSwitcher switcher;
    private final int mountFd;
    private final FdRef rootRef;
    private final long rootIno;
    private final long rootDev;
    private final FileHandle rootHandle;
    private final boolean kernelHandles;
    private final HandleCodec codec;
    private final BoundedLru<FileHandle, FdRef> fdCache;
    /** what getdents64 gave for recently listed directories */
    private final DirListings dirListings = new DirListings();
    /** inode mode only: ino → where it was seen */
    private final BoundedLru<Long, Seen> seen;
    private final ChangeTracker changes;
    /** how old a listed entry's remembered attributes may be (0: read afresh every time) */
    private final long attrMaxAgeNanos;
    private final FsInfo info;
    private final Set<LocalIoHandle> openIo = ConcurrentHashMap.newKeySet();
    private final OfdLocks locks = new OfdLocks(this);
    /** null where the file system has no user attributes */
    private final LocalXattrs xattrs;
    private final AtomicInteger openCount = new AtomicInteger();
    private volatile boolean closed;

    private record Seen(FileHandle dir, String name) {
    }

    /** Which kind of handles this instance makes. */
    public enum HandleKind {
        KERNEL, INODE
    }

    public LocalFilesystem(Path exportDir, LocalOptions options) {
        Objects.requireNonNull(exportDir, "exportDir");
        this.options = Objects.requireNonNull(options, "options");
        if (!Files.exists(exportDir)) {
            throw new IllegalArgumentException("export directory " + exportDir + " does not exist");
        }
        if (!Files.isDirectory(exportDir)) {
            throw new IllegalArgumentException("export path " + exportDir + " is not a directory");
        }
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            throw new IllegalStateException("the local back end needs /proc mounted");
        }
        try {
            this.exportDir = exportDir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("export directory " + exportDir + ": " + e.getMessage(), e);
        }
        this.switcher = new CredSwitcher();
        Scratch s = Scratch.get();
        Scratch.putCString(s.path1, this.exportDir.toString().getBytes(StandardCharsets.UTF_8));
        int pathFd = LIBC.openat(AT_FDCWD, s.path1P, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (pathFd < 0) {
            throw new IllegalArgumentException("cannot open export directory " + this.exportDir + " (errno " + errno() + ")");
        }
        int mfd = LIBC.openat(AT_FDCWD, s.path1P, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (mfd < 0) {
            int e = errno();
            Native.closeQuietly(pathFd);
            throw new IllegalArgumentException("cannot open export directory " + this.exportDir + " (errno " + e + ")");
        }
        this.mountFd = mfd;
        boolean ok = false;
        try {
            fstatx(pathFd, s.stx, s.stxP);
            this.rootIno = ino(s.stx);
            this.rootDev = dev(s.stx);
            long rootGen = gen(s.stx);

            // the root's kernel handle, and whether it can be opened again
            s.fh.putInt(0, Native.MAX_HANDLE_SZ);
            int rc = LIBC.name_to_handle_at(pathFd, Native.empty(), s.fhP, s.mountIdP, AT_EMPTY_PATH);
            int n2hErr = rc < 0 ? errno() : 0;
            byte[] rootIdentity;
            boolean roundTrips = false;
            String why;
            if (rc == 0) {
                int n = s.fh.getInt(0);
                rootIdentity = new byte[4 + n];
                ByteBuffer.wrap(rootIdentity).putInt(s.fh.getInt(4));
                s.fh.get(8, rootIdentity, 4, n);
                if (n > HandleCodec.MAX_KERNEL_BYTES) {
                    why = "its kernel handles (" + n + " bytes) are too large";
                } else {
                    int fd = LIBC.open_by_handle_at(mountFd, s.fhP, O_PATH | O_CLOEXEC);
                    if (fd >= 0) {
                        fstatx(fd, s.stx2, s.stx2P);
                        roundTrips = ino(s.stx2) == rootIno && dev(s.stx2) == rootDev;
                        Native.closeQuietly(fd);
                        why = roundTrips ? null : "open_by_handle_at returned another file";
                    } else {
                        int e = errno();
                        why = "open_by_handle_at fails (errno " + e + (e == Native.EPERM ? ", no CAP_DAC_READ_SEARCH" : "") + ")";
                    }
                }
            } else {
                ByteBuffer id = ByteBuffer.allocate(16).putLong(rootIno).putLong(rootGen);
                rootIdentity = id.array();
                why = "name_to_handle_at fails (errno " + n2hErr + ")";
            }
            switch (options.handleMode()) {
                case KERNEL -> {
                    if (!roundTrips) {
                        throw new IllegalStateException("kernel file handles unavailable on " + this.exportDir + ": " + why);
                    }
                    this.kernelHandles = true;
                }
                case INODE -> this.kernelHandles = false;
                default -> this.kernelHandles = roundTrips;
            }
            if (!kernelHandles && options.handleMode() == LocalOptions.HandleMode.AUTO) {
                LOG.warn("export {}: {}; using inode handles, which go stale across restarts (see LocalFilesystem)", this.exportDir, why);
            }
            if (options.handleSecret().length == 0) {
                LOG.warn("export {}: no handle secret configured; handles are checked but could be forged", this.exportDir);
            }
            if (!switcher.enabled()) {
                LOG.warn("export {}: the process is not root; all operations run as uid {}", this.exportDir, LIBC.geteuid());
            }
            this.codec = new HandleCodec(options.handleSecret(), rootIdentity);
            if (kernelHandles) {
                s.fh.putInt(0, Native.MAX_HANDLE_SZ);
                if (LIBC.name_to_handle_at(pathFd, Native.empty(), s.fhP, s.mountIdP, AT_EMPTY_PATH) < 0) {
                    throw new IllegalStateException("name_to_handle_at on the export root: errno " + errno());
                }
                this.rootHandle = codec.kernel(s.fh);
            } else {
                this.rootHandle = codec.inode(rootDev, rootIno, rootGen);
            }
            this.rootRef = new FdRef(pathFd, FileType.DIRECTORY, rootIno);
            this.fdCache = new BoundedLru<>(options.fdCacheSize(), FdRef::close);
            this.seen = kernelHandles ? null : new BoundedLru<>(options.inodeMapSize(), x -> { });
            this.changes = new ChangeTracker(options.changeMapSize());
            this.attrMaxAgeNanos = options.readdirAttributesMaxAge().toNanos();
            this.xattrs = LocalXattrs.supported(pathFd, s) ? new LocalXattrs(this) : null;

            if (LIBC.fstatfs(pathFd, s.statfsP) < 0) {
                throw new IllegalStateException("fstatfs on the export root: errno " + errno());
            }
            long fsidMajor = s.statfs.getInt(56) & 0xffffffffL;
            long fsidMinor = s.statfs.getInt(60) & 0xffffffffL;
            if (fsidMajor == 0 && fsidMinor == 0) {
                fsidMajor = rootDev >>> 32;
                fsidMinor = rootDev & 0xffffffffL;
            }
            long nameMax = s.statfs.getLong(64);
            int maxName = (int) Math.min(Math.max(nameMax, 1), 255);
            this.info = new FsInfo(fsidMajor, fsidMinor, Long.MAX_VALUE, MAX_IO, MAX_IO, maxName,
                    true, true, true, 1, true);
            ok = true;
            LOG.info("export {}: {} handles, credential switching {}, user xattrs {}", this.exportDir,
                    kernelHandles ? "kernel" : "inode", switcher.enabled() ? "on" : "off",
                    xattrs != null ? "on" : "not supported by the file system");
        } finally {
            if (!ok) {
                Native.closeQuietly(pathFd);
                Native.closeQuietly(mfd);
            }
        }
    }

    /** The exported directory (symbolic links resolved). */
    public Path exportDir() {
        return exportDir;
    }

    public HandleKind handleKind() {
        return kernelHandles ? HandleKind.KERNEL : HandleKind.INODE;
    }

    /** Number of O_PATH descriptors currently cached (metrics, tests). */
    public int cachedDescriptors() {
        return fdCache.size();
    }

    @Override
    public FsInfo info() {
        return info;
    }

    @Override
    public FileHandle root() {
        return rootHandle;
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public Stat getattr(Creds creds, FileHandle file) {
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0)) {
            fstatx(f.fd, s.stx, s.stxP);
            checkLinked(file, f, s.stx);
            return stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
        }
    }

    @Override
    public Stat setattr(Creds creds, FileHandle file, SetAttributes attrs) {
        Objects.requireNonNull(attrs, "attrs");
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0)) {
            if (attrs.isEmpty()) {
                fstatx(f.fd, s.stx, s.stxP);
                checkLinked(file, f, s.stx);
                return stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
            }
            applyAttrs(creds, f, attrs, s);
            fstatx(f.fd, s.stx, s.stxP);
            return stat(s.stx, changes.modified(ino(s.stx), ctimeNs(s.stx)));
        }
    }

    /** Applies attributes as the caller: owner, then mode, size, times (chown may clear set-id bits). */
    private void applyAttrs(Creds creds, FdRef f, SetAttributes a, Scratch s) {
        if (a.uid() != null || a.gid() != null) {
            int uid = a.uid() != null ? a.uid() : -1;
            int gid = a.gid() != null ? a.gid() : -1;
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.fchownat(f.fd, Native.empty(), uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "chown");
            }
        }
        if (a.mode() != null && f.type != FileType.SYMLINK) {
            // symbolic links have no mode of their own on Linux: ignored, as knfsd does
            Pointer p = s.procPath(f.fd);
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.fchmodat(AT_FDCWD, p, a.mode() & 07777, 0);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "chmod");
            }
        }
        if (a.size() != null) {
            if (f.type == FileType.DIRECTORY) {
                throw new FsException(FsError.ISDIR, "cannot set the size of a directory");
            }
            if (f.type != FileType.REGULAR) {
                throw new FsException(FsError.INVAL, "size of a " + f.type);
            }
            if (a.size() < 0) {
                throw new FsException(FsError.INVAL, "negative size");
            }
            Pointer p = s.procPath(f.fd);
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.truncate(p, a.size());
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "truncate");
            }
        }
        if (a.atime() != null || a.mtime() != null) {
            putTime(s.times, 0, a.atime());
            putTime(s.times, 16, a.mtime());
            setTimes(creds, f, s);
        }
    }

    private static void putTime(ByteBuffer times, int off, SetAttributes.TimeSet t) {
        if (t == null) {
            times.putLong(off, 0);
            times.putLong(off + 8, Native.UTIME_OMIT);
        } else if (t.serverTime()) {
            times.putLong(off, 0);
            times.putLong(off + 8, Native.UTIME_NOW);
        } else {
            times.putLong(off, t.time().seconds());
            times.putLong(off + 8, t.time().nanos());
        }
    }

    /** utimensat with the times already in {@code s.times}. */
    private void setTimes(Creds creds, FdRef f, Scratch s) {
        int sw = switcher.enter(creds, s);
        int rc;
        try {
            rc = LIBC.utimensat(f.fd, Native.empty(), s.timesP, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
        } finally {
            switcher.exit(sw);
        }
        int e = rc < 0 ? errno() : 0;
        if (e == Native.EINVAL && f.type != FileType.SYMLINK) {
            // kernels before 5.8 lack AT_EMPTY_PATH for utimensat: go through /proc
            Pointer p = s.procPath(f.fd);
            sw = switcher.enter(creds, s);
            try {
                rc = LIBC.utimensat(AT_FDCWD, p, s.timesP, 0);
            } finally {
                switcher.exit(sw);
            }
            e = rc < 0 ? errno() : 0;
        }
        if (e != 0) {
            throw FsException.errno(e, "utimensat");
        }
    }

    @Override
    public int access(Creds creds, FileHandle file, int mask) {
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0)) {
            fstatx(f.fd, s.stx, s.stxP);
            return allowed(creds, s.stx, mask);
        }
    }

    /** The bits of {@code mask} the mode bits in {@code stx} grant to {@code c}. */
    private static int allowed(Creds c, ByteBuffer stx, int mask) {
        return Access.grantedByMode(c, stx.getShort(Native.STX_MODE) & 0xffff, stx.getInt(Native.STX_UID),
                stx.getInt(Native.STX_GID), mask);
    }

    // ---------------------------------------------------------------- names

    @Override
    public Lookup lookup(Creds creds, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.NOENT);
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            Scratch.putCString(s.path1, nb);
            int sw = switcher.enter(creds, s);
            int fd;
            try {
                fd = LIBC.openat(d.fd, s.path1P, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
            } finally {
                switcher.exit(sw);
            }
            if (fd < 0) {
                int e = errno();
                if (e == Native.ENOENT) {
                    // a directory removed while its descriptor was cached: its handle is STALE, not the name missing
                    fstatx(d.fd, s.stx2, s.stx2P);
                    checkLinked(dir, d, s.stx2);
                }
                throw FsException.errno(e, "lookup " + name);
            }
            try (Adopted child = adoptNew(fd, dir, name, s)) {
                return new Lookup(child.handle(), stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx))));
            }
        }
    }

    @Override
    public Lookup lookupParent(Creds creds, FileHandle dir) {
        if (dir.equals(rootHandle)) {
            throw new FsException(FsError.NOENT, "the export root has no parent");
        }
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            int sw = switcher.enter(creds, s);
            int fd;
            try {
                fd = LIBC.openat(d.fd, DOTDOT, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
            } finally {
                switcher.exit(sw);
            }
            if (fd < 0) {
                throw FsException.errno(errno(), "lookup ..");
            }
            fstatxOrClose(fd, s.stx, s.stxP);
            if (ino(s.stx) == rootIno && dev(s.stx) == rootDev) {
                Native.closeQuietly(fd);
                fstatx(rootRef.fd, s.stx, s.stxP);
                return new Lookup(rootHandle, stat(s.stx, changes.observe(rootIno, ctimeNs(s.stx))));
            }
            FileHandle h;
            try {
                h = handleOfFd(fd, s.stx, s);
            } catch (RuntimeException e) {
                Native.closeQuietly(fd);
                throw e;
            }
            Stat st = stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
            FdRef cached = fdCache.get(h);
            FdRef p;
            if (cached != null && cached.tryAcquire()) {
                // already open, and checked to be inside the export when it was opened
                Native.closeQuietly(fd);
                p = cached;
            } else {
                if (!insideExport(fd, s)) {
                    Native.closeQuietly(fd);
                    throw new FsException(FsError.STALE, "directory no longer inside the export");
                }
                p = adopt(h, new FdRef(fd, FileType.DIRECTORY, st.fileId()));
            }
            try {
                if (seen != null) {
                    learnAncestry(p, s);
                }
            } finally {
                p.close();
            }
            return new Lookup(h, st);
        }
    }

    // ---------------------------------------------------------------- creation

    @Override
    public Created create(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs) {
        Objects.requireNonNull(how, "how");
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        byte[] nb = checkName(name, FsError.EXIST);
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            long before = dirChange(d, s);
            int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_FILE_MODE;
            Scratch.putCString(s.path1, nb);
            int sw = switcher.enter(creds, s);
            int fd;
            try {
                fd = LIBC.openat(d.fd, s.path1P, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
            } finally {
                switcher.exit(sw);
            }
            if (fd >= 0) {
                try (Adopted nf = adoptNew(fd, dir, name, s)) {
                    FdRef f = nf.ref();
                    FileHandle h = nf.handle();
                    SetAttributes rest = how instanceof CreateHow.Exclusive ? new SetAttributes(a.mode(), a.uid(), a.gid(), a.size(), null, null) : a;
                    finishAttrs(creds, f, rest, mode, s);
                    if (how instanceof CreateHow.Exclusive ex) {
                        // the verifier lives in atime.sec (first 4 bytes) and mtime.sec (last 4), as in NFSv3
                        ByteBuffer v = ByteBuffer.wrap(ex.verifier());
                        s.times.putLong(0, v.getInt(0) & 0xffffffffL);
                        s.times.putLong(8, 0);
                        s.times.putLong(16, v.getInt(4) & 0xffffffffL);
                        s.times.putLong(24, 0);
                        setTimes(creds, f, s);
                    }
                    fstatx(f.fd, s.stx, s.stxP);
                    Stat st = stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
                    long after = dirModified(d, s);
                    // not atomic: other clients and local processes can change the directory between the two reads
                    return new Created(h, st, new ChangeInfo(false, before, after), true);
                }
            }
            int e = errno();
            if (e != Native.EEXIST || how instanceof CreateHow.Guarded) {
                throw FsException.errno(e, "create " + name);
            }
            // an existing name: UNCHECKED opens it, EXCLUSIVE accepts it if it holds our verifier
            sw = switcher.enter(creds, s);
            try {
                fd = LIBC.openat(d.fd, s.path1P, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
            } finally {
                switcher.exit(sw);
            }
            if (fd < 0) {
                throw FsException.errno(errno(), "create " + name);
            }
            try (Adopted nf = adoptNew(fd, dir, name, s)) {
                FdRef f = nf.ref();
                FileHandle h = nf.handle();
                FileType t = f.type;
                if (how instanceof CreateHow.Exclusive ex) {
                    ByteBuffer v = ByteBuffer.wrap(ex.verifier());
                    boolean same = t == FileType.REGULAR
                            && s.stx.getLong(Native.STX_ATIME) == (v.getInt(0) & 0xffffffffL)
                            && s.stx.getLong(Native.STX_MTIME) == (v.getInt(4) & 0xffffffffL);
                    if (!same) {
                        throw new FsException(FsError.EXIST, name + " exists");
                    }
                    Stat st = stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
                    return new Created(h, st, new ChangeInfo(false, before, before), false);
                }
                if (t == FileType.DIRECTORY) {
                    throw new FsException(FsError.ISDIR, name + " is a directory");
                }
                if (t == FileType.SYMLINK) {
                    throw new FsException(FsError.SYMLINK, name + " is a symbolic link");
                }
                if (t != FileType.REGULAR) {
                    throw new FsException(FsError.WRONG_TYPE, name + " is a " + t);
                }
                Stat st;
                if (a.size() != null) {
                    applyAttrs(creds, f, new SetAttributes(null, null, null, a.size(), null, null), s);
                    fstatx(f.fd, s.stx, s.stxP);
                    st = stat(s.stx, changes.modified(ino(s.stx), ctimeNs(s.stx)));
                } else {
                    st = stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
                }
                return new Created(h, st, new ChangeInfo(false, before, before), false);
            }
        }
    }

    /**
     * Applies the initial attributes of a new file (whose statx is in {@code s.stx}), including
     * the mode again when the process umask took bits away from it or creation dropped
     * set-id/sticky bits the client asked for.
     */
    private void finishAttrs(Creds creds, FdRef f, SetAttributes a, int mode, Scratch s) {
        Integer fixMode = null;
        if (f.type != FileType.SYMLINK) {
            int actual = s.stx.getShort(Native.STX_MODE) & 07777;
            int want = a.mode() != null ? a.mode() & 07777 : mode;
            if (f.type == FileType.DIRECTORY) {
                want |= actual & Native.S_ISGID; // inherited from a set-gid parent
            }
            if (actual != want) {
                fixMode = want;
            }
        }
        SetAttributes rest = new SetAttributes(fixMode, a.uid(), a.gid(), a.size(), a.atime(), a.mtime());
        if (!rest.isEmpty()) {
            applyAttrs(creds, f, rest, s);
        }
    }

    @Override
    public Created mkdir(Creds creds, FileHandle dir, String name, SetAttributes attrs) {
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        byte[] nb = checkName(name, FsError.EXIST);
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            long before = dirChange(d, s);
            int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_DIR_MODE;
            Scratch.putCString(s.path1, nb);
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.mkdirat(d.fd, s.path1P, mode);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "mkdir " + name);
            }
            return finishCreate(creds, d, dir, name, before, a, mode, O_DIRECTORY, s);
        }
    }

    @Override
    public Created symlink(Creds creds, FileHandle dir, String name, String target, SetAttributes attrs) {
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        byte[] nb = checkName(name, FsError.EXIST);
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVAL, "symbolic link target");
        }
        byte[] tb = target.getBytes(StandardCharsets.UTF_8);
        if (tb.length >= Scratch.PATH_MAX) {
            throw new FsException(FsError.NAMETOOLONG, "symbolic link target of " + tb.length + " bytes");
        }
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            long before = dirChange(d, s);
            Scratch.putCString(s.path1, nb);
            Scratch.putCString(s.path2, tb);
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.symlinkat(s.path2P, d.fd, s.path1P);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "symlink " + name);
            }
            return finishCreate(creds, d, dir, name, before, a, 0777, 0, s);
        }
    }

    @Override
    public Created mknod(Creds creds, FileHandle dir, String name, FileType type, int major, int minor, SetAttributes attrs) {
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        if (!Objects.requireNonNull(type, "type").isSpecial()) {
            throw new FsException(FsError.BADTYPE, "mknod of a " + type);
        }
        int ifmt = type.formatBits();
        byte[] nb = checkName(name, FsError.EXIST);
        long dev = (type.isDevice()) ? Native.makedev(major, minor) : 0;
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            long before = dirChange(d, s);
            int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_FILE_MODE;
            Scratch.putCString(s.path1, nb);
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.mknodat(d.fd, s.path1P, ifmt | mode, dev);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "mknod " + name);
            }
            return finishCreate(creds, d, dir, name, before, a, mode, 0, s);
        }
    }

    /** After mkdir/symlink/mknod made {@code name} (in s.path1): open it, set attributes, answer. */
    private Created finishCreate(Creds creds, FdRef d, FileHandle dir, String name, long before, SetAttributes a, int mode,
                                 int extraFlags, Scratch s) {
        int fd = LIBC.openat(d.fd, s.path1P, O_PATH | O_NOFOLLOW | O_CLOEXEC | extraFlags, 0);
        if (fd < 0) {
            // replaced or removed meanwhile by someone else
            throw FsException.errno(errno(), "open new " + name);
        }
        try (Adopted nf = adoptNew(fd, dir, name, s)) {
            FdRef f = nf.ref();
            FileHandle h = nf.handle();
            finishAttrs(creds, f, a, mode, s);
            fstatx(f.fd, s.stx, s.stxP);
            Stat st = stat(s.stx, changes.observe(ino(s.stx), ctimeNs(s.stx)));
            long after = dirModified(d, s);
            // not atomic: other clients and local processes can change the directory between the two reads
            return new Created(h, st, new ChangeInfo(false, before, after), true);
        }
    }

    @Override
    public ChangeInfo link(Creds creds, FileHandle file, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.EXIST);
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0); FdRef d = resolve(dir, s, 0)) {
            if (f.isDirectory()) {
                throw new FsException(FsError.ISDIR, "hard link to a directory");
            }
            requireDir(d);
            long before = dirChange(d, s);
            Scratch.putCString(s.path1, nb);
            int rc;
            int e = 0;
            boolean direct = kernelHandles && creds.uid() == 0;
            if (direct) {
                // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH, which root callers keep
                int sw = switcher.enter(creds, s);
                try {
                    rc = LIBC.linkat(f.fd, Native.empty(), d.fd, s.path1P, AT_EMPTY_PATH);
                } finally {
                    switcher.exit(sw);
                }
                e = rc < 0 ? errno() : 0;
            }
            if (!direct || e == Native.ENOENT) {
                Pointer p = s.procPath(f.fd);
                int sw = switcher.enter(creds, s);
                try {
                    rc = LIBC.linkat(AT_FDCWD, p, d.fd, s.path1P, AT_SYMLINK_FOLLOW);
                } finally {
                    switcher.exit(sw);
                }
                e = rc < 0 ? errno() : 0;
            }
            if (e != 0) {
                throw FsException.errno(e, "link " + name);
            }
            fstatx(f.fd, s.stx, s.stxP);
            changes.modified(ino(s.stx), ctimeNs(s.stx));
            if (seen != null && seen.get(ino(s.stx)) == null) {
                seen.put(ino(s.stx), new Seen(dir, name));
            }
            long after = dirModified(d, s);
            // not atomic: other clients and local processes can change the directory between the two reads
            return new ChangeInfo(false, before, after);
        }
    }

    // ---------------------------------------------------------------- removal and renaming

    @Override
    public ChangeInfo remove(Creds creds, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.INVAL);
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            long before = dirChange(d, s);
            Scratch.putCString(s.path1, nb);
            int rc = LIBC.statx(d.fd, s.path1P, AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stxP);
            if (rc < 0) {
                throw FsException.errno(errno(), "remove " + name);
            }
            boolean isDir = typeOf(s.stx) == FileType.DIRECTORY;
            long victimIno = ino(s.stx);
            FileHandle victim = handleAt(d.fd, s.path1P, s.stx, s);
            int sw = switcher.enter(creds, s);
            try {
                rc = LIBC.unlinkat(d.fd, s.path1P, isDir ? AT_REMOVEDIR : 0);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "remove " + name);
            }
            long after = dirModified(d, s);
            forget(victim, victimIno, dir, name, s);
            // not atomic: other clients and local processes can change the directory between the two reads
            return new ChangeInfo(false, before, after);
        }
    }

    /**
     * After a name of {@code victim} went away: if that was its last link, drop its cached
     * descriptor (so that its handle is STALE and its space freed); else it changed (nlink).
     */
    private void forget(FileHandle victim, long victimIno, FileHandle dir, String name, Scratch s) {
        if (seen != null) {
            Seen where = seen.get(victimIno);
            if (where != null && where.dir.equals(dir) && where.name.equals(name)) {
                seen.remove(victimIno, where);
            }
        }
        if (victim == null) {
            return;
        }
        FdRef cached = fdCache.get(victim);
        if (cached != null && cached.tryAcquire()) {
            try {
                if (LIBC.statx(cached.fd, Native.empty(), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stx2P) == 0) {
                    long nlink = s.stx2.getInt(Native.STX_NLINK) & 0xffffffffL;
                    if (nlink == 0) {
                        fdCache.remove(victim, cached);
                    } else {
                        changes.modified(victimIno, ctimeNs(s.stx2));
                    }
                }
            } finally {
                cached.close();
            }
        }
    }

    @Override
    public Renamed rename(Creds creds, FileHandle fromDir, String fromName, FileHandle toDir, String toName) {
        byte[] fb = checkName(fromName, FsError.INVAL);
        byte[] tb = checkName(toName, FsError.INVAL);
        Scratch s = Scratch.get();
        try (FdRef from = resolve(fromDir, s, 0); FdRef to = resolve(toDir, s, 0)) {
            requireDir(from);
            requireDir(to);
            boolean sameDir = from.ino == to.ino;
            long beforeFrom = dirChange(from, s);
            long beforeTo = sameDir ? beforeFrom : dirChange(to, s);
            Scratch.putCString(s.path1, fb);
            Scratch.putCString(s.path2, tb);
            if (LIBC.statx(from.fd, s.path1P, AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stxP) < 0) {
                throw FsException.errno(errno(), "rename " + fromName);
            }
            long srcIno = ino(s.stx);
            FileHandle victim = null;
            long victimIno = -1;
            if (LIBC.statx(to.fd, s.path2P, AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stxP) == 0) {
                victimIno = ino(s.stx);
                if (victimIno == srcIno) {
                    // two names of the same file: rename does nothing
                    return new Renamed(new ChangeInfo(false, beforeFrom, beforeFrom), new ChangeInfo(false, beforeTo, beforeTo));
                }
                victim = handleAt(to.fd, s.path2P, s.stx, s);
            }
            int sw = switcher.enter(creds, s);
            int rc;
            try {
                rc = LIBC.renameat(from.fd, s.path1P, to.fd, s.path2P);
            } finally {
                switcher.exit(sw);
            }
            if (rc < 0) {
                throw FsException.errno(errno(), "rename " + fromName + " to " + toName);
            }
            long afterFrom = dirModified(from, s);
            long afterTo = sameDir ? afterFrom : dirModified(to, s);
            if (LIBC.statx(to.fd, s.path2P, AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stxP) == 0 && ino(s.stx) == srcIno) {
                changes.modified(srcIno, ctimeNs(s.stx));
                if (seen != null) {
                    seen.put(srcIno, new Seen(toDir, toName));
                }
            }
            if (victimIno >= 0) {
                forget(victim, victimIno, toDir, toName, s);
            }
            // not atomic: other clients and local processes can change the directories between the reads
            return new Renamed(new ChangeInfo(false, beforeFrom, afterFrom), new ChangeInfo(false, beforeTo, afterTo));
        }
    }

    @Override
    public String readlink(Creds creds, FileHandle link) {
        Scratch s = Scratch.get();
        try (FdRef f = resolve(link, s, 0)) {
            if (f.type != FileType.SYMLINK) {
                throw new FsException(FsError.INVAL, "not a symbolic link");
            }
            long n = LIBC.readlinkat(f.fd, Native.empty(), s.linkP, Scratch.PATH_MAX);
            if (n < 0) {
                throw FsException.errno(errno(), "readlink");
            }
            s.link.get(0, s.bytes, 0, (int) n);
            return new String(s.bytes, 0, (int) n, StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- directories

    @Override
    public DirList readdir(Creds creds, FileHandle dir, long cookie, int maxEntries) {
        if (cookie == 1 || cookie == 2) {
            throw new FsException(FsError.BAD_COOKIE, "cookie " + cookie);
        }
        Scratch s = Scratch.get();
        try (FdRef d = resolve(dir, s, 0)) {
            requireDir(d);
            fstatx(d.fd, s.stx2, s.stx2P);
            if ((allowed(creds, s.stx2, Access.LOOKUP) & Access.LOOKUP) == 0) {
                // the entries' handles and attributes need search permission
                throw new FsException(FsError.ACCES, "no search permission on the directory");
            }
            Pointer p = s.procPath(d.fd);
            int sw = switcher.enter(creds, s);
            int fd;
            try {
                fd = LIBC.openat(AT_FDCWD, p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            } finally {
                switcher.exit(sw);
            }
            if (fd < 0) {
                throw FsException.errno(errno(), "opendir");
            }
            try {
                long dirIno = ino(s.stx2);
                // read before any entry: a modification from here on makes the listing a miss next time
                long change = changes.observe(dirIno, ctimeNs(s.stx2));
                DirListings.Listing l = dirListings.get(dirIno, change);
                if (l == null && cookie == 0) {
                    l = dirListings.start(dirIno, change);
                }
                return readEntries(fd, dir, l, cookie, maxEntries, s);
            } finally {
                Native.closeQuietly(fd);
            }
        }
    }

    /**
     * A page of entries after {@code cookie}: those {@code listing} recorded, then from
     * getdents64 (recorded in turn when they continue the listing).
     */
    private DirList readEntries(int fd, FileHandle dir, DirListings.Listing listing, long cookie, int maxEntries,
                                Scratch s) {
        List<DirEntry> entries = new ArrayList<>(Math.min(Math.max(maxEntries, 0), 1024));
        long notBefore = System.nanoTime() - attrMaxAgeNanos;
        int i = listing == null ? -1 : listing.indexAfter(cookie);
        if (i >= 0) {
            int size = listing.size();
            for (; i < size; i++) {
                if (entries.size() >= maxEntries) {
                    return new DirList(entries, false);
                }
                DirListings.Entry e = listing.get(i);
                Scratch.putCString(s.path1, e.nameBytes);
                entry(fd, dir, s.path1P, e.name, e.cookie, e, notBefore, entries, s);
            }
            if (listing.complete()) {
                return new DirList(entries, true);
            }
            cookie = size == 0 ? cookie : listing.get(size - 1).cookie;
        } else {
            listing = null;
        }
        if (cookie != 0) {
            long off = cookie - 3;
            long r = LIBC.lseek(fd, off, Native.SEEK_SET);
            if (r != off) {
                throw new FsException(FsError.BAD_COOKIE, "cookie " + Long.toUnsignedString(cookie));
            }
        }
        ByteBuffer buf = s.dents();
        Pointer bufP = s.dentsPointer();
        long after = cookie;
        for (;;) {
            long n = LIBC.getdents64(fd, bufP, Scratch.DIRENT_BUFFER);
            if (n < 0) {
                int e = errno();
                if (e == Native.EINVAL || e == Native.ENOENT) {
                    throw new FsException(FsError.BAD_COOKIE, "getdents64 at cookie " + Long.toUnsignedString(cookie) + " (errno " + e + ")");
                }
                throw FsException.errno(e, "getdents64");
            }
            if (n == 0) {
                if (listing != null) {
                    listing.end(after);
                }
                return new DirList(entries, true);
            }
            int pos = 0;
            while (pos < n) {
                int reclen = buf.getShort(pos + 16) & 0xffff;
                long off = buf.getLong(pos + 8);
                int nameOff = pos + 19;
                int len = 0;
                while (nameOff + len < pos + reclen && buf.get(nameOff + len) != 0) {
                    len++;
                }
                int at = pos;
                pos += reclen;
                if (reclen == 0) {
                    throw new FsException(FsError.IO, "corrupt getdents64 record");
                }
                if ((len == 1 && buf.get(nameOff) == '.') || (len == 2 && buf.get(nameOff) == '.' && buf.get(nameOff + 1) == '.')) {
                    continue;
                }
                if (entries.size() >= maxEntries) {
                    return new DirList(entries, false);
                }
                long c = off + 3;
                if (c == 0 || c == 1 || c == 2) {
                    throw new FsException(FsError.IO, "directory offset " + off + " cannot be a cookie");
                }
                byte[] nameBytes = new byte[len];
                buf.get(at + 19, nameBytes, 0, len);
                String nm = new String(nameBytes, StandardCharsets.UTF_8);
                DirListings.Entry recorded = null;
                if (listing != null) {
                    recorded = new DirListings.Entry(nm, nameBytes, buf.getLong(at), c);
                    listing.append(after, recorded);
                }
                after = c;
                entry(fd, dir, Native.offset(bufP, nameOff), nm, c, recorded, notBefore, entries, s);
            }
        }
    }

    /**
     * Adds the entry {@code name} of the directory open as {@code fd} with its attributes: those
     * {@code recorded} remembers if they are young enough and nothing was done to the file through
     * this back end since, else read now — unless it is gone or a mount point. Its handle is
     * {@code recorded}'s if that was made for the same file, else made here (and remembered there).
     */
    private void entry(int fd, FileHandle dir, Pointer name, String nm, long cookie, DirListings.Entry recorded,
                       long notBefore, List<DirEntry> entries, Scratch s) {
        boolean memoize = attrMaxAgeNanos > 0;
        long token = 0;
        if (recorded != null) {
            // taken before the statx: a modification after it changes the token
            token = changes.token(recorded.ino);
            DirListings.Memo m = memoize ? recorded.attributes(notBefore, token) : null;
            if (m != null) {
                listed(entries, new DirEntry(nm, cookie, m.handle(), m.stat()), recorded.ino, dir);
                return;
            }
        }
        long readAt = System.nanoTime();
        if (LIBC.statx(fd, name, AT_SYMLINK_NOFOLLOW, STATX_WANT, s.stxP) < 0) {
            return; // removed meanwhile
        }
        if (dev(s.stx) != rootDev) {
            return; // a mount point: not exported
        }
        long ino = ino(s.stx);
        long gen = gen(s.stx);
        FileHandle h = recorded == null ? null : recorded.handle(ino, gen);
        if (h == null) {
            h = handleAt(fd, name, s.stx, s);
            if (h == null) {
                return;
            }
        }
        Stat st = stat(s.stx, changes.observe(ino, ctimeNs(s.stx)));
        if (recorded != null) {
            recorded.remember(ino, gen, h, memoize ? st : null, token, readAt);
        }
        listed(entries, new DirEntry(nm, cookie, h, st), ino, dir);
    }

    /** {@code e}, the file {@code ino} in {@code dir}, goes into the listing (and where it was seen is noted). */
    private void listed(List<DirEntry> entries, DirEntry e, long ino, FileHandle dir) {
        entries.add(e);
        if (seen != null) {
            seen.put(ino, new Seen(dir, e.name()));
        }
    }

    @Override
    public FsStats statfs(Creds creds, FileHandle file) {
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0)) {
            if (LIBC.fstatfs(f.fd, s.statfsP) < 0) {
                throw FsException.errno(errno(), "statfs");
            }
            ByteBuffer b = s.statfs;
            long bsize = b.getLong(8);
            long frsize = b.getLong(72);
            long unit = frsize > 0 ? frsize : bsize;
            return new FsStats(b.getLong(16) * unit, b.getLong(24) * unit, b.getLong(32) * unit,
                    b.getLong(40), b.getLong(48), b.getLong(48));
        }
    }

    // ---------------------------------------------------------------- I/O

    @Override
    public IoHandle open(Creds creds, FileHandle file, int accessMask) {
        int rw = accessMask & (Access.READ | Access.WRITE);
        if (rw == 0 || (accessMask & ~(Access.READ | Access.WRITE)) != 0) {
            throw new FsException(FsError.INVAL, "access mask " + accessMask);
        }
        Scratch s = Scratch.get();
        try (FdRef f = resolve(file, s, 0)) {
            switch (f.type) {
                case REGULAR -> {
                }
                case DIRECTORY -> throw new FsException(FsError.ISDIR, "open of a directory");
                case SYMLINK -> throw new FsException(FsError.SYMLINK, "open of a symbolic link");
                default -> throw new FsException(FsError.WRONG_TYPE, "open of a " + f.type);
            }
            int flags = (rw == (Access.READ | Access.WRITE) ? O_RDWR : rw == Access.WRITE ? O_WRONLY : O_RDONLY) | O_CLOEXEC | O_NOCTTY;
            Pointer p = s.procPath(f.fd);
            int sw = switcher.enter(creds, s);
            int fd;
            try {
                fd = LIBC.openat(AT_FDCWD, p, flags, 0);
            } finally {
                switcher.exit(sw);
            }
            int e = fd < 0 ? errno() : 0;
            if (fd < 0 && e == Native.EACCES && rw == Access.READ && switcher.enabled()) {
                // knfsd lets a caller read what it may execute (so that binaries run over NFS)
                fstatx(f.fd, s.stx, s.stxP);
                if ((allowed(creds, s.stx, Access.EXECUTE) & Access.EXECUTE) != 0) {
                    fd = LIBC.openat(AT_FDCWD, s.procPath(f.fd), flags, 0);
                    e = fd < 0 ? errno() : 0;
                }
            }
            if (fd < 0) {
                throw FsException.errno(e, "open");
            }
            if ((rw & Access.WRITE) != 0) {
                if (LIBC.statx(fd, Native.empty(), AT_EMPTY_PATH, STATX_WANT, s.stxP) == 0) {
                    changes.track(ino(s.stx), ctimeNs(s.stx));
                }
            }
            LocalIoHandle h = new LocalIoHandle(this, file, new FdRef(fd, FileType.REGULAR, f.ino), rw, creds, f.ino);
            openIo.add(h);
            openCount.incrementAndGet();
            if (closed) {
                h.close();
                throw closedException();
            }
            return h;
        }
    }

    @Override
    public int openHandles() {
        return openCount.get();
    }

    /** Byte-range locks as OFD locks, shared with local processes (see {@link OfdLocks}). */
    @Override
    public Optional<ByteRangeLocker> locker() {
        return Optional.of(locks);
    }

    /** User extended attributes (see {@link LocalXattrs}), unless the file system has none. */
    @Override
    public Optional<Xattrs> xattrs() {
        return Optional.ofNullable(xattrs);
    }

    void ioClosed(LocalIoHandle h) {
        if (openIo.remove(h)) {
            openCount.decrementAndGet();
        }
    }

    CredSwitcher switcher() {
        return switcher;
    }

    ChangeTracker changes() {
        return changes;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LocalIoHandle h : openIo.toArray(new LocalIoHandle[0])) {
            LOG.warn("export {}: closing I/O handle of {} left open", exportDir, h.file());
            h.close();
        }
        fdCache.clear();
        rootRef.close();
        Native.closeQuietly(mountFd);
    }

    // ---------------------------------------------------------------- handles and descriptors

    /** A freshly opened file: its acquired descriptor reference and its handle. */
    private record Adopted(FdRef ref, FileHandle handle) implements AutoCloseable {
        int fd() {
            return ref.fd;
        }

        FileType type() {
            return ref.type;
        }

        @Override
        public void close() {
            ref.close();
        }
    }

    /**
     * Takes a fresh O_PATH (or other) descriptor of {@code name} in {@code dir}: reads its
     * attributes into {@code s.stx}, computes its handle, learns where it was seen and caches the
     * descriptor. Closes fd on failure.
     */
    private Adopted adoptNew(int fd, FileHandle dir, String name, Scratch s) {
        FileHandle h;
        try {
            fstatx(fd, s.stx, s.stxP);
            if (dev(s.stx) != rootDev) {
                throw new FsException(FsError.XDEV, name + " is a mount point");
            }
            if (typeOf(s.stx) == null) {
                throw new FsException(FsError.IO, name + " has an unknown file type");
            }
            h = handleOfFd(fd, s.stx, s);
        } catch (RuntimeException e) {
            Native.closeQuietly(fd);
            throw e;
        }
        long ino = ino(s.stx);
        if (seen != null) {
            seen.put(ino, new Seen(dir, name));
        }
        return new Adopted(adopt(h, new FdRef(fd, typeOf(s.stx), ino)), h);
    }

    /** Caches {@code fresh} (whose only reference the caller hands over); returns an acquired reference. */
    private FdRef adopt(FileHandle h, FdRef fresh) {
        if (h.equals(rootHandle)) {
            fresh.close();
            if (!rootRef.tryAcquire()) {
                throw closedException();
            }
            return rootRef;
        }
        fresh.tryAcquire(); // one reference for the cache, one for the caller
        for (;;) {
            FdRef cur = fdCache.putIfAbsent(h, fresh);
            if (cur == fresh) {
                return fresh;
            }
            if (cur.tryAcquire()) {
                fresh.close();
                fresh.close();
                return cur;
            }
            Thread.onSpinWait(); // cur is being evicted
        }
    }

    /** An acquired reference to the O_PATH descriptor of {@code h}. */
    private FdRef resolve(FileHandle h, Scratch s, int depth) {
        Objects.requireNonNull(h, "handle");
        if (closed) {
            throw closedException();
        }
        if (h.equals(rootHandle)) {
            if (!rootRef.tryAcquire()) {
                throw closedException();
            }
            return rootRef;
        }
        FdRef r = fdCache.get(h);
        if (r != null && r.tryAcquire()) {
            return r;
        }
        HandleCodec.Decoded dh = codec.decode(h);
        FdRef fresh = dh.kind() == HandleCodec.KIND_KERNEL ? openKernel(dh, s) : openInode(dh, s, depth);
        return adopt(h, fresh);
    }

    /**
     * An acquired reference to the descriptor of {@code h} whose attributes are in {@code s.stx}:
     * STALE when the file has no links left.
     */
    FdRef resolveLinked(FileHandle h, Scratch s) {
        FdRef f = resolve(h, s, 0);
        boolean ok = false;
        try {
            fstatx(f.fd, s.stx, s.stxP);
            checkLinked(h, f, s.stx);
            ok = true;
            return f;
        } finally {
            if (!ok) {
                f.close();
            }
        }
    }

    private FdRef openKernel(HandleCodec.Decoded dh, Scratch s) {
        if (!kernelHandles) {
            throw new FsException(FsError.STALE, "kernel handle, but this export runs with inode handles");
        }
        s.fh.putInt(0, dh.fHandle().length);
        s.fh.putInt(4, dh.handleType());
        s.fh.put(8, dh.fHandle());
        int fd = LIBC.open_by_handle_at(mountFd, s.fhP, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            int e = errno();
            if (e == Native.ESTALE || e == Native.ENOENT || e == Native.EINVAL) {
                throw new FsException(FsError.STALE, "open_by_handle_at (errno " + e + ")");
            }
            throw FsException.errno(e, "open_by_handle_at");
        }
        fstatxOrClose(fd, s.stx, s.stxP);
        FileType t = typeOf(s.stx);
        long ino = ino(s.stx);
        boolean ok = dev(s.stx) == rootDev && nlink(s.stx) > 0 && t != null;
        if (ok && t == FileType.DIRECTORY) {
            ok = insideExport(fd, s);
        }
        if (!ok) {
            Native.closeQuietly(fd);
            throw new FsException(FsError.STALE, "file removed or no longer inside the export");
        }
        return new FdRef(fd, t, ino);
    }

    private FdRef openInode(HandleCodec.Decoded dh, Scratch s, int depth) {
        if (seen == null) {
            throw new FsException(FsError.STALE, "inode handle, but this export runs with kernel handles");
        }
        if (dh.dev() != rootDev) {
            throw new FsException(FsError.STALE, "handle of another device");
        }
        Seen where = seen.get(dh.ino());
        if (where == null) {
            throw new FsException(FsError.STALE, "file not seen since the gateway started");
        }
        if (depth > MAX_DEPTH) {
            throw new FsException(FsError.STALE, "directory chain too deep");
        }
        byte[] nb = where.name.getBytes(StandardCharsets.UTF_8);
        try (FdRef parent = resolve(where.dir, s, depth + 1)) {
            Scratch.putCString(s.path1, nb);
            int fd = LIBC.openat(parent.fd, s.path1P, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0) {
                seen.remove(dh.ino(), where);
                throw new FsException(FsError.STALE, "file gone from where it was seen (errno " + errno() + ")");
            }
            fstatxOrClose(fd, s.stx, s.stxP);
            FileType t = typeOf(s.stx);
            if (ino(s.stx) != dh.ino() || dev(s.stx) != rootDev || (dh.gen() != 0 && gen(s.stx) != dh.gen()) || nlink(s.stx) == 0 || t == null) {
                Native.closeQuietly(fd);
                throw new FsException(FsError.STALE, "another file now has that name");
            }
            return new FdRef(fd, t, dh.ino());
        }
    }

    /** Whether the directory open as {@code fd} reaches the export root through "..". */
    private boolean insideExport(int fd, Scratch s) {
        int cur = fd;
        try {
            for (int i = 0; i < MAX_DEPTH; i++) {
                if (LIBC.statx(cur, Native.empty(), AT_EMPTY_PATH, STATX_WANT, s.stx2P) < 0) {
                    return false;
                }
                long ino = ino(s.stx2);
                if (dev(s.stx2) != rootDev) {
                    return false;
                }
                if (ino == rootIno) {
                    return true;
                }
                int up = LIBC.openat(cur, DOTDOT, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
                if (cur != fd) {
                    Native.closeQuietly(cur);
                }
                cur = up;
                if (up < 0) {
                    return false;
                }
                if (LIBC.statx(up, Native.empty(), AT_EMPTY_PATH, STATX_WANT, s.stx2P) < 0 || ino(s.stx2) == ino) {
                    return false; // the top of the mount: the root was not on the way
                }
            }
            return false;
        } finally {
            if (cur != fd) {
                Native.closeQuietly(cur);
            }
        }
    }

    /**
     * Inode mode: makes sure every directory from {@code dir} up to the export root is known by
     * (parent, name), scanning the parent for the entry when necessary.
     */
    private void learnAncestry(FdRef dir, Scratch s) {
        int cur = dir.fd;
        long curIno = dir.ino;
        try {
            for (int i = 0; i < MAX_DEPTH && curIno != rootIno && seen.get(curIno) == null; i++) {
                int up = LIBC.openat(cur, DOTDOT, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
                if (up < 0) {
                    return;
                }
                if (cur != dir.fd) {
                    Native.closeQuietly(cur);
                }
                cur = up;
                fstatx(up, s.stx2, s.stx2P);
                long upIno = ino(s.stx2);
                FileHandle upHandle = upIno == rootIno ? rootHandle : codec.inode(rootDev, upIno, gen(s.stx2));
                String name = findName(up, curIno, s);
                if (name == null) {
                    return;
                }
                seen.put(curIno, new Seen(upHandle, name));
                curIno = upIno;
            }
        } finally {
            if (cur != dir.fd) {
                Native.closeQuietly(cur);
            }
        }
    }

    /** The name of inode {@code ino} in the directory open as O_PATH {@code dirFd}, or null. */
    private String findName(int dirFd, long ino, Scratch s) {
        int fd = LIBC.openat(AT_FDCWD, s.procPath(dirFd), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            return null;
        }
        try {
            ByteBuffer buf = s.dents();
            for (;;) {
                long n = LIBC.getdents64(fd, s.dentsPointer(), Scratch.DIRENT_BUFFER);
                if (n <= 0) {
                    return null;
                }
                for (int pos = 0; pos < n; ) {
                    int reclen = buf.getShort(pos + 16) & 0xffff;
                    if (reclen == 0) {
                        return null;
                    }
                    if (buf.getLong(pos) == ino) {
                        int len = 0;
                        while (len < reclen - 19 && buf.get(pos + 19 + len) != 0) {
                            len++;
                        }
                        buf.get(pos + 19, s.bytes, 0, len);
                        String nm = new String(s.bytes, 0, len, StandardCharsets.UTF_8);
                        if (!nm.equals(".") && !nm.equals("..")) {
                            return nm;
                        }
                    }
                    pos += reclen;
                }
            }
        } finally {
            Native.closeQuietly(fd);
        }
    }

    /** The handle of the file open as {@code fd}, whose statx is in {@code stx}. */
    private FileHandle handleOfFd(int fd, ByteBuffer stx, Scratch s) {
        if (!kernelHandles) {
            long ino = ino(stx);
            return ino == rootIno ? rootHandle : codec.inode(dev(stx), ino, gen(stx));
        }
        s.fh.putInt(0, Native.MAX_HANDLE_SZ);
        if (LIBC.name_to_handle_at(fd, Native.empty(), s.fhP, s.mountIdP, AT_EMPTY_PATH) < 0) {
            int e = errno();
            throw new FsException(e == Native.EOVERFLOW ? FsError.SERVERFAULT : FsError.fromErrno(e), "name_to_handle_at (errno " + e + ")");
        }
        return codec.kernel(s.fh);
    }

    /** The handle of {@code name} in {@code dirFd} (statx in {@code stx}), or null when it vanished. */
    private FileHandle handleAt(int dirFd, Pointer name, ByteBuffer stx, Scratch s) {
        if (!kernelHandles) {
            return codec.inode(dev(stx), ino(stx), gen(stx));
        }
        s.fh.putInt(0, Native.MAX_HANDLE_SZ);
        if (LIBC.name_to_handle_at(dirFd, name, s.fhP, s.mountIdP, 0) < 0) {
            int e = errno();
            if (e == Native.ENOENT) {
                return null;
            }
            throw new FsException(e == Native.EOVERFLOW ? FsError.SERVERFAULT : FsError.fromErrno(e), "name_to_handle_at (errno " + e + ")");
        }
        return codec.kernel(s.fh);
    }

    // ---------------------------------------------------------------- helpers

    /** Checks a name; {@code dotError} is the error for "." and "..". Returns its UTF-8 bytes. */
    private byte[] checkName(String name, FsError dotError) {
        return Names.check(name, dotError, info.maxNameLength());
    }

    private static void requireDir(FdRef d) {
        if (!d.isDirectory()) {
            throw new FsException(FsError.NOTDIR, "not a directory");
        }
    }

    /** STALE for a file with no links left (removed while its descriptor was cached). */
    private void checkLinked(FileHandle h, FdRef f, ByteBuffer stx) {
        if (nlink(stx) == 0 && f != rootRef) {
            fdCache.remove(h, f);
            throw new FsException(FsError.STALE, "file removed");
        }
    }

    private long dirChange(FdRef d, Scratch s) {
        fstatx(d.fd, s.stx2, s.stx2P);
        return changes.observe(ino(s.stx2), ctimeNs(s.stx2));
    }

    private long dirModified(FdRef d, Scratch s) {
        fstatx(d.fd, s.stx2, s.stx2P);
        return changes.modified(ino(s.stx2), ctimeNs(s.stx2));
    }

    static void fstatx(int fd, ByteBuffer buf, Pointer p) {
        if (LIBC.statx(fd, Native.empty(), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_WANT, p) < 0) {
            throw FsException.errno(errno(), "statx");
        }
    }

    private static void fstatxOrClose(int fd, ByteBuffer buf, Pointer p) {
        if (LIBC.statx(fd, Native.empty(), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_WANT, p) < 0) {
            int e = errno();
            Native.closeQuietly(fd);
            throw FsException.errno(e, "statx");
        }
    }

    private FsException closedException() {
        return new FsException(FsError.SERVERFAULT, "export " + exportDir + " is closed");
    }

    static long ino(ByteBuffer stx) {
        return stx.getLong(Native.STX_INO);
    }

    static long nlink(ByteBuffer stx) {
        return stx.getInt(Native.STX_NLINK) & 0xffffffffL;
    }

    static long dev(ByteBuffer stx) {
        return ((long) stx.getInt(Native.STX_DEV_MAJOR) << 32) | (stx.getInt(Native.STX_DEV_MINOR) & 0xffffffffL);
    }

    static long ctimeNs(ByteBuffer stx) {
        return stx.getLong(Native.STX_CTIME) * 1_000_000_000L + (stx.getInt(Native.STX_CTIME + 8) & 0xffffffffL);
    }

    /** The birth time in ns as a generation number, 0 when unknown. */
    static long gen(ByteBuffer stx) {
        if ((stx.getInt(Native.STX_MASK) & Native.STATX_BTIME) == 0) {
            return 0;
        }
        return stx.getLong(Native.STX_BTIME) * 1_000_000_000L + (stx.getInt(Native.STX_BTIME + 8) & 0xffffffffL);
    }

    static FileType typeOf(ByteBuffer stx) {
        return FileType.fromMode(stx.getShort(Native.STX_MODE) & 0xffff);
    }

    private static Timestamp ts(ByteBuffer stx, int off) {
        return new Timestamp(stx.getLong(off), stx.getInt(off + 8));
    }

    static Stat stat(ByteBuffer stx, long change) {
        FileType t = typeOf(stx);
        if (t == null) {
            throw new FsException(FsError.IO, "unknown file type");
        }
        boolean btime = (stx.getInt(Native.STX_MASK) & Native.STATX_BTIME) != 0;
        return new Stat(t,
                stx.getShort(Native.STX_MODE) & 07777,
                nlink(stx),
                stx.getInt(Native.STX_UID),
                stx.getInt(Native.STX_GID),
                stx.getLong(Native.STX_SIZE),
                stx.getLong(Native.STX_BLOCKS) * 512,
                stx.getInt(Native.STX_RDEV_MAJOR),
                stx.getInt(Native.STX_RDEV_MINOR),
                ino(stx),
                ts(stx, Native.STX_ATIME),
                ts(stx, Native.STX_MTIME),
                ts(stx, Native.STX_CTIME),
                btime ? ts(stx, Native.STX_BTIME) : null,
                change);
    }

}
