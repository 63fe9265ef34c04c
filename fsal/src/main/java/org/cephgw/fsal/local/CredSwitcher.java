package org.cephgw.fsal.local;

import java.nio.ByteBuffer;

import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;

/**
 * Runs a section of the calling thread as a caller's {@link Creds}: the file-system uid and gid
 * ({@code setfsuid}/{@code setfsgid}, which glibc implements as plain per-thread system calls)
 * and the supplementary groups (the raw {@code setgroups} system call, which, unlike glibc's
 * setgroups(), changes only the calling thread). Setting a non-zero fsuid drops the file-system
 * capabilities (CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN, ...) of the thread, so the kernel checks
 * permissions as the caller and new files get the caller's uid/gid; setting it back to 0 restores
 * them. The uid 0 keeps its capabilities.
 *
 * <p>Only when the process runs as root (euid 0); otherwise switching is impossible and every
 * operation runs as the process's user.
 *
 * <p>The switched section must contain native calls only: no class loading (the jars may not be
 * readable by the caller), no blocking on Java locks, no allocation of native memory.
 */
final class CredSwitcher {
    private final boolean enabled;
    private final int baseGid;
    private final int[] baseGroups;
    /** the process's groups in native memory, written once, only read afterwards */
    private final jnr.ffi.Pointer baseGroupsP;

    CredSwitcher() {
        this.enabled = Native.LIBC.geteuid() == 0;
        if (enabled) {
            ByteBuffer buf = Native.direct(4 * 65536);
            int n = Native.LIBC.getgroups(65536, Native.pointer(buf));
            int[] g = new int[Math.max(n, 0)];
            for (int i = 0; i < g.length; i++) {
                g[i] = buf.getInt(4 * i);
            }
            this.baseGroups = g;
        } else {
            this.baseGroups = new int[0];
        }
        this.baseGid = Native.LIBC.getegid();
        ByteBuffer b = Native.direct(4 * Math.max(1, baseGroups.length));
        for (int i = 0; i < baseGroups.length; i++) {
            b.putInt(4 * i, baseGroups[i]);
        }
        this.baseGroupsP = Native.pointer(b);
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Switches the thread to {@code c}; returns whether it did (pass that to {@link #exit}).
     * Nothing is switched for uid 0 with the process's gid.
     */
    boolean enter(Creds c, Scratch s) {
        if (!enabled) {
            return false;
        }
        if (c.uid() == 0 && c.gid() == baseGid) {
            // uid 0 keeps its capabilities, which make supplementary groups irrelevant
            return false;
        }
        int[] groups = c.groups();
        jnr.ffi.Pointer list = s.groups(groups);
        if (Native.LIBC.syscall(Native.SYS_SETGROUPS, groups.length, list) != 0) {
            restore();
            throw new FsException(FsError.PERM, "setgroups for " + c);
        }
        Native.LIBC.setfsgid(c.gid());
        if (Native.LIBC.setfsgid(c.gid()) != c.gid()) {
            restore();
            throw new FsException(FsError.PERM, "setfsgid for " + c);
        }
        Native.LIBC.setfsuid(c.uid());
        if (Native.LIBC.setfsuid(c.uid()) != c.uid()) {
            restore();
            throw new FsException(FsError.PERM, "setfsuid for " + c);
        }
        return true;
    }

    /** Back to the process's identity; call in a finally block. */
    void exit(boolean switched) {
        if (switched) {
            restore();
        }
    }

    private void restore() {
        Native.LIBC.setfsuid(0);
        Native.LIBC.setfsgid(baseGid);
        long rc = Native.LIBC.syscall(Native.SYS_SETGROUPS, baseGroups.length, baseGroupsP);
        if (rc != 0 || Native.LIBC.setfsuid(0) != 0 || Native.LIBC.setfsgid(baseGid) != baseGid) {
            // a thread left with a caller's identity would do later work with the wrong rights
            throw new InternalError("cannot restore the thread's credentials");
        }
    }
}
