package org.cephgw.fsal.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
 * <p>Cost: each of these system calls replaces the thread's credentials (a few hundred ns on bare
 * metal, more in a VM), so only what differs from the process's identity is switched: setgroups
 * only when the caller's groups differ from the process's, setfsgid only when the gid does. The
 * calls cannot report failure (setfsuid returns the previous id); they can only fail without
 * CAP_SETUID/CAP_SETGID or for ids outside the user namespace's map, so both are checked once at
 * start (a probe switch, and /proc/self/uid_map and gid_map); where the map is not the identity,
 * every switch is verified with an extra call. The id -1 is refused (it means "no change").
 *
 * <p>The switched section must contain native calls only: no class loading (the jars may not be
 * readable by the caller), no blocking on Java locks, no allocation of native memory.
 */
final class CredSwitcher {
    private final boolean enabled;
    private final boolean verifyEach;
    private final int baseGid;
    private final int[] baseGroups;
    /** the process's groups in native memory, written once, only read afterwards */
    private final jnr.ffi.Pointer baseGroupsP;

    CredSwitcher() {
        boolean root = Native.LIBC.geteuid() == 0;
        this.baseGid = Native.LIBC.getegid();
        if (root) {
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
        ByteBuffer b = Native.direct(4 * Math.max(1, baseGroups.length));
        for (int i = 0; i < baseGroups.length; i++) {
            b.putInt(4 * i, baseGroups[i]);
        }
        this.baseGroupsP = Native.pointer(b);
        // can this thread really switch? (euid 0 without CAP_SETUID/CAP_SETGID cannot)
        boolean works = false;
        if (root) {
            int probe = 54321;
            Native.LIBC.setfsgid(probe);
            int g = Native.LIBC.setfsgid(baseGid);
            Native.LIBC.setfsuid(probe);
            int u = Native.LIBC.setfsuid(0);
            works = g == probe && u == probe;
        }
        this.enabled = works;
        this.verifyEach = !(identityMap("/proc/self/uid_map") && identityMap("/proc/self/gid_map"));
    }

    private static boolean identityMap(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            if (lines.size() != 1) {
                return false;
            }
            String[] f = lines.get(0).trim().split("\\s+");
            return f.length == 3 && f[0].equals("0") && f[1].equals("0") && f[2].equals("4294967295");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    boolean enabled() {
        return enabled;
    }

    static final int NONE = 0;
    private static final int UID = 1;
    private static final int GID = 2;
    private static final int GROUPS = 4;

    /**
     * Switches the thread to {@code c}; returns what was switched (pass it to {@link #exit}).
     * Nothing is switched for uid 0 with the process's gid.
     */
    int enter(Creds c, Scratch s) {
        if (!enabled) {
            return NONE;
        }
        int uid = c.uid();
        int gid = c.gid();
        if (uid == 0 && gid == baseGid) {
            // uid 0 keeps its capabilities, which make supplementary groups irrelevant
            return NONE;
        }
        if (uid == -1 || gid == -1) {
            throw new FsException(FsError.PERM, "invalid identity " + c);
        }
        int done = NONE;
        int[] groups = c.groups();
        if (!Arrays.equals(groups, baseGroups)) {
            jnr.ffi.Pointer list = s.groups(groups);
            if (Native.LIBC.syscall(Native.SYS_SETGROUPS, groups.length, list) != 0) {
                throw new FsException(FsError.PERM, "setgroups for " + c);
            }
            done |= GROUPS;
        }
        if (gid != baseGid) {
            Native.LIBC.setfsgid(gid);
            done |= GID;
            if (verifyEach && Native.LIBC.setfsgid(gid) != gid) {
                restore(done);
                throw new FsException(FsError.PERM, "setfsgid for " + c);
            }
        }
        if (uid != 0) {
            Native.LIBC.setfsuid(uid);
            done |= UID;
            if (verifyEach && Native.LIBC.setfsuid(uid) != uid) {
                restore(done);
                throw new FsException(FsError.PERM, "setfsuid for " + c);
            }
        }
        return done;
    }

    /** Back to the process's identity; call in a finally block with what {@link #enter} returned. */
    void exit(int switched) {
        if (switched != NONE) {
            restore(switched);
        }
    }

    private void restore(int what) {
        // setfsuid(0) always works while CAP_SETUID stays in the permitted set (it is not a
        // file-system capability, so a non-zero fsuid does not drop it); likewise CAP_SETGID
        if ((what & UID) != 0) {
            Native.LIBC.setfsuid(0);
        }
        if ((what & GID) != 0) {
            Native.LIBC.setfsgid(baseGid);
        }
        if ((what & GROUPS) != 0 && Native.LIBC.syscall(Native.SYS_SETGROUPS, baseGroups.length, baseGroupsP) != 0) {
            // a thread left with a caller's identity would do later work with the wrong rights
            throw new InternalError("cannot restore the thread's supplementary groups");
        }
    }
}
