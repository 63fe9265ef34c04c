package org.cephgw.actors.attr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps uids/gids to NFSv4 owner strings and back (RFC 8881 §5.9). With numeric owners the
 * strings are the decimal ids, which the Linux client accepts without an idmapper; otherwise
 * "name@domain" from the local passwd/group files, falling back to the number for unknown ids.
 * Immutable snapshot of the files taken at start.
 */
public final class IdMapper {
    /** Parse failure of an owner string: NFS4ERR_BADOWNER. */
    public static final int BAD = Integer.MIN_VALUE;

    private final String domain;
    private final boolean numeric;
    private final Map<Integer, String> users;
    private final Map<Integer, String> groups;
    private final Map<String, Integer> userIds;
    private final Map<String, Integer> groupIds;

    public IdMapper(String domain, boolean numeric) {
        this(domain, numeric, Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    IdMapper(String domain, boolean numeric, Path passwd, Path group) {
        this.domain = domain;
        this.numeric = numeric;
        this.users = new HashMap<>();
        this.groups = new HashMap<>();
        this.userIds = new HashMap<>();
        this.groupIds = new HashMap<>();
        // loaded in numeric mode too: incoming "name@domain" strings still resolve
        load(passwd, users, userIds);
        load(group, groups, groupIds);
    }

    private static void load(Path file, Map<Integer, String> names, Map<String, Integer> ids) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":");
                if (f.length >= 3 && !f[0].isEmpty()) {
                    // ids are unsigned 32-bit (e.g. 4294967294 for nobody on some systems)
                    int id = parseId(f[2]);
                    if (id != BAD) {
                        names.putIfAbsent(id, f[0]);
                        ids.putIfAbsent(f[0], id);
                    }
                }
            }
        } catch (IOException e) {
            // no local database: numbers it is
        }
    }

    public String owner(int uid) {
        return render(uid, users);
    }

    public String group(int gid) {
        return render(gid, groups);
    }

    private String render(int id, Map<Integer, String> names) {
        String n = numeric ? null : names.get(id);
        return n == null ? Integer.toUnsignedString(id) : n + "@" + domain;
    }

    /** The uid of an owner string, or {@link #BAD}. */
    public int uid(String owner) {
        return parse(owner, userIds);
    }

    public int gid(String group) {
        return parse(group, groupIds);
    }

    /**
     * A decimal id in 0..2^32-1 as the int it is stored in, or {@link #BAD}. Larger numbers
     * must not wrap: "4294967296" would otherwise become uid 0. Only ASCII digits count
     * (Long.parseLong would also take other scripts' digits).
     */
    private static int parseId(String s) {
        if (s.isEmpty()) {
            return BAD;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return BAD;
            }
            v = v * 10 + (c - '0');
            if (v > 0xffffffffL) {
                return BAD;
            }
        }
        return (int) v;
    }

    private int parse(String s, Map<String, Integer> ids) {
        if (s.isEmpty()) {
            return BAD;
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return parseId(s);
        }
        int at = s.lastIndexOf('@');
        String name = at < 0 ? s : s.substring(0, at);
        if (at >= 0 && !s.substring(at + 1).equalsIgnoreCase(domain)) {
            return BAD;
        }
        Integer id = ids.get(name);
        return id == null ? BAD : id;
    }
}
