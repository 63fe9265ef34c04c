package org.cephgw.fsal.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jnr.ffi.Pointer;

/**
 * Per-thread native buffers, so that no call allocates native memory: struct statx, struct
 * file_handle, path strings, dirent and I/O buffers. Each buffer stays at position 0 (the
 * {@link Pointer} taken from it points at its start); all accesses are absolute.
 */
final class Scratch {
    static final int PATH_MAX = 4096;
    static final int DIRENT_BUFFER = 64 * 1024;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    final ByteBuffer stx = Native.direct(Native.STATX_SIZE);
    final Pointer stxP = Native.pointer(stx);
    final ByteBuffer stx2 = Native.direct(Native.STATX_SIZE);
    final Pointer stx2P = Native.pointer(stx2);
    /** struct file_handle: handle_bytes, handle_type, f_handle[MAX_HANDLE_SZ] */
    final ByteBuffer fh = Native.direct(8 + Native.MAX_HANDLE_SZ);
    final Pointer fhP = Native.pointer(fh);
    final ByteBuffer mountId = Native.direct(8);
    final Pointer mountIdP = Native.pointer(mountId);
    final ByteBuffer path1 = Native.direct(PATH_MAX + 1);
    final Pointer path1P = Native.pointer(path1);
    final ByteBuffer path2 = Native.direct(PATH_MAX + 1);
    final Pointer path2P = Native.pointer(path2);
    /** "/proc/self/fd/N" */
    final ByteBuffer proc = Native.direct(64);
    final Pointer procP = Native.pointer(proc);
    final ByteBuffer link = Native.direct(PATH_MAX + 1);
    final Pointer linkP = Native.pointer(link);
    /** struct timespec[2] */
    final ByteBuffer times = Native.direct(32);
    final Pointer timesP = Native.pointer(times);
    final ByteBuffer statfs = Native.direct(128);
    final Pointer statfsP = Native.pointer(statfs);
    /** struct flock */
    final ByteBuffer flock = Native.direct(Native.FLOCK_SIZE);
    final Pointer flockP = Native.pointer(flock);
    /** gid_t[] for setgroups */
    ByteBuffer groups = Native.direct(4 * 32);
    Pointer groupsP = Native.pointer(groups);
    private ByteBuffer dents;
    private Pointer dentsP;
    private byte[] dentsHeap;
    private ByteBuffer io;
    private Pointer ioP;
    /** a Java copy of handle or dirent bytes */
    final byte[] bytes = new byte[PATH_MAX + 1];

    private Scratch() {
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** Puts a NUL-terminated string into {@code buf}. */
    static void putCString(ByteBuffer buf, byte[] s) {
        buf.put(0, s);
        buf.put(s.length, (byte) 0);
    }

    /** Writes "/proc/self/fd/N" into {@link #proc} and returns its pointer. */
    Pointer procPath(int fd) {
        int pos = 0;
        for (byte b : PROC_PREFIX) {
            proc.put(pos++, b);
        }
        String digits = Integer.toString(fd);
        for (int i = 0; i < digits.length(); i++) {
            proc.put(pos++, (byte) digits.charAt(i));
        }
        proc.put(pos, (byte) 0);
        return procP;
    }

    private static final byte[] PROC_PREFIX = "/proc/self/fd/".getBytes(StandardCharsets.US_ASCII);

    Pointer groups(int[] gids) {
        if (groups.capacity() < 4 * gids.length) {
            groups = Native.direct(4 * gids.length);
            groupsP = Native.pointer(groups);
        }
        for (int i = 0; i < gids.length; i++) {
            groups.putInt(4 * i, gids[i]);
        }
        return groupsP;
    }

    ByteBuffer dents() {
        if (dents == null) {
            dents = Native.direct(DIRENT_BUFFER);
            dentsP = Native.pointer(dents);
            dentsHeap = new byte[DIRENT_BUFFER];
        }
        return dents;
    }

    Pointer dentsPointer() {
        dents();
        return dentsP;
    }

    byte[] dentsHeap() {
        dents();
        return dentsHeap;
    }

    /** {@link #io}'s buffer. */
    ByteBuffer ioBuffer(int size) {
        io(size);
        return io;
    }

    /** A direct I/O buffer of at least {@code size} bytes (grown, never shrunk). */
    Pointer io(int size) {
        if (io == null || io.capacity() < size) {
            io = Native.direct(Math.max(size, 64 * 1024));
            ioP = Native.pointer(io);
        }
        return ioP;
    }
}
