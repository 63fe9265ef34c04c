package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jnr.ffi.Pointer;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.util.OpenFile;
import org.cephgw.fsal.util.RefCounted;

import static org.cephgw.fsal.cephfs.LibCephFs.API;

/**
 * An open regular file of a {@link CephFilesystem}: a libcephfs {@code Fh}, opened as the caller
 * (writes and fallocate run with the opener's credentials, which libcephfs keeps in the Fh).
 * Thread-safe: the Fh is reference-counted, so closing while another thread reads cannot make
 * that thread use a freed Fh; {@code ceph_ll_close} runs when the last user is done.
 * {@link #write} leaves the position of the caller's buffer unchanged.
 */
final class CephIoHandle extends OpenFile {
    private final CephFilesystem fs;
    private final InodeRef inode;
    private final long fh;
    /** the Fh's count: each call holds one, the last one closes it */
    private final Fh open;
    /** the (file, owner) pairs whose locks go through this Fh */
    private final Set<CephFilesystem.LockKey> lockKeys = ConcurrentHashMap.newKeySet();
    private final Reads reads = new Reads() {
        @Override
        public ByteBuffer scratch(int size) {
            return CephScratch.get().io(size);
        }

        @Override
        public int read(ByteBuffer into, int at, int length, long offset) {
            long to = LibCephFs.address(into) + at;
            while (true) {
                int n = API.ceph_ll_read(fs.cmount(), fh, offset, length, to);
                if (n >= 0) {
                    return n;
                }
                if (-n != LibCephFs.EINTR) {
                    throw FsException.errno(-n, "read");
                }
            }
        }

        @Override
        public long size() {
            CephScratch s = CephScratch.get();
            int rc = API.ceph_ll_getattr(fs.cmount(), inode.inode, s.stx2A, LibCephFs.CEPH_STATX_SIZE, 0, fs.rootPermPointer());
            return rc == 0 ? s.stx2.getLong(LibCephFs.STX_SIZE) : -1;
        }
    };

    CephIoHandle(CephFilesystem fs, FileHandle file, InodeRef inode, long fh, int accessMask) {
        this(fs, file, inode, fh, accessMask, new Fh());
    }

    private CephIoHandle(CephFilesystem fs, FileHandle file, InodeRef inode, long fh, int accessMask, Fh open) {
        super(file, accessMask, open);
        this.fs = fs;
        this.inode = inode;
        this.fh = fh;
        this.open = open;
        open.handle = this;
    }

    /** The Fh's reference count; the last count closes it. */
    private static final class Fh extends RefCounted {
        CephIoHandle handle;

        @Override
        protected void free() {
            handle.closeFh();
        }

        boolean forget() {
            return abandon();
        }
    }

    CephFilesystem fs() {
        return fs;
    }

    InodeRef.Vino vino() {
        return inode.vino();
    }

    boolean isOpen() {
        return !isClosed() && isLive();
    }

    void homeOf(CephFilesystem.LockKey key) {
        lockKeys.add(key);
    }

    /** Enters the file system and takes a count on the Fh. */
    private void enter() {
        fs.enter();
        try {
            acquire();
        } catch (RuntimeException e) {
            fs.exit();
            throw e;
        }
    }

    private void exit() {
        try {
            release();
        } finally {
            fs.exit();
        }
    }

    /** The last count is given back. */
    private void closeFh() {
        API.ceph_ll_close(fs.cmount(), fh); // also releases the locks taken through it
        fs.lockHomeClosed(this, lockKeys);
        inode.close();
        fs.ioClosed(this);
    }

    @Override
    public Filesystem.ReadResult read(long offset, int count) {
        need(Filesystem.Access.READ, "read");
        checkRead(offset, count);
        int want = Math.min(count, CephFilesystem.MAX_IO);
        enter();
        try {
            return readFully(offset, want, reads);
        } finally {
            exit();
        }
    }

    @Override
    public int write(long offset, ByteBuffer data, Stability stability) {
        need(Filesystem.Access.WRITE, "write");
        checkWrite(offset);
        int total = data.remaining();
        enter();
        try {
            CephScratch s = CephScratch.get();
            if (data.isDirect()) {
                long base = Pointer.wrap(LibCephFs.RUNTIME, data).address(); // at data.position()
                int done = 0;
                while (done < total) {
                    done += writeSome(base + done, total - done, offset + done);
                }
                java.lang.ref.Reference.reachabilityFence(data);
            } else {
                int chunk = Math.min(total, CephFilesystem.MAX_IO);
                ByteBuffer buf = s.io(Math.max(chunk, 1));
                long bufA = s.ioAddress();
                int done = 0;
                while (done < total) {
                    int len = Math.min(chunk, total - done);
                    if (data.hasArray()) {
                        buf.put(0, data.array(), data.arrayOffset() + data.position() + done, len);
                    } else {
                        byte[] tmp = new byte[len];
                        data.duplicate().position(data.position() + done).get(tmp);
                        buf.put(0, tmp, 0, len);
                    }
                    int written = 0;
                    while (written < len) {
                        written += writeSome(bufA + written, len - written, offset + done + written);
                    }
                    done += len;
                }
            }
            if (stability == Stability.DATA_SYNC) {
                sync(true);
            } else if (stability == Stability.FILE_SYNC) {
                sync(false);
            }
            return total;
        } finally {
            exit();
        }
    }

    /** One ceph_ll_write; the bytes written (at least 1). */
    private int writeSome(long addr, long len, long off) {
        for (;;) {
            int n = API.ceph_ll_write(fs.cmount(), fh, off, len, addr);
            if (n > 0) {
                return n;
            }
            if (n == -LibCephFs.EINTR) {
                continue;
            }
            if (n == 0) {
                throw new FsException(FsError.IO, "write wrote nothing");
            }
            throw FsException.errno(-n, "write");
        }
    }

