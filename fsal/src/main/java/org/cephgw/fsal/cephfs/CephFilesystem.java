package org.cephgw.fsal.cephfs;

import org.cephgw.fsal.util.BoundedLru;
import org.cephgw.fsal.util.Names;
import org.cephgw.fsal.util.UserXattrs;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import org.cephgw.fsal.XattrSetMode;
import org.cephgw.fsal.cephfs.CephMountException.Setting;
import org.cephgw.fsal.cephfs.InodeRef.Vino;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.cephgw.fsal.cephfs.LibCephFs.API;

/**
 * The {@code cephfs} back end: exports a directory of a CephFS file system through libcephfs's
 * low-level {@code ceph_ll_*} API (Debian's libcephfs2 16.2, bound with jnr-ffi). One instance is
 * one CephFS client session (one {@code ceph_mount_info}); libcephfs serialises most work of a
 * mount under its client lock, so a gateway that needs more metadata parallelism runs more
 * mounts.
 *
 * <h2>Mounting</h2>
 * {@code ceph_create(id)} → {@code ceph_conf_read_file} → {@code client_mount_timeout} and
 * {@code rados_mon_op_timeout} set to {@link CephOptions#mountTimeout()} (the latter also bounds
 * monitor requests later, e.g. statfs), {@code client_permissions=true},
 * {@code client_acl_type=posix_acl}, keyring or key →
 * {@code ceph_init} (connects to the monitors and authenticates) → optional session reclaim
 * ({@link CephOptions#uuid()}) → {@code ceph_select_filesystem} → {@code ceph_mount(exportPath)}.
 * Every failure is a {@link CephMountException} naming the setting at fault; a dead monitor
 * fails after about one mount timeout (inside {@code ceph_init}), a file system without an
 * active MDS after about one mount timeout (inside {@code ceph_mount}), a rejected key, an
 * unknown user, a missing file system or export path at once.
 *
 * <h2>File handles</h2>
 * See {@link CephHandles}: {@code {export id, ino, snapid, fscid}}, valid on every gateway node
 * with the same export id and across restarts. A handle is resolved from a bounded cache of
 * {@code Inode*} references ({@link CephOptions#inodeCacheSize()}; every {@code ceph_ll_get}-style
 * reference is balanced by a {@code ceph_ll_put}), else with {@code ceph_ll_lookup_inode} (or
 * {@code ceph_ll_lookup_vino} for snapshots), which asks the MDS when the client does not know
 * the inode. A file whose last link is gone is {@link FsError#STALE}. When the export is a
 * sub-directory, a directory resolved from a handle is checked (once, when it enters the cache)
 * to reach the export root through "..", so that a forged directory handle cannot open the rest
 * of the file system; other files cannot be checked that way (libcephfs has no parent lookup for
 * them): restrict the cephx user's MDS caps to the export path for a hard boundary.
 *
 * <h2>Credentials</h2>
 * Each call runs with a {@code UserPerm} of the caller's uid, gid and groups
 * ({@code ceph_userperm_new}, cached per {@link Creds}), so libcephfs checks permissions (mode
 * bits; {@code client_permissions} is on by default) and new files belong to the caller. An
 * {@link IoHandle} is checked when opened; reading is also allowed with only execute permission,
 * as knfsd does. Creating device nodes needs uid 0 (CephFS itself would let anyone). {@link #access}
 * and the search permission READDIR needs are computed from the mode bits. Unlike the local back
 * end, hard links to files the caller can neither read nor write are not refused
 * (CephFS has no protected_hardlinks).
 *
 * <h2>Attributes</h2>
 * {@code ceph_ll_getattr} with {@code struct ceph_statx}. The change attribute is derived from
 * {@code stx_version}, which CephFS bumps on every change of data or metadata (kept by the MDS, so
 * it is the same on every gateway node and never goes back): {@code stx_version << 24}, plus a
 * local count for directories whose version libcephfs 16.2 fails to refresh (the source
 * directory of a rename); see {@link ChangeOverlay}. EXCLUSIVE create keeps the verifier in atime
 * and mtime seconds (unsigned 32 bits each, as CephFS stores times). A change of owner together
 * with a mode is applied as chown, then chmod, so that requested set-id bits survive.
 *
 * <h2>Directories</h2>
 * READDIR cookies are libcephfs directory positions ({@code ceph_telldir}, hash-ordered in
 * CephFS, hence stable while the directory changes) plus 3, so 0, 1 and 2 are never returned; a
 * cookie that cannot be a position is {@link FsError#BAD_COOKIE}. "." and ".." are skipped.
 *
 * <h2>I/O</h2>
 * {@link #open} makes an {@code Fh} ({@code ceph_ll_open}); {@link #openHandles()} counts them.
 * ALLOCATE ({@code ceph_ll_fallocate} mode 0) cannot reserve space in CephFS: it only extends the
 * file size; DEALLOCATE punches a hole (PUNCH_HOLE|KEEP_SIZE). SEEK uses {@code ceph_ll_lseek}
 * with SEEK_DATA/SEEK_HOLE, which libcephfs 16.2 answers without looking at the objects: the whole
 * file is data and the only hole is at the end of the file.
 *
 * <h2>Byte-range locks</h2>
 * {@link #lock}, {@link #unlock} and {@link #test} take POSIX (fcntl) locks in CephFS
 * ({@code ceph_ll_setlk}/{@code ceph_ll_getlk}) on an open {@link IoHandle} with a 64-bit lock
 * owner, so they conflict with locks of other owners and of every other CephFS client (other
 * gateway nodes, kernel clients, ceph-fuse). Closing an IoHandle releases the locks taken through
 * it. libcephfs keeps lock state per Fh and aborts the process when one owner's locks are changed
 * through two Fh; so the lock operations of an owner on a file all go through the IoHandle it
 * first locked through (while that is open), whichever IoHandle the caller passes.
 * {@link #locker()} offers the same as the gateway's {@link Filesystem.ByteRangeLocker}.
 *
 * <h2>Extended attributes</h2>
 * {@link #getxattr}, {@link #setxattr}, {@link #listxattr} and {@link #removexattr} take full
 * names of any namespace (the POSIX ACLs are system.posix_acl_*); {@link #xattrs()}, what NFS
 * clients reach, is the "user." namespace only, with the local back end's limits.
 *
 * <h2>Closing</h2>
 * {@link #close()} waits for calls in progress (a blocking lock wait included), closes forgotten
 * IoHandles, drops every Inode reference and unmounts ({@code ceph_unmount} + {@code ceph_release}).
 * {@link #abortConnection()} instead drops the session without releasing its caps and locks
 * ({@code ceph_abort_conn}), for a successor that reclaims it.
 */
public final class CephFilesystem implements Filesystem {
    private static final Logger LOG = LoggerFactory.getLogger(CephFilesystem.class);

    /** maxRead / maxWrite */
    static final int MAX_IO = 1 << 20;
    private static final int MAX_NAME = 255;
    private static final int MAX_DEPTH = 4096;
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DEFAULT_DIR_MODE = 0755;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final byte[] DOTDOT = {'.', '.'};

    private final CephOptions options;
    private final long cmount;
    private final long fscid;
    private final int exportId;
    private final InodeRef rootRef;
    private final Vino rootVino;
    private final FileHandle rootHandle;
    private final boolean checkAncestry;
    private final BoundedLru<Vino, InodeRef> inodes;
    private final ChangeOverlay changes = new ChangeOverlay(65536);
    private final UserPerms perms;
    private final UserPerms.Perm rootPerm;
    private final FsInfo info;
    private final Set<CephIoHandle> openIo = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<LockKey, CephIoHandle> lockHomes = new ConcurrentHashMap<>();
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** libcephfs Inode references held (cached, in use, transient) */
    private final AtomicLong inodeRefs = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean unmounted;
    /** READDIR streams kept open from one page to the next */
    private final OpenDirs openDirs = new OpenDirs(this::releaseDir, System::nanoTime);

    /** Connects and mounts; see the class comment. */
    public CephFilesystem(CephOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        if (!LibCephFs.available()) {
            try {
                LibCephFs.requireLoaded();
            } catch (IllegalStateException e) {
                throw new CephMountException(Setting.OTHER, 0, e.getMessage());
            }
        }
        this.exportId = options.exportId();
        this.cmount = Mounter.mount(options);
        boolean ok = false;
        UserPerms up = null;
        UserPerms.Perm rp = null;
        try {
            long cid = API.ceph_get_fs_cid(cmount);
            if (cid < 0) {
                throw new CephMountException(Setting.OTHER, (int) -cid, "ceph_get_fs_cid failed (errno " + -cid + ")");
            }
            this.fscid = cid;
            up = new UserPerms(1024);
            this.perms = up;
            rp = up.root();
            this.rootPerm = rp;
            CephScratch s = CephScratch.get();
            s.out.putLong(0, 0);
            int rc = API.ceph_ll_lookup_root(cmount, s.outA);
            if (rc < 0) {
                throw new CephMountException(Setting.EXPORT_PATH, -rc, "cannot look up the root of " + options.exportPath() + " (errno " + -rc + ")");
            }
            long root = took(s.out.getLong(0));
            rc = API.ceph_ll_getattr(cmount, root, s.stxA, LibCephFs.WANT, 0, rootPerm.pointer);
            if (rc < 0 || typeOf(s.stx) != FileType.DIRECTORY) {
                put(root);
                throw new CephMountException(Setting.EXPORT_PATH, rc < 0 ? -rc : 0,
                        "export path " + options.exportPath() + " is not a directory" + (rc < 0 ? " (errno " + -rc + ")" : ""));
            }
            long rootIno = s.stx.getLong(LibCephFs.STX_INO);
            long rootSnap = s.stx.getLong(LibCephFs.STX_DEV);
            this.rootRef = new InodeRef(root, rootIno, rootSnap, FileType.DIRECTORY, this::put);
            this.rootVino = rootRef.vino();
            this.rootHandle = CephHandles.encode(exportId, rootIno, rootSnap, fscid);
            this.checkAncestry = !"/".equals(options.exportPath().replaceAll("/+", "/"));
            this.inodes = new BoundedLru<>(options.inodeCacheSize(), InodeRef::close);
            this.info = new FsInfo(fscid, rootIno, Long.MAX_VALUE, MAX_IO, MAX_IO, MAX_NAME, true, true, true, 1, true);
            ok = true;
            LOG.info("CephFS export {} of file system {} (fscid {}) mounted as client.{}, export id {}, {}",
                    options.exportPath(), options.fsName() == null ? "(default)" : options.fsName(), fscid,
                    options.effectiveUserId(), exportId, LibCephFs.VERSION);
        } finally {
            if (!ok) {
                if (rp != null) {
                    rp.close();
                }
                if (up != null) {
                    up.close();
                }
                API.ceph_unmount(cmount);
                API.ceph_release(cmount);
            }
        }
    }

