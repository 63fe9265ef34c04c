package org.cephgw.fsal;

import java.util.Arrays;

/**
 * The identity an operation runs as: the AUTH_SYS uid, gid and supplementary gids after the
 * export's squashing. Back ends enforce permissions as this identity.
 */
public record Creds(int uid, int gid, int[] groups) {
    public static final Creds ROOT = new Creds(0, 0, new int[0]);

    public Creds {
        groups = groups.clone();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** How many supplementary groups (without copying them, as {@link #groups()} does). */
    public int groupCount() {
        return groups.length;
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public boolean inGroup(int g) {
        if (g == gid) {
            return true;
        }
        for (int x : groups) {
            if (x == g) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Creds c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups);
    }
}