    private void sync(boolean dataOnly) {
        int rc = API.ceph_ll_fsync(fs.cmount(), fh, dataOnly ? 1 : 0);
        if (rc < 0) {
            throw FsException.errno(-rc, "fsync");
        }
    }

    @Override
    public void commit(long offset, long length) {
        enter();
        try {
            sync(false);
        } finally {
            exit();
        }
    }

    /** CephFS cannot reserve space: this extends the file to offset+length when it is shorter. */
    @Override
    public void allocate(long offset, long length) {
        fallocate(0, offset, length, "allocate");
    }

    @Override
    public void deallocate(long offset, long length) {
        fallocate(LibCephFs.FALLOC_FL_PUNCH_HOLE | LibCephFs.FALLOC_FL_KEEP_SIZE, offset, length, "deallocate");
    }

    private void fallocate(int mode, long offset, long length, String what) {
        need(Filesystem.Access.WRITE, what);
        checkRange(what, offset, length);
        enter();
        try {
            int rc;
            do {
                rc = API.ceph_ll_fallocate(fs.cmount(), fh, mode, offset, length);
            } while (rc == -LibCephFs.EINTR);
            if (rc < 0) {
                throw FsException.errno(-rc, "fallocate");
            }
        } finally {
            exit();
        }
    }

    /**
     * libcephfs 16.2 answers SEEK_DATA/SEEK_HOLE from the file size alone: data at any offset
     * before the end, the only hole at the end; at or after the end -1 (ENXIO).
     */
    @Override
    public long seek(long offset, boolean data) {
        checkSeek(offset);
        enter();
        try {
            long r = API.ceph_ll_lseek(fs.cmount(), fh, offset, data ? LibCephFs.SEEK_DATA : LibCephFs.SEEK_HOLE);
            if (r < 0) {
                if (-r == LibCephFs.ENXIO) {
                    return -1;
                }
                throw FsException.errno((int) -r, "lseek");
            }
            return r;
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- locks

    /** Fills the scratch flock: NFS offset/length to a POSIX range (length 0 = to the end). */
    private static void range(CephScratch s, short type, long offset, long length) {
        if (offset < 0) {
            throw new FsException(FsError.INVAL, "lock offset " + Long.toUnsignedString(offset));
        }
        if (length == 0) {
            throw new FsException(FsError.INVAL, "lock of length 0");
        }
        long len = length < 0 || offset + length < 0 ? 0 : length; // -1 (all ones) or past 2^63-1: to the end
        ByteBuffer f = s.flock;
        CephScratch.zero(f);
        f.putShort(LibCephFs.FL_TYPE, type);
        f.putShort(LibCephFs.FL_WHENCE, (short) LibCephFs.SEEK_SET);
        f.putLong(LibCephFs.FL_START, offset);
        f.putLong(LibCephFs.FL_LEN, len);
        f.putInt(LibCephFs.FL_PID, 0);
    }

    void setlk(long owner, short type, long offset, long length, boolean wait) {
        CephScratch s = CephScratch.get();
        range(s, type, offset, length);
        enter();
        try {
            int rc = API.ceph_ll_setlk(fs.cmount(), fh, s.flockA, owner, wait ? 1 : 0);
            if (rc < 0) {
                int e = -rc;
                if (e == LibCephFs.EAGAIN || e == LibCephFs.EACCES) {
                    throw new FsException(FsError.DENIED, "range locked by another owner");
                }
                if (e == LibCephFs.EDEADLK) {
                    throw new FsException(FsError.DENIED, "waiting would deadlock");
                }
                throw FsException.errno(e, type == LibCephFs.F_UNLCK ? "unlock" : "lock");
            }
        } finally {
            exit();
        }
    }

    CephFilesystem.LockConflict getlk(long owner, short type, long offset, long length) {
        CephScratch s = CephScratch.get();
        range(s, type, offset, length);
        enter();
        try {
            int rc = API.ceph_ll_getlk(fs.cmount(), fh, s.flockA, owner);
            if (rc < 0) {
                throw FsException.errno(-rc, "test lock");
            }
            ByteBuffer f = s.flock;
            short t = f.getShort(LibCephFs.FL_TYPE);
            if (t == LibCephFs.F_UNLCK) {
                return null;
            }
            long len = f.getLong(LibCephFs.FL_LEN);
            return new CephFilesystem.LockConflict(t == LibCephFs.F_WRLCK, f.getLong(LibCephFs.FL_START), len == 0 ? -1 : len,
                    f.getInt(LibCephFs.FL_PID));
        } finally {
            exit();
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        if (!fs.tryEnter()) {
            return; // the file system is closing: it closes this handle
        }
        try {
            release(); // the creator's count
        } finally {
            fs.exit();
        }
    }

    /** From {@link CephFilesystem#close()}, with no calls in progress: closes the Fh if still open. */
    void forceClose() {
        markClosed();
        if (isLive()) {
            release(); // the creator's count, which close() could not give back while the file system closed
        }
    }

    /** From {@link CephFilesystem#abortConnection()}: forget the Fh without closing it. */
    void abandon() {
        markClosed();
        if (open.forget()) {
            fs.lockHomeClosed(this, lockKeys);
            fs.ioClosed(this);
        }
    }

    @Override
    public String toString() {
        return "CephIoHandle[" + file() + ", mask " + accessMask() + (isClosed() ? ", closed" : "") + "]";
    }
}