    public CephOptions options() {
        return options;
    }

    /** The CephFS file system id (fscid) of the mounted file system. */
    public long fscid() {
        return fscid;
    }

    /** Number of Inode references in the cache (metrics, tests). */
    public int cachedInodes() {
        return inodes.size();
    }

    /**
     * Number of libcephfs Inode references this instance holds: the cache's, the root's and those
     * of calls in progress and open IoHandles (leak checks). 0 after {@link #close()}.
     */
    public long inodeReferences() {
        return inodeRefs.get();
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
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                statx(f, s.stx, s.stxA, p);
                checkLinked(f, s.stx);
                return stat(s.stx);
            }
        } finally {
            exit();
        }
    }

    @Override
    public Stat setattr(Creds creds, FileHandle file, SetAttributes attrs) {
        Objects.requireNonNull(attrs, "attrs");
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (!attrs.isEmpty()) {
                    applyAttrs(p, f, attrs, s);
                }
                statx(f, s.stx, s.stxA, p);
                checkLinked(f, s.stx);
                return stat(s.stx);
            }
        } finally {
            exit();
        }
    }

    /**
     * Applies the attributes with ceph_ll_setattr (the struct built in stx2): in one call, or, when
     * both the owner and the mode change, the owner first and then the rest (a change of owner
     * clears set-id bits, as chown + chmod would). ceph_ll_setattr writes the resulting attributes
     * back into the struct, so it is built again for each call.
     */
    private void applyAttrs(UserPerms.Perm p, InodeRef f, SetAttributes a, CephScratch s) {
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
        }
        // symbolic links have no mode of their own: ignored, as knfsd does
        boolean mode = a.mode() != null && f.type != FileType.SYMLINK;
        boolean owner = a.uid() != null || a.gid() != null;
        boolean rest = mode || a.size() != null || a.atime() != null || a.mtime() != null;
        if (owner && rest) {
            setattr(p, f, new SetAttributes(null, a.uid(), a.gid(), null, null, null), false, s);
            setattr(p, f, new SetAttributes(a.mode(), null, null, a.size(), a.atime(), a.mtime()), mode, s);
        } else if (owner || rest) {
            setattr(p, f, a, mode, s);
        }
    }

    private void setattr(UserPerms.Perm p, InodeRef f, SetAttributes a, boolean withMode, CephScratch s) {
        ByteBuffer x = s.stx2;
        CephScratch.zero(x);
        int mask = 0;
        if (a.uid() != null) {
            mask |= LibCephFs.SETATTR_UID;
            x.putInt(LibCephFs.STX_UID, a.uid());
        }
        if (a.gid() != null) {
            mask |= LibCephFs.SETATTR_GID;
            x.putInt(LibCephFs.STX_GID, a.gid());
        }
        if (withMode && a.mode() != null) {
            mask |= LibCephFs.SETATTR_MODE;
            x.putShort(LibCephFs.STX_MODE, (short) (a.mode() & 07777));
        }
        if (a.size() != null) {
            mask |= LibCephFs.SETATTR_SIZE;
            x.putLong(LibCephFs.STX_SIZE, a.size());
        }
        mask |= putTime(x, LibCephFs.STX_ATIME, a.atime(), LibCephFs.SETATTR_ATIME, LibCephFs.SETATTR_ATIME_NOW);
        mask |= putTime(x, LibCephFs.STX_MTIME, a.mtime(), LibCephFs.SETATTR_MTIME, LibCephFs.SETATTR_MTIME_NOW);
        if (mask == 0) {
            return;
        }
        int rc = API.ceph_ll_setattr(cmount, f.inode, s.stx2A, mask, p.ptr);
        if (rc < 0) {
            throw FsException.errno(-rc, "setattr");
        }
    }

    private static int putTime(ByteBuffer x, int off, SetAttributes.TimeSet t, int bit, int nowBit) {
        if (t == null) {
            return 0;
        }
        Timestamp ts = t.serverTime() ? Timestamp.now() : t.time();
        x.putLong(off, ts.seconds());
        x.putLong(off + 8, ts.nanos());
        return t.serverTime() ? bit | nowBit : bit;
    }

    @Override
    public int access(Creds creds, FileHandle file, int mask) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s)) {
                statx(f, s.stx, s.stxA, rootPerm);
                return allowed(creds, s.stx, mask);
            }
        } finally {
            exit();
        }
    }

    /** The bits of {@code mask} the mode bits in {@code stx} grant to {@code c}. */
    static int allowed(Creds c, ByteBuffer stx, int mask) {
        return Access.grantedByMode(c, stx.getShort(LibCephFs.STX_MODE) & 0xffff, stx.getInt(LibCephFs.STX_UID),
                stx.getInt(LibCephFs.STX_GID), mask);
    }

    // ---------------------------------------------------------------- names

    @Override
    public Lookup lookup(Creds creds, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.NOENT);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long in;
                try {
                    in = llLookup(d, s.name1(nb), s.out, s.outA, s.stxA, p.ptr, name);
                } catch (FsException e) {
                    if (e.error() == FsError.NOENT) {
                        // a directory removed while its inode was cached: its handle is STALE, not the name missing
                        statx(d, s.stx2, s.stx2A, rootPerm);
                        checkLinked(d, s.stx2);
                    }
                    throw e;
                }
                try (InodeRef child = adopt(in, s.stx)) {
                    return new Lookup(handleOf(child), stat(s.stx));
                }
            }
        } finally {
            exit();
        }
    }

    @Override
    public Lookup lookupParent(Creds creds, FileHandle dir) {
        if (dir.equals(rootHandle)) {
            throw new FsException(FsError.NOENT, "the export root has no parent");
        }
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                if (d == rootRef) {
                    throw new FsException(FsError.NOENT, "the export root has no parent");
                }
                long in = llLookup(d, s.name1(DOTDOT), s.out, s.outA, s.stxA, p.ptr, "..");
                Vino v = vinoOf(s.stx);
                if (v.equals(rootVino)) {
                    put(in);
                    statx(rootRef, s.stx, s.stxA, p);
                    return new Lookup(rootHandle, stat(s.stx));
                }
                if (checkAncestry && inodes.get(v) == null && !insideExport(in, s)) {
                    put(in);
                    throw new FsException(FsError.STALE, "directory no longer inside the export");
                }
                try (InodeRef parent = adopt(in, s.stx)) {
                    return new Lookup(handleOf(parent), stat(s.stx));
                }
            }
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- creation

    @Override
    public Created create(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs) {
        return create(creds, dir, name, how, attrs, 0).created();
    }

    /** ceph_ll_create opens the file it creates: that open is kept instead of a second request (ll_open). */
    @Override
    public CreatedOpen createOpen(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs,
                                  int accessMask) {
        int rw = Access.ofCreator(accessMask);
        return create(creds, dir, name, how, attrs, rw);
    }

    /** @param rw the access to keep the new file open for, or 0 to close it */
    private CreatedOpen create(Creds creds, FileHandle dir, String name, CreateHow how, SetAttributes attrs, int rw) {
        Objects.requireNonNull(how, "how");
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        byte[] nb = checkName(name, FsError.EXIST);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long before = dirChange(d, s);
                int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_FILE_MODE;
                long nameA = s.name1(nb);
                s.out.putLong(0, 0);
                s.out2.putLong(0, 0);
                int open = rw == (Access.READ | Access.WRITE) ? LibCephFs.O_RDWR : LibCephFs.O_RDONLY;
                int rc = API.ceph_ll_create(cmount, d.inode, nameA, mode, open | LibCephFs.O_CREAT | LibCephFs.O_EXCL,
                        s.outA, s.out2A, s.stxA, LibCephFs.WANT, 0, p.ptr);
                if (rc == 0) {
                    long in = took(s.out.getLong(0));
                    long fh = s.out2.getLong(0);
                    boolean kept = false;
                    try (InodeRef f = adopt(in, s.stx)) {
                        SetAttributes rest = how instanceof CreateHow.Exclusive
                                ? new SetAttributes(a.mode(), a.uid(), a.gid(), a.size(), null, null) : a;
                        boolean changed = finishAttrs(p, f, rest, mode, s);
                        if (how instanceof CreateHow.Exclusive ex) {
                            changed = true;
                            // the verifier lives in atime.sec (first 4 bytes) and mtime.sec (last 4), as in NFSv3
                            ByteBuffer v = ByteBuffer.wrap(ex.verifier());
                            ByteBuffer x = s.stx2;
                            CephScratch.zero(x);
                            x.putLong(LibCephFs.STX_ATIME, v.getInt(0) & 0xffffffffL);
                            x.putLong(LibCephFs.STX_MTIME, v.getInt(4) & 0xffffffffL);
                            int r2 = API.ceph_ll_setattr(cmount, f.inode, s.stx2A, LibCephFs.SETATTR_ATIME | LibCephFs.SETATTR_MTIME, p.ptr);
                            if (r2 < 0) {
                                throw FsException.errno(-r2, "set the exclusive-create verifier");
                            }
                        }
                        if (changed) {
                            statx(f, s.stx, s.stxA, p);
                        }
                        Stat st = stat(s.stx);
                        long after = dirChange(d, s);
                        Created c = new Created(handleOf(f), st, dirInfo(d, before, after), true);
                        IoHandle io = null;
                        if (rw != 0 && fh != 0 && f.tryAcquire()) {
                            io = opened(c.handle(), f, fh, rw);
                            kept = true;
                        }
                        return new CreatedOpen(c, io);
                    } finally {
                        if (!kept && fh != 0) {
                            API.ceph_ll_close(cmount, fh);
                        }
                    }
                }
                if (rc != -LibCephFs.EEXIST || how instanceof CreateHow.Guarded) {
                    throw FsException.errno(-rc, "create " + name);
                }
                // an existing name: UNCHECKED opens it, EXCLUSIVE accepts it if it holds our verifier
                long in = llLookup(d, nameA, s.out, s.outA, s.stxA, p.ptr, name);
                try (InodeRef f = adopt(in, s.stx)) {
                    FileType t = f.type;
                    if (how instanceof CreateHow.Exclusive ex) {
                        ByteBuffer v = ByteBuffer.wrap(ex.verifier());
                        boolean same = t == FileType.REGULAR
                                && s.stx.getLong(LibCephFs.STX_ATIME) == (v.getInt(0) & 0xffffffffL)
                                && s.stx.getLong(LibCephFs.STX_MTIME) == (v.getInt(4) & 0xffffffffL);
                        if (!same) {
                            throw new FsException(FsError.EXIST, name + " exists");
                        }
                        return new CreatedOpen(new Created(handleOf(f), stat(s.stx), unchanged(d, before), false), null);
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
                    if (a.size() != null) {
                        applyAttrs(p, f, new SetAttributes(null, null, null, a.size(), null, null), s);
                        statx(f, s.stx, s.stxA, p);
                    }
                    return new CreatedOpen(new Created(handleOf(f), stat(s.stx), unchanged(d, before), false), null);
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * Applies the initial attributes of a new file (whose statx is in {@code s.stx}), including the
     * mode again when creation left other bits than the client asked for. False when there was
     * nothing to apply: the attributes the create call gave in {@code s.stx} are still the file's
     * (no getattr needed).
     */
    private boolean finishAttrs(UserPerms.Perm p, InodeRef f, SetAttributes a, int mode, CephScratch s) {
        Integer fixMode = null;
        if (f.type != FileType.SYMLINK) {
            int actual = s.stx.getShort(LibCephFs.STX_MODE) & 07777;
            int want = a.mode() != null ? a.mode() & 07777 : mode;
            if (f.type == FileType.DIRECTORY) {
                want |= actual & LibCephFs.S_ISGID; // inherited from a set-gid parent
            }
            boolean ownerChange = a.uid() != null || a.gid() != null;
            if (actual != want || (ownerChange && (want & 06000) != 0)) {
                fixMode = want; // also after a change of owner, which clears set-id bits
            }
        }
        SetAttributes rest = new SetAttributes(fixMode, a.uid(), a.gid(), a.size(), a.atime(), a.mtime());
        if (rest.isEmpty()) {
            return false;
        }
        applyAttrs(p, f, rest, s);
        return true;
    }

    @Override
    public Created mkdir(Creds creds, FileHandle dir, String name, SetAttributes attrs) {
        SetAttributes a = attrs == null ? SetAttributes.NONE : attrs;
        byte[] nb = checkName(name, FsError.EXIST);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long before = dirChange(d, s);
                int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_DIR_MODE;
                s.out.putLong(0, 0);
                int rc = API.ceph_ll_mkdir(cmount, d.inode, s.name1(nb), mode, s.outA, s.stxA, LibCephFs.WANT, 0, p.ptr);
                if (rc < 0) {
                    throw FsException.errno(-rc, "mkdir " + name);
                }
                return finishCreate(p, d, before, a, mode, s);
            }
        } finally {
            exit();
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
        if (tb.length >= CephScratch.LINK_BUFFER - 1) {
            throw new FsException(FsError.NAMETOOLONG, "symbolic link target of " + tb.length + " bytes");
        }
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long before = dirChange(d, s);
                s.out.putLong(0, 0);
                int rc = API.ceph_ll_symlink(cmount, d.inode, s.name1(nb), s.link(tb), s.outA, s.stxA, LibCephFs.WANT, 0, p.ptr);
                if (rc < 0) {
                    throw FsException.errno(-rc, "symlink " + name);
                }
                return finishCreate(p, d, before, a, 0777, s);
            }
        } finally {
            exit();
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
        boolean device = type.isDevice();
        if (device && creds.uid() != 0) {
            // CAP_MKNOD: CephFS would let anyone make device nodes
            throw new FsException(FsError.PERM, "only root may create device nodes");
        }
        long rdev = device ? LibCephFs.makedev(major, minor) : 0;
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long before = dirChange(d, s);
                int mode = a.mode() != null ? a.mode() & 07777 : DEFAULT_FILE_MODE;
                s.out.putLong(0, 0);
                int rc = API.ceph_ll_mknod(cmount, d.inode, s.name1(nb), ifmt | mode, rdev, s.outA, s.stxA, LibCephFs.WANT, 0, p.ptr);
                if (rc < 0) {
                    throw FsException.errno(-rc, "mknod " + name);
                }
                return finishCreate(p, d, before, a, mode, s);
            }
        } finally {
            exit();
        }
    }

    /** After mkdir/symlink/mknod returned a new reference in s.out and its statx in s.stx. */
    private Created finishCreate(UserPerms.Perm p, InodeRef d, long before, SetAttributes a, int mode, CephScratch s) {
        long in = took(s.out.getLong(0));
        try (InodeRef f = adopt(in, s.stx)) {
            if (finishAttrs(p, f, a, mode, s)) {
                statx(f, s.stx, s.stxA, p);
            }
            Stat st = stat(s.stx);
            long after = dirChange(d, s);
            return new Created(handleOf(f), st, dirInfo(d, before, after), true);
        }
    }

    @Override
    public ChangeInfo link(Creds creds, FileHandle file, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.EXIST);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (f.isDirectory()) {
                    throw new FsException(FsError.ISDIR, "hard link to a directory");
                }
                requireDir(d);
                long before = dirChange(d, s);
                int rc = API.ceph_ll_link(cmount, f.inode, d.inode, s.name1(nb), p.ptr);
                if (rc < 0) {
                    throw FsException.errno(-rc, "link " + name);
                }
                long after = dirChange(d, s);
                return dirInfo(d, before, after);
            }
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- removal and renaming

    @Override
    public ChangeInfo remove(Creds creds, FileHandle dir, String name) {
        byte[] nb = checkName(name, FsError.INVAL);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                long before = dirChange(d, s);
                long nameA = s.name1(nb);
                long victim = llLookup(d, nameA, s.out, s.outA, s.stxA, p.ptr, name);
                try {
                    boolean isDir = typeOf(s.stx) == FileType.DIRECTORY;
                    Vino v = vinoOf(s.stx);
                    int rc = isDir ? API.ceph_ll_rmdir(cmount, d.inode, nameA, p.ptr) : API.ceph_ll_unlink(cmount, d.inode, nameA, p.ptr);
                    if (rc < 0) {
                        throw FsException.errno(-rc, "remove " + name);
                    }
                    long after = dirChange(d, s);
                    forget(victim, v, isDir, s);
                    return dirInfo(d, before, after);
                } finally {
                    put(victim);
                }
            }
        } finally {
            exit();
        }
    }

    /** After a name of {@code victim} went away: drop it from the cache when that was its last link. */
    private void forget(long victim, Vino v, boolean isDir, CephScratch s) {
        if (!isDir) {
            int rc = API.ceph_ll_getattr(cmount, victim, s.stx2A, LibCephFs.CEPH_STATX_BASIC_STATS, LibCephFs.AT_STATX_DONT_SYNC, rootPerm.pointer);
            if (rc == 0 && (s.stx2.getInt(LibCephFs.STX_NLINK) & 0xffffffffL) > 0) {
                return;
            }
        }
        inodes.remove(v, null);
    }

    @Override
    public Renamed rename(Creds creds, FileHandle fromDir, String fromName, FileHandle toDir, String toName) {
        byte[] fb = checkName(fromName, FsError.INVAL);
        byte[] tb = checkName(toName, FsError.INVAL);
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef from = resolve(fromDir, s); InodeRef to = resolve(toDir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(from);
                requireDir(to);
                boolean sameDir = from.ino == to.ino && from.snapid == to.snapid;
                long beforeFrom = dirChange(from, s);
                long beforeTo = sameDir ? beforeFrom : dirChange(to, s);
                long fromA = s.name1(fb);
                long toA = s.name2(tb);
                long src = llLookup(from, fromA, s.out, s.outA, s.stxA, p.ptr, fromName);
                Vino srcV = vinoOf(s.stx);
                boolean srcDir = typeOf(s.stx) == FileType.DIRECTORY;
                put(src);
                s.out.putLong(0, 0);
                int rc = API.ceph_ll_lookup(cmount, to.inode, toA, s.outA, s.stxA, LibCephFs.WANT, 0, p.ptr);
                long victim = rc == 0 ? took(s.out.getLong(0)) : 0;
                try {
                    Vino victimV = victim != 0 ? vinoOf(s.stx) : null;
                    boolean victimDir = victim != 0 && typeOf(s.stx) == FileType.DIRECTORY;
                    if (srcV.equals(victimV)) {
                        // two names of the same file: rename does nothing
                        return new Renamed(unchanged(from, beforeFrom), unchanged(to, beforeTo));
                    }
                    // the errors the Linux VFS gives before asking the file system (the MDS would say ENOTEMPTY first)
                    if (victim != 0 && victimDir && !srcDir) {
                        throw new FsException(FsError.ISDIR, "rename of a non-directory over directory " + toName);
                    }
                    if (victim != 0 && !victimDir && srcDir) {
                        throw new FsException(FsError.NOTDIR, "rename of a directory over non-directory " + toName);
                    }
                    rc = API.ceph_ll_rename(cmount, from.inode, fromA, to.inode, toA, p.pointer);
                    if (rc < 0) {
                        throw FsException.errno(-rc, "rename " + fromName + " to " + toName);
                    }
                    long afterFrom = dirChange(from, s);
                    long afterTo = sameDir ? afterFrom : dirChange(to, s);
                    if (victim != 0) {
                        forget(victim, victimV, victimDir, s);
                    }
                    ChangeInfo fromInfo = dirInfo(from, beforeFrom, afterFrom);
                    ChangeInfo toInfo = sameDir ? fromInfo : dirInfo(to, beforeTo, afterTo);
                    return new Renamed(fromInfo, toInfo);
                } finally {
                    if (victim != 0) {
                        put(victim);
                    }
                }
            }
        } finally {
            exit();
        }
    }

    @Override
    public String readlink(Creds creds, FileHandle link) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(link, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (f.type != FileType.SYMLINK) {
                    throw new FsException(FsError.INVAL, "not a symbolic link");
                }
                int n = API.ceph_ll_readlink(cmount, f.inode, s.linkA, CephScratch.LINK_BUFFER - 1, p.ptr);
                if (n < 0) {
                    throw FsException.errno(-n, "readlink");
                }
                s.link.get(0, s.bytes, 0, n);
                return new String(s.bytes, 0, n, StandardCharsets.UTF_8);
            }
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- directories

    /** Directory positions are below 2^61 (libcephfs: END = 1 << 60, plus the hash flag bits). */
    private static final long MAX_DIR_OFFSET = 1L << 61;

    @Override
    public DirList readdir(Creds creds, FileHandle dir, long cookie, int maxEntries) {
        long offset = 0;
        if (cookie != 0) {
            offset = cookie - 3;
            if (offset < 0 || offset >= MAX_DIR_OFFSET) {
                throw new FsException(FsError.BAD_COOKIE, "cookie " + Long.toUnsignedString(cookie));
            }
        }
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef d = resolve(dir, s); UserPerms.Perm p = perms.acquire(creds)) {
                requireDir(d);
                statx(d, s.stx2, s.stx2A, rootPerm);
                if ((allowed(creds, s.stx2, Access.LOOKUP) & Access.LOOKUP) == 0) {
                    // the entries' handles and attributes need search permission
                    throw new FsException(FsError.ACCES, "no search permission on the directory");
                }
                // the stream the previous page of this listing left open, if any: seeking a new
                // one makes libcephfs fetch the directory fragment from the MDS again
                long change = s.stx2.getLong(LibCephFs.STX_VERSION);
                OpenDirs.Stream kept = cookie == 0 ? null : openDirs.take(OpenDirs.Key.of(dir, cookie, creds), change);
                long dirp;
                if (kept != null) {
                    dirp = kept.dirp();
                } else {
                    s.out.putLong(0, 0);
                    int rc = API.ceph_ll_opendir(cmount, d.inode, s.outA, p.ptr);
                    if (rc < 0) {
                        throw FsException.errno(-rc, "opendir");
                    }
                    dirp = s.out.getLong(0);
                }
                boolean keep = false;
                try {
                    if (cookie != 0 && kept == null) {
                        API.ceph_seekdir(cmount, dirp, offset);
                    }
                    Page page = readEntries(dirp, maxEntries, cookie, kept == null ? List.of() : kept.pending(), s);
                    List<DirEntry> got = page.list.entries();
                    if (!page.list.eof() && !got.isEmpty()) {
                        openDirs.give(OpenDirs.Key.of(dir, got.get(got.size() - 1).cookie(), creds), dirp, change,
                                got, page.ahead);
                        keep = true;
                    }
                    return page.list;
                } finally {
                    if (!keep) {
                        API.ceph_ll_releasedir(cmount, dirp);
                    }
                }
            }
        } finally {
            exit();
        }
    }

    /** A page, and the entries read past its end (the next page's first, in order). */
    private record Page(DirList list, List<DirEntry> ahead) {
    }

    /** @param pending the entries the stream read that no page returned yet */
    private Page readEntries(long dirp, int maxEntries, long cookie, List<DirEntry> pending, CephScratch s) {
        int fromPending = Math.min(Math.max(maxEntries, 0), pending.size());
        List<DirEntry> entries = new ArrayList<>(Math.min(Math.max(maxEntries, 0), 1024));
        entries.addAll(pending.subList(0, fromPending));
        if (fromPending < pending.size()) {
            return new Page(new DirList(entries, false), pending.subList(fromPending, pending.size()));
        }
        for (;;) {
            s.out.putLong(0, 0);
            int rc = API.ceph_readdirplus_r(cmount, dirp, s.direntA, s.stxA, LibCephFs.WANT,
                    LibCephFs.AT_STATX_DONT_SYNC | LibCephFs.AT_SYMLINK_NOFOLLOW, s.outA);
            if (rc < 0) {
                if (-rc == LibCephFs.ENOENT || -rc == LibCephFs.EINVAL) {
                    throw new FsException(FsError.BAD_COOKIE, "readdir at cookie " + Long.toUnsignedString(cookie) + " (errno " + -rc + ")");
                }
                throw FsException.errno(-rc, "readdir");
            }
            if (rc == 0) {
                return new Page(new DirList(entries, true), List.of());
            }
            long in = s.out.getLong(0);
            if (in != 0) {
                // not cached: the entries' inodes stay in the libcephfs cache, so a later lookup is local
                took(in);
                put(in);
            }
            if (s.direntIsDotOrDotDot()) {
                continue;
            }
            FileType t = typeOf(s.stx);
            if (t == null) {
                continue;
            }
            long c = API.ceph_telldir(cmount, dirp) + 3;
            if (c == 0 || c == 1 || c == 2) {
                throw new FsException(FsError.IO, "directory position " + (c - 3) + " cannot be a cookie");
            }
            Vino v = vinoOf(s.stx);
            DirEntry e = new DirEntry(s.direntName(), c, CephHandles.encode(exportId, v.ino(), v.snapid(), fscid), stat(s.stx));
            if (entries.size() >= maxEntries) {
                // read, but beyond the page: the next page of the stream starts with it
                return new Page(new DirList(entries, false), List.of(e));
            }
            entries.add(e);
        }
    }

    @Override
    public FsStats statfs(Creds creds, FileHandle file) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s)) {
                int rc = API.ceph_ll_statfs(cmount, f.inode, s.statvfsA);
                if (rc < 0) {
                    throw FsException.errno(-rc, "statfs");
                }
                ByteBuffer b = s.statvfs;
                long bsize = b.getLong(0);
                long frsize = b.getLong(8);
                long unit = frsize > 0 ? frsize : bsize;
                long total = b.getLong(16) * unit;
                long free = b.getLong(24) * unit;
                long avail = b.getLong(32) * unit;
                long files = b.getLong(40);
                long ffree = b.getLong(48);
                long favail = b.getLong(56);
                long totalFiles;
                if (ffree < 0 || favail < 0) {
                    // CephFS has no inode limit: f_ffree = f_favail = (unsigned) -1, f_files = files in use
                    totalFiles = Long.MAX_VALUE;
                    ffree = favail = Long.MAX_VALUE - Math.max(files, 0);
                } else {
                    totalFiles = files;
                }
                return new FsStats(total, free, avail, totalFiles, ffree, favail);
            }
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- I/O

    @Override
    public IoHandle open(Creds creds, FileHandle file, int accessMask) {
        int rw = accessMask & (Access.READ | Access.WRITE);
        if (rw == 0 || (accessMask & ~(Access.READ | Access.WRITE)) != 0) {
            throw new FsException(FsError.INVAL, "access mask " + accessMask);
        }
        enter();
        try {
            CephScratch s = CephScratch.get();
            InodeRef f = resolve(file, s);
            boolean handedOver = false;
            try (UserPerms.Perm p = perms.acquire(creds)) {
                switch (f.type) {
                    case REGULAR -> {
                    }
                    case DIRECTORY -> throw new FsException(FsError.ISDIR, "open of a directory");
                    case SYMLINK -> throw new FsException(FsError.SYMLINK, "open of a symbolic link");
                    default -> throw new FsException(FsError.WRONG_TYPE, "open of a " + f.type);
                }
                int flags = rw == (Access.READ | Access.WRITE) ? LibCephFs.O_RDWR : rw == Access.WRITE ? LibCephFs.O_WRONLY : LibCephFs.O_RDONLY;
                s.out.putLong(0, 0);
                int rc = API.ceph_ll_open(cmount, f.inode, flags, s.outA, p.ptr);
                if (rc == -LibCephFs.EACCES && rw == Access.READ && !creds.isRoot()) {
                    // knfsd lets a caller read what it may execute (so that binaries run over NFS)
                    statx(f, s.stx, s.stxA, rootPerm);
                    if ((allowed(creds, s.stx, Access.EXECUTE) & Access.EXECUTE) != 0) {
                        s.out.putLong(0, 0);
                        rc = API.ceph_ll_open(cmount, f.inode, flags, s.outA, rootPerm.ptr);
                    }
                }
                if (rc < 0) {
                    throw FsException.errno(-rc, "open");
                }
                CephIoHandle h = opened(file, f, s.out.getLong(0), rw);
                handedOver = true;
                return h;
            } finally {
                if (!handedOver) {
                    f.close();
                }
            }
        } finally {
            exit();
        }
    }

    /** A handle on the open file {@code fh} of {@code f}, whose count it takes over. */
    private CephIoHandle opened(FileHandle file, InodeRef f, long fh, int rw) {
        CephIoHandle h = new CephIoHandle(this, file, f, fh, rw);
        openIo.add(h);
        openCount.incrementAndGet();
        return h;
    }

    @Override
    public int openHandles() {
        return openCount.get();
    }

    /** An IoHandle's Fh was closed (its last user gave it back). */
    void ioClosed(CephIoHandle h) {
        if (openIo.remove(h)) {
            openCount.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- byte-range locks

    /** A lock held by someone else that a requested lock would conflict with (see {@link #test}). */
    public record LockConflict(boolean write, long offset, long length, long pid) {
    }

    /**
     * Takes a POSIX byte-range lock in CephFS for {@code owner} through {@code io}: {@code length}
     * -1 (all ones, NFS's "to the end") or any range reaching past 2^63-1 locks to the end of the
     * file. A conflicting lock of another owner or CephFS client is {@link FsError#DENIED}; with
     * {@code wait} the calling thread blocks until the lock is granted instead (use sparingly: it
     * holds an I/O thread, and {@link #close()} waits for it). A write lock needs {@code io} opened
     * for writing ({@link FsError#ACCES}, as POSIX's EBADF and the local back end): libcephfs does
     * not check the Fh's mode itself.
     */
    public void lock(IoHandle io, long owner, boolean write, long offset, long length, boolean wait) {
        CephIoHandle h = ioOf(io);
        if (write) {
            h.need(Access.WRITE, "write lock");
        }
        lockHome(h, owner, true).setlk(owner, write ? LibCephFs.F_WRLCK : LibCephFs.F_RDLCK, offset, length, wait);
    }

    /** Releases {@code owner}'s locks in the range (they may be split). */
    public void unlock(IoHandle io, long owner, long offset, long length) {
        lockHome(ioOf(io), owner, false).setlk(owner, LibCephFs.F_UNLCK, offset, length, false);
    }

    /**
     * The IoHandle through which {@code owner} takes its locks on {@code io}'s file: the first one
     * it used, while that is open. libcephfs keeps lock state per Fh as well as per inode and
     * aborts the process ({@code ceph_assert} in {@code Client::_update_lock_state}) when an owner's
     * locks are changed through one Fh and then through another, so every lock operation of an
     * owner on a file goes through one Fh.
     */
    private CephIoHandle lockHome(CephIoHandle io, long owner, boolean claim) {
        LockKey key = new LockKey(io.vino(), owner);
        for (;;) {
            CephIoHandle home = lockHomes.get(key);
            if (home == null) {
                if (!claim) {
                    return io;
                }
                if (lockHomes.putIfAbsent(key, io) == null) {
                    io.homeOf(key);
                    if (!io.isOpen()) {
                        lockHomes.remove(key, io);
                        throw new FsException(FsError.INVAL, "I/O handle is closed");
                    }
                    return io;
                }
                continue;
            }
            if (home.isOpen()) {
                return home;
            }
            lockHomes.remove(key, home);
        }
    }

    /** An IoHandle's Fh was closed: it is no longer the lock home of anyone (libcephfs released the locks). */
    void lockHomeClosed(CephIoHandle h, Iterable<LockKey> keys) {
        for (LockKey k : keys) {
            lockHomes.remove(k, h);
        }
    }

    /** A lock owner on one file. */
    record LockKey(Vino vino, long owner) {
    }

    /** The first lock of another owner that would conflict with the given one, or null. */
    public LockConflict test(IoHandle io, long owner, boolean write, long offset, long length) {
        return ioOf(io).getlk(owner, write ? LibCephFs.F_WRLCK : LibCephFs.F_RDLCK, offset, length);
    }

    /**
     * {@link #lock}, {@link #unlock} and {@link #test} as the gateway's {@link Filesystem.ByteRangeLocker}:
     * a conflict is {@code false} instead of {@link FsError#DENIED}, and nothing ever waits.
     */
    private final ByteRangeLocker locker = new ByteRangeLocker() {
        @Override
        public boolean tryLock(IoHandle io, long owner, boolean write, long offset, long length) {
            try {
                lock(io, owner, write, offset, length, false);
                return true;
            } catch (FsException e) {
                if (e.error() == FsError.DENIED) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public void unlock(IoHandle io, long owner, long offset, long length) {
            CephFilesystem.this.unlock(io, owner, offset, length);
        }

        @Override
        public Conflict test(IoHandle io, long owner, boolean write, long offset, long length) {
            LockConflict c = CephFilesystem.this.test(io, owner, write, offset, length);
            return c == null ? null : new Conflict(c.write(), c.offset(), c.length());
        }
    };

    @Override
    public java.util.Optional<ByteRangeLocker> locker() {
        return java.util.Optional.of(locker);
    }

    private CephIoHandle ioOf(IoHandle io) {
        if (io instanceof CephIoHandle c && c.fs() == this) {
            return c;
        }
        throw new FsException(FsError.INVAL, "not an I/O handle of this export");
    }

    // ---------------------------------------------------------------- extended attributes

    /**
     * An extended attribute's value, by its full name (any namespace: the POSIX ACLs are
     * system.posix_acl_*); NOXATTR when it does not exist.
     */
    public byte[] getxattr(Creds creds, FileHandle file, String name) {
        return getxattr(creds, file, xattrName(name), name, false);
    }

    /** {@code user}: a user attribute, which only regular files and directories have (as on Linux). */
    private byte[] getxattr(Creds creds, FileHandle file, byte[] nb, String name, boolean user) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (user && !UserXattrs.allowedOn(f.type)) {
                    throw new FsException(FsError.NOXATTR, "no user attributes on a " + f.type);
                }
                long nameA = s.name1(nb);
                for (int attempt = 0; ; attempt++) {
                    int size = API.ceph_ll_getxattr(cmount, f.inode, nameA, 0, 0, p.pointer);
                    if (size < 0) {
                        throw xattrError(-size, "getxattr " + name);
                    }
                    ByteBuffer buf = s.io(Math.max(size, 1));
                    int n = API.ceph_ll_getxattr(cmount, f.inode, nameA, s.ioAddress(), size, p.pointer);
                    if (n == -LibCephFs.ERANGE && attempt < 3) {
                        continue; // grew meanwhile
                    }
                    if (n < 0) {
                        throw xattrError(-n, "getxattr " + name);
                    }
                    byte[] out = new byte[n];
                    buf.get(0, out, 0, n);
                    return out;
                }
            }
        } finally {
            exit();
        }
    }

    /** Sets an extended attribute by its full name (any namespace). */
    public void setxattr(Creds creds, FileHandle file, String name, byte[] value, XattrSetMode mode) {
        setxattr(creds, file, xattrName(name), name, value, mode, false);
    }

    /** Returns the file's change around the call. */
    private ChangeInfo setxattr(Creds creds, FileHandle file, byte[] nb, String name, byte[] value, XattrSetMode mode, boolean user) {
        Objects.requireNonNull(value, "value");
        int flags = switch (Objects.requireNonNull(mode, "mode")) {
            case EITHER -> 0;
            case CREATE -> LibCephFs.XATTR_CREATE;
            case REPLACE -> LibCephFs.XATTR_REPLACE;
        };
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (user && !UserXattrs.allowedOn(f.type)) {
                    throw new FsException(FsError.PERM, "no user attributes on a " + f.type);
                }
                // dirChange and dirInfo suit any inode: an attribute change moves stx_version too
                long before = dirChange(f, s);
                ByteBuffer buf = s.io(Math.max(value.length, 1));
                buf.put(0, value);
                int rc = API.ceph_ll_setxattr(cmount, f.inode, s.name1(nb), s.ioAddress(), value.length, flags, p.ptr);
                if (rc < 0) {
                    throw xattrError(-rc, "setxattr " + name);
                }
                return dirInfo(f, before, dirChange(f, s));
            }
        } finally {
            exit();
        }
    }

    /** The full names of a file's extended attributes (every namespace the caller may see). */
    public List<String> listxattr(Creds creds, FileHandle file) {
        byte[] raw = listxattrRaw(creds, file, false);
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i > start) {
                    names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** The NUL-separated name list as libcephfs returns it. */
    private byte[] listxattrRaw(Creds creds, FileHandle file, boolean user) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (user && !UserXattrs.allowedOn(f.type)) {
                    return new byte[0];
                }
                for (int attempt = 0; ; attempt++) {
                    s.out.putLong(0, 0);
                    int rc = API.ceph_ll_listxattr(cmount, f.inode, 0, 0, s.outA, p.pointer);
                    if (rc < 0) {
                        throw xattrError(-rc, "listxattr");
                    }
                    int size = (int) s.out.getLong(0);
                    ByteBuffer buf = s.io(Math.max(size, 1));
                    s.out.putLong(0, 0);
                    rc = API.ceph_ll_listxattr(cmount, f.inode, s.ioAddress(), size, s.outA, p.pointer);
                    if (rc == -LibCephFs.ERANGE && attempt < 3) {
                        continue;
                    }
                    if (rc < 0) {
                        throw xattrError(-rc, "listxattr");
                    }
                    int n = (int) s.out.getLong(0);
                    byte[] out = new byte[n];
                    buf.get(0, out, 0, n);
                    return out;
                }
            }
        } finally {
            exit();
        }
    }

    /** Removes an extended attribute by its full name (any namespace); NOXATTR when missing. */
    public void removexattr(Creds creds, FileHandle file, String name) {
        removexattr(creds, file, xattrName(name), name, false);
    }

    private ChangeInfo removexattr(Creds creds, FileHandle file, byte[] nb, String name, boolean user) {
        enter();
        try {
            CephScratch s = CephScratch.get();
            try (InodeRef f = resolve(file, s); UserPerms.Perm p = perms.acquire(creds)) {
                if (user && !UserXattrs.allowedOn(f.type)) {
                    throw new FsException(FsError.PERM, "no user attributes on a " + f.type);
                }
                long before = dirChange(f, s);
                int rc = API.ceph_ll_removexattr(cmount, f.inode, s.name1(nb), p.ptr);
                if (rc < 0) {
                    throw xattrError(-rc, "removexattr " + name);
                }
                return dirInfo(f, before, dirChange(f, s));
            }
        } finally {
            exit();
        }
    }

    /**
     * The SPI's view: the user namespace only, so that NFS clients reach neither the POSIX ACLs
     * nor CephFS's own ceph.* layout and quota attributes. Values are held to the Linux limit
     * that the local back end has too, so both answer a client alike.
     */
    private final Xattrs userXattrs = new Xattrs() {
        @Override
        public byte[] get(Creds creds, FileHandle file, String name) {
            return getxattr(creds, file, UserXattrs.nativeName(name), name, true);
        }

        @Override
        public ChangeInfo set(Creds creds, FileHandle file, String name, byte[] value, XattrSetMode mode) {
            byte[] nb = UserXattrs.nativeName(name);
            UserXattrs.checkValue(value);
            return setxattr(creds, file, nb, name, value, mode, true);
        }

        @Override
        public List<String> list(Creds creds, FileHandle file) {
            byte[] raw = listxattrRaw(creds, file, true);
            return UserXattrs.fromList(raw, raw.length);
        }

        @Override
        public ChangeInfo remove(Creds creds, FileHandle file, String name) {
            return removexattr(creds, file, UserXattrs.nativeName(name), name, true);
        }
    };

    /** The user namespace of CephFS's extended attributes, which every CephFS has. */
    @Override
    public java.util.Optional<Xattrs> xattrs() {
        return java.util.Optional.of(userXattrs);
    }

    private static byte[] xattrName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new FsException(FsError.INVAL, "extended attribute name");
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_NAME) {
            throw new FsException(FsError.NAMETOOLONG, "extended attribute name of " + b.length + " bytes");
        }
        return b;
    }

    private static FsException xattrError(int errno, String what) {
        return switch (errno) {
            case LibCephFs.ENODATA -> new FsException(FsError.NOXATTR, what + ": no such attribute");
            case LibCephFs.E2BIG, LibCephFs.ERANGE -> new FsException(FsError.XATTR2BIG, what + ": too large (errno " + errno + ")");
            default -> FsException.errno(errno, what);
        };
    }

    private void releaseDir(long dirp) {
        API.ceph_ll_releasedir(cmount, dirp);
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        if (!shutDown()) {
            return;
        }
        for (CephIoHandle h : openIo.toArray(new CephIoHandle[0])) {
            LOG.warn("CephFS export {}: closing I/O handle of {} left open", options.exportPath(), h.file());
            h.forceClose();
        }
        openDirs.close(true);
        inodes.clear();
        rootRef.close();
        rootPerm.close();
        perms.close();
        long left = inodeRefs.get();
        if (left != 0) {
            LOG.warn("CephFS export {}: {} inode references unaccounted for at unmount", options.exportPath(), left);
        }
        int rc = API.ceph_unmount(cmount);
        if (rc < 0) {
            LOG.warn("CephFS export {}: ceph_unmount: errno {}", options.exportPath(), -rc);
        }
        API.ceph_release(cmount);
        unmounted = true;
    }

    /**
     * Drops the CephFS session without giving back its caps, locks and open files
     * ({@code ceph_abort_conn} + {@code ceph_release}): the MDS keeps them for the session's
     * timeout, or until a successor with the same {@link CephOptions#uuid()} reclaims (resets)
     * the session. For a clean shutdown of a node of an active/active cluster; after it, this
     * instance is closed.
     */
    public void abortConnection() {
        if (!shutDown()) {
            return;
        }
        for (CephIoHandle h : openIo.toArray(new CephIoHandle[0])) {
            h.abandon();
        }
        openDirs.close(false);
        int rc = API.ceph_abort_conn(cmount);
        if (rc < 0) {
            LOG.warn("CephFS export {}: ceph_abort_conn: errno {}", options.exportPath(), -rc);
        }
        API.ceph_release(cmount);
        unmounted = true;
        rootPerm.close();
        perms.close();
        inodeRefs.set(0);
    }

    /** Marks closed and waits for calls in progress; false when already closed (or stuck). */
    private boolean shutDown() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight.get() > 0) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                LOG.error("CephFS export {}: {} calls still in progress after {} s; leaving the mount in place",
                        options.exportPath(), inFlight.get(), TimeUnit.NANOSECONDS.toSeconds(CLOSE_WAIT_NANOS));
                return false;
            }
            if (now - nextLog > 0) {
                LOG.info("CephFS export {}: waiting for {} calls in progress", options.exportPath(), inFlight.get());
                nextLog = now + TimeUnit.SECONDS.toNanos(5);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("CephFS export {}: interrupted while closing; leaving the mount in place", options.exportPath());
                return false;
            }
        }
        return true;
    }

    /** Whether the mount is gone (closed or aborted). */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- plumbing for CephIoHandle

    long cmount() {
        return cmount;
    }

    jnr.ffi.Pointer rootPermPointer() {
        return rootPerm.pointer;
    }

    void enter() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            throw closedException();
        }
    }

    boolean tryEnter() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    FsException closedException() {
        return new FsException(FsError.SERVERFAULT, "CephFS export " + options.exportPath() + " is closed");
    }

    // ---------------------------------------------------------------- inode references

    /** Counts a reference libcephfs just handed out. */
    private long took(long inode) {
        if (inode == 0) {
            throw new FsException(FsError.SERVERFAULT, "libcephfs returned no inode");
        }
        inodeRefs.incrementAndGet();
        return inode;
    }

    /** Gives one reference back to libcephfs. */
    private void put(long inode) {
        if (unmounted) {
            return;
        }
        API.ceph_ll_put(cmount, inode);
        inodeRefs.decrementAndGet();
    }

    private InodeRef acquireRoot() {
        if (!rootRef.tryAcquire()) {
            throw closedException();
        }
        return rootRef;
    }

    /** The acquired cache entry of {@code h}, looking the inode up when it is not cached. */
    private InodeRef resolve(FileHandle h, CephScratch s) {
        Objects.requireNonNull(h, "handle");
        if (h.equals(rootHandle)) {
            return acquireRoot();
        }
        Vino v = CephHandles.decode(h, exportId, fscid);
        if (v.equals(rootVino)) {
            return acquireRoot();
        }
        InodeRef r = inodes.get(v);
        if (r != null && r.tryAcquire()) {
            return r;
        }
        s.out2.putLong(0, 0);
        int rc = v.snapid() == LibCephFs.CEPH_NOSNAP
                ? API.ceph_ll_lookup_inode(cmount, v.ino(), s.out2A)
                : API.ceph_ll_lookup_vino(cmount, v.ino(), v.snapid(), s.out2A);
        if (rc < 0) {
            int e = -rc;
            if (e == LibCephFs.ESTALE || e == LibCephFs.ENOENT || e == LibCephFs.EPERM || e == LibCephFs.EACCES || e == LibCephFs.EINVAL) {
                throw new FsException(FsError.STALE, "inode " + Long.toHexString(v.ino()) + " not found (errno " + e + ")");
            }
            throw FsException.errno(e, "lookup inode " + Long.toHexString(v.ino()));
        }
        long in = took(s.out2.getLong(0));
        rc = API.ceph_ll_getattr(cmount, in, s.stx2A, LibCephFs.WANT, 0, rootPerm.pointer);
        FileType t = rc == 0 ? typeOf(s.stx2) : null;
        if (rc < 0 || t == null || (s.stx2.getInt(LibCephFs.STX_NLINK) & 0xffffffffL) == 0
                || s.stx2.getLong(LibCephFs.STX_INO) != v.ino()) {
            put(in);
            if (rc < 0 && -rc != LibCephFs.ESTALE && -rc != LibCephFs.ENOENT) {
                throw FsException.errno(-rc, "getattr of inode " + Long.toHexString(v.ino()));
            }
            throw new FsException(FsError.STALE, "file removed");
        }
        if (checkAncestry && t == FileType.DIRECTORY && !insideExport(in, s)) {
            put(in);
            throw new FsException(FsError.STALE, "directory not inside the export");
        }
        return adoptVino(in, v, t);
    }

    /** Caches the new reference {@code in} whose statx is in {@code stx}; returns an acquired entry. */
    private InodeRef adopt(long in, ByteBuffer stx) {
        FileType t = typeOf(stx);
        if (t == null) {
            put(in);
            throw new FsException(FsError.IO, "unknown file type");
        }
        return adoptVino(in, vinoOf(stx), t);
    }

    private InodeRef adoptVino(long in, Vino v, FileType t) {
        if (v.equals(rootVino)) {
            put(in);
            return acquireRoot();
        }
        InodeRef fresh = new InodeRef(in, v.ino(), v.snapid(), t, this::put);
        fresh.tryAcquire(); // one count for the cache, one for the caller
        for (;;) {
            InodeRef cur = inodes.putIfAbsent(v, fresh);
            if (cur == fresh) {
                return fresh;
            }
            if (cur.tryAcquire()) {
                fresh.close();
                fresh.close(); // puts the duplicate libcephfs reference
                return cur;
            }
            Thread.onSpinWait(); // cur is being evicted
        }
    }

    /** Whether the directory {@code dir} reaches the export root through "..". */
    private boolean insideExport(long dir, CephScratch s) {
        long cur = dir;
        long curIno = -1;
        boolean own = false;
        try {
            for (int i = 0; i < MAX_DEPTH; i++) {
                s.out2.putLong(0, 0);
                int rc = API.ceph_ll_lookup(cmount, cur, s.name2(DOTDOT), s.out2A, s.stx2A, LibCephFs.CEPH_STATX_BASIC_STATS, 0, rootPerm.ptr);
                if (rc < 0) {
                    return false;
                }
                long up = took(s.out2.getLong(0));
                long upIno = s.stx2.getLong(LibCephFs.STX_INO);
                if (own) {
                    put(cur);
                }
                cur = up;
                own = true;
                if (upIno == rootVino.ino()) {
                    return true;
                }
                if (upIno == curIno) {
                    return false; // the top of the file system: the export root was not on the way
                }
                curIno = upIno;
            }
            return false;
        } finally {
            if (own) {
                put(cur);
            }
        }
    }

    /** ceph_ll_lookup of a name (already in native memory); returns a new reference. */
    private long llLookup(InodeRef dir, long nameA, ByteBuffer out, long outA, long stxA, long perm, String name) {
        out.putLong(0, 0);
        int rc = API.ceph_ll_lookup(cmount, dir.inode, nameA, outA, stxA, LibCephFs.WANT, 0, perm);
        if (rc < 0) {
            throw FsException.errno(-rc, "lookup " + name);
        }
        return took(out.getLong(0));
    }

    private void statx(InodeRef f, ByteBuffer stx, long stxA, UserPerms.Perm perm) {
        int rc = API.ceph_ll_getattr(cmount, f.inode, stxA, LibCephFs.WANT, 0, perm.pointer);
        if (rc < 0) {
            if (-rc == LibCephFs.ESTALE || -rc == LibCephFs.ENOENT) {
                inodes.remove(f.vino(), f);
                throw new FsException(FsError.STALE, "file removed");
            }
            throw FsException.errno(-rc, "getattr");
        }
    }

    /** STALE for a file with no links left (removed while its inode was cached). */
    private void checkLinked(InodeRef f, ByteBuffer stx) {
        if ((stx.getInt(LibCephFs.STX_NLINK) & 0xffffffffL) == 0 && f != rootRef) {
            inodes.remove(f.vino(), f);
            throw new FsException(FsError.STALE, "file removed");
        }
    }

    /** A directory's change attribute (uses stx2). */
    private long dirChange(InodeRef d, CephScratch s) {
        int rc = API.ceph_ll_getattr(cmount, d.inode, s.stx2A, LibCephFs.CEPH_STATX_VERSION, 0, rootPerm.pointer);
        if (rc < 0) {
            throw FsException.errno(-rc, "getattr of the directory");
        }
        return s.stx2.getLong(LibCephFs.STX_VERSION);
    }

    /** The change_info4 of a directory changed through this client (raw libcephfs versions in). */
    private ChangeInfo dirInfo(InodeRef d, long before, long after) {
        Vino v = d.vino();
        long b = changes.value(v, before);
        // not atomic: other clients can change the directory between the two reads
        return new ChangeInfo(false, b, changes.modified(v, before, after));
    }

    /** The change_info4 of a directory an operation left alone. */
    private ChangeInfo unchanged(InodeRef d, long before) {
        long b = changes.value(d.vino(), before);
        return new ChangeInfo(false, b, b);
    }

    private FileHandle handleOf(InodeRef r) {
        if (r == rootRef) {
            return rootHandle;
        }
        return CephHandles.encode(exportId, r.ino, r.snapid, fscid);
    }

    // ---------------------------------------------------------------- helpers

    /** Checks a name; {@code dotError} is the error for "." and "..". Returns its UTF-8 bytes. */
    private static byte[] checkName(String name, FsError dotError) {
        return Names.check(name, dotError, MAX_NAME);
    }

    private static void requireDir(InodeRef d) {
        if (!d.isDirectory()) {
            throw new FsException(FsError.NOTDIR, "not a directory");
        }
    }

    static Vino vinoOf(ByteBuffer stx) {
        return new Vino(stx.getLong(LibCephFs.STX_INO), stx.getLong(LibCephFs.STX_DEV));
    }

    static FileType typeOf(ByteBuffer stx) {
        return FileType.fromMode(stx.getShort(LibCephFs.STX_MODE) & 0xffff);
    }

    private static Timestamp ts(ByteBuffer stx, int off) {
        long sec = stx.getLong(off);
        long nsec = stx.getLong(off + 8);
        if (nsec < 0 || nsec >= 1_000_000_000L) {
            nsec = 0;
        }
        return new Timestamp(sec, (int) nsec);
    }

    /** The attributes in {@code stx}, with the change value of {@link ChangeOverlay}. */
    private Stat stat(ByteBuffer stx) {
        return statOf(stx, changes.value(vinoOf(stx), stx.getLong(LibCephFs.STX_VERSION)));
    }

    static Stat statOf(ByteBuffer stx, long change) {
        FileType t = typeOf(stx);
        if (t == null) {
            throw new FsException(FsError.IO, "unknown file type");
        }
        boolean btime = (stx.getInt(LibCephFs.STX_MASK) & LibCephFs.CEPH_STATX_BTIME) != 0;
        long rdev = stx.getLong(LibCephFs.STX_RDEV);
        return new Stat(t,
                stx.getShort(LibCephFs.STX_MODE) & 07777,
                stx.getInt(LibCephFs.STX_NLINK) & 0xffffffffL,
                stx.getInt(LibCephFs.STX_UID),
                stx.getInt(LibCephFs.STX_GID),
                stx.getLong(LibCephFs.STX_SIZE),
                stx.getLong(LibCephFs.STX_BLOCKS) * 512,
                LibCephFs.major(rdev),
                LibCephFs.minor(rdev),
                stx.getLong(LibCephFs.STX_INO),
                ts(stx, LibCephFs.STX_ATIME),
                ts(stx, LibCephFs.STX_MTIME),
                ts(stx, LibCephFs.STX_CTIME),
                btime ? ts(stx, LibCephFs.STX_BTIME) : null,
                change);
    }

    @Override
    public String toString() {
        return "CephFilesystem[" + options.exportPath() + " of fscid " + fscid + ", export " + exportId + "]";
    }

    // ---------------------------------------------------------------- mounting

    /** Creates, configures, connects and mounts a ceph_mount_info; failures name the setting. */
    static final class Mounter {
        private Mounter() {
        }

        static long mount(CephOptions o) {
            long cm = connect(o);
            boolean ok = false;
            try {
                int rc = mountPath(cm, o);
                if (rc < 0) {
                    throw mountFailure(cm, o, -rc);
                }
                ok = true;
                return cm;
            } finally {
                if (!ok) {
                    API.ceph_release(cm);
                }
            }
        }

        /** ceph_create … ceph_init and the session reclaim; a handle ready for ceph_mount. */
        private static long connect(CephOptions o) {
            String user = o.effectiveUserId();
            if (o.keyring() != null && !Files.isReadable(o.keyring())) {
                throw new CephMountException(Setting.KEY, 0, "keyring " + o.keyring() + " for client." + user
                        + (Files.exists(o.keyring()) ? " is not readable" : " does not exist"));
            }
            if (o.key() != null) {
                try {
                    if (Base64.getDecoder().decode(o.key().trim()).length == 0) {
                        throw new IllegalArgumentException("empty");
                    }
                } catch (IllegalArgumentException e) {
                    throw new CephMountException(Setting.KEY, 0, "the key of client." + user + " is not a base64 cephx secret");
                }
            }
            if (o.confPath() != null && !Files.isReadable(o.confPath())) {
                throw new CephMountException(Setting.CONF, 0, "ceph.conf " + o.confPath()
                        + (Files.exists(o.confPath()) ? " is not readable" : " does not exist"));
            }
            ByteBuffer out = LibCephFs.direct(8);
            ByteBuffer id = LibCephFs.cstring(user);
            int rc = API.ceph_create(LibCephFs.address(out), LibCephFs.address(id));
            Reference.reachabilityFence(id);
            if (rc < 0) {
                throw new CephMountException(Setting.USER, -rc, "ceph_create for client." + user + " failed (errno " + -rc + ")");
            }
            long cm = out.getLong(0);
            boolean ok = false;
            try {
                if (o.confPath() != null) {
                    ByteBuffer p = LibCephFs.cstring(o.confPath().toString());
                    rc = API.ceph_conf_read_file(cm, LibCephFs.address(p));
                    Reference.reachabilityFence(p);
                    if (rc < 0) {
                        throw new CephMountException(Setting.CONF, -rc, "cannot read ceph.conf " + o.confPath() + " (errno " + -rc + ")");
                    }
                } else {
                    API.ceph_conf_read_file(cm, 0); // the default search path; none is fine when the settings come from elsewhere
                }
                String secs = Long.toString(Math.max(1, o.mountTimeout().toSeconds()));
                set(cm, "client_mount_timeout", secs, Setting.OTHER);
                set(cm, "rados_mon_op_timeout", secs, Setting.OTHER);
                // the back end relies on libcephfs checking permissions as the caller, POSIX ACLs included
                set(cm, "client_permissions", "true", Setting.OTHER);
                set(cm, "fuse_default_permissions", "false", Setting.OTHER);
                set(cm, "client_acl_type", "posix_acl", Setting.OTHER);
                quietMemoryLog(cm);
                if (o.keyring() != null) {
                    set(cm, "keyring", o.keyring().toString(), Setting.KEY);
                }
                if (o.key() != null) {
                    set(cm, "key", o.key().trim(), Setting.KEY);
                }
                rc = API.ceph_init(cm);
                if (rc < 0) {
                    throw initFailure(cm, o, -rc);
                }
                if (o.uuid() != null) {
                    reclaim(cm, o);
                }
                if (o.fsName() != null) {
                    ByteBuffer f = LibCephFs.cstring(o.fsName());
                    rc = API.ceph_select_filesystem(cm, LibCephFs.address(f));
                    Reference.reachabilityFence(f);
                    if (rc < 0) {
                        throw new CephMountException(Setting.FS_NAME, -rc, "cannot select file system '" + o.fsName() + "' (errno " + -rc + ")");
                    }
                }
                ok = true;
                return cm;
            } finally {
                if (!ok) {
                    API.ceph_release(cm);
                }
            }
        }

        /**
         * Ceph's default levels of the client's busiest subsystems, "file/memory": debug lines
         * up to the memory level are formatted on every call and kept in a ring for a crash dump.
         */
        static final Map<String, String> MEMORY_LOGGED = Map.of(
                "debug_client", "0/5", "debug_objectcacher", "0/5", "debug_objecter", "0/1");

        /**
         * Formats no debug line nobody reads: where ceph.conf leaves a subsystem of
         * {@link #MEMORY_LOGGED} at Ceph's default, its memory level becomes its file level (0/0).
         * libcephfs formatted a few lines per call on the calling thread, and its log thread
         * alone took 93-123 µs of CPU per create+close+remove (of ~1,400 for the whole gateway)
         * and 16-22 per lock+unlock on the dev cluster. A level ceph.conf sets is kept (one
         * equal to Ceph's default cannot be told from it).
         */
        private static void quietMemoryLog(long cm) {
            for (Map.Entry<String, String> e : MEMORY_LOGGED.entrySet()) {
                if (e.getValue().equals(get(cm, e.getKey()))) {
                    set(cm, e.getKey(), "0/0", Setting.OTHER);
                }
            }
        }

        private static int mountPath(long cm, CephOptions o) {
            ByteBuffer root = LibCephFs.cstring(o.exportPath());
            int rc = API.ceph_mount(cm, LibCephFs.address(root));
            Reference.reachabilityFence(root);
            return rc;
        }

        private static void set(long cm, String option, String value, Setting setting) {
            ByteBuffer k = LibCephFs.cstring(option);
            ByteBuffer v = LibCephFs.cstring(value);
            int rc = API.ceph_conf_set(cm, LibCephFs.address(k), LibCephFs.address(v));
            Reference.reachabilityFence(k);
            Reference.reachabilityFence(v);
            if (rc < 0) {
                throw new CephMountException(setting, -rc, "cannot set " + option + " (errno " + -rc + ")");
            }
        }

        static String get(long cm, String option) {
            ByteBuffer k = LibCephFs.cstring(option);
            ByteBuffer buf = LibCephFs.direct(4096);
            int rc = API.ceph_conf_get(cm, LibCephFs.address(k), LibCephFs.address(buf), 4096);
            Reference.reachabilityFence(k);
            if (rc < 0) {
                return null;
            }
            int n = 0;
            while (n < 4095 && buf.get(n) != 0) {
                n++;
            }
            byte[] b = new byte[n];
            buf.get(0, b);
            return new String(b, StandardCharsets.UTF_8);
        }

        private static String where(CephOptions o) {
            return o.confPath() != null ? " (from " + o.confPath() + ")" : "";
        }

        private static CephMountException initFailure(long cm, CephOptions o, int e) {
            String user = "client." + o.effectiveUserId();
            String mon = get(cm, "mon_host");
            long secs = Math.max(1, o.mountTimeout().toSeconds());
            String keySource = o.key() != null ? "the configured key" : o.keyring() != null ? "keyring " + o.keyring()
                    : "keyring " + get(cm, "keyring");
            return switch (e) {
                case LibCephFs.ETIMEDOUT -> new CephMountException(Setting.MON_HOST, e, "no monitor answered at mon_host="
                        + mon + where(o) + " within " + secs + " s (mount timeout)");
                case LibCephFs.EACCES, LibCephFs.EPERM -> new CephMountException(Setting.KEY, e, "the monitors rejected "
                        + user + " with " + keySource + ": wrong key, or no such user (errno " + e + ")");
                case LibCephFs.ENOENT -> mon == null || mon.isBlank()
                        ? new CephMountException(Setting.MON_HOST, e, "no monitors configured: mon_host is empty" + where(o))
                        : new CephMountException(Setting.KEY, e, "no key for " + user + " found (" + keySource + ")");
                case LibCephFs.EINVAL -> new CephMountException(Setting.MON_HOST, e, "cannot parse mon_host=" + mon + where(o));
                default -> new CephMountException(Setting.OTHER, e, "ceph_init failed for " + user + " at mon_host=" + mon
                        + " (errno " + e + ")");
            };
        }

        private static CephMountException mountFailure(long cm, CephOptions o, int e) {
            String fs = o.fsName() == null ? "the default file system" : "file system '" + o.fsName() + "'";
            long secs = Math.max(1, o.mountTimeout().toSeconds());
            return switch (e) {
                case LibCephFs.ENOENT -> {
                    // no such file system, or no such directory in it: mount "/" of it to tell which
                    int probe = o.fsName() == null ? 0 : probeRoot(o);
                    if (probe == -LibCephFs.ENOENT) {
                        yield new CephMountException(Setting.FS_NAME, e, "there is no file system named '" + o.fsName() + "'");
                    }
                    yield new CephMountException(Setting.EXPORT_PATH, e, "export path " + o.exportPath() + " does not exist in " + fs
                            + (probe == 0 ? "" : " (or " + fs + " does not exist)"));
                }
                case LibCephFs.ETIMEDOUT -> new CephMountException(Setting.MDS, e, "no active MDS of " + fs + " answered within "
                        + secs + " s (mount timeout); is an MDS up for it?");
                case LibCephFs.EACCES, LibCephFs.EPERM -> new CephMountException(Setting.EXPORT_PATH, e, "client."
                        + o.effectiveUserId() + " may not mount " + o.exportPath() + " of " + fs + " (its MDS caps; errno " + e + ")");
                case 20 -> new CephMountException(Setting.EXPORT_PATH, e, "export path " + o.exportPath() + " of " + fs + " is not a directory");
                default -> new CephMountException(Setting.OTHER, e, "ceph_mount of " + o.exportPath() + " of " + fs + " failed (errno " + e + ")");
            };
        }

        /** Mounts "/" of the configured file system with the same settings; the result code. */
        private static int probeRoot(CephOptions o) {
            long cm;
            try {
                cm = connect(o.withUuid(null));
            } catch (CephMountException ex) {
                return -Math.max(1, ex.errno());
            }
            try {
                ByteBuffer root = LibCephFs.cstring("/");
                int rc = API.ceph_mount(cm, LibCephFs.address(root));
                Reference.reachabilityFence(root);
                if (rc == 0) {
                    API.ceph_unmount(cm);
                }
                return rc;
            } finally {
                API.ceph_release(cm);
            }
        }

        /** Resets the session a previous incarnation left behind under the same uuid, then takes the uuid. */
        private static void reclaim(long cm, CephOptions o) {
            ByteBuffer u = LibCephFs.cstring(o.uuid());
            long ua = LibCephFs.address(u);
            long t0 = System.nanoTime();
            int rc = API.ceph_start_reclaim(cm, ua, LibCephFs.CEPH_RECLAIM_RESET);
            if (rc == 0) {
                API.ceph_finish_reclaim(cm);
                LOG.info("CephFS client uuid {}: reset the previous session in {} ms", o.uuid(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            } else if (rc == -LibCephFs.ENOENT) {
                LOG.info("CephFS client uuid {}: no previous session to reclaim", o.uuid());
            } else {
                throw new CephMountException(Setting.UUID, -rc, "reclaiming the CephFS session of uuid " + o.uuid()
                        + " failed (errno " + -rc + ")");
            }
            API.ceph_set_uuid(cm, ua);
            Reference.reachabilityFence(u);
        }
    }
}
