package org.cephgw.persistence.grace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent, deliberately naive model of the grace database, written from the table in
 * grace-db.md (plus this project's documented deviations: node lists are sets, remove lifts by
 * identity). Flags are raw bits (1 = N, 2 = E). Operations return 0 or a negative errno.
 */
final class GraceModel {
    static final int ENOKEY = -126;
    static final int EINVAL = -22;

    long cur = 1;
    long rec = 0;
    final TreeMap<String, Integer> flags = new TreeMap<>(); // ASCII node ids only: String order = byte order

    int add(List<String> nodes) {
        if (nodes.isEmpty()) {
            return EINVAL;
        }
        for (String n : nodes) {
            if (flags.containsKey(n)) {
                return 0;
            }
        }
        for (String n : nodes) {
            flags.put(n, 2);
        }
        return 0;
    }

    /** 0 if all are members, -2 (ENOENT) if not, as ganesha-rados-grace member reports it. */
    int member(List<String> nodes) {
        if (nodes.isEmpty()) {
            return EINVAL;
        }
        return flags.keySet().containsAll(nodes) ? 0 : -2;
    }

    int join(List<String> nodes, boolean start) {
        if (nodes.isEmpty()) {
            return EINVAL;
        }
        if (!flags.keySet().containsAll(nodes)) {
            return ENOKEY;
        }
        if (rec == 0 && !start) {
            return 0;
        }
        if (rec == 0) {
            rec = cur;
            cur++;
        }
        for (String n : nodes) {
            flags.put(n, flags.get(n) | 3);
        }
        return 0;
    }

    int lift(List<String> nodes, boolean remove) {
        if (nodes.isEmpty()) {
            return EINVAL;
        }
        boolean allE = true;
        for (int f : flags.values()) {
            allE &= (f & 2) != 0;
        }
        if (rec != 0 && !allE) {
            return 0;
        }
        if (!flags.keySet().containsAll(nodes)) {
            return ENOKEY;
        }
        boolean touched = false;
        for (String n : new LinkedHashSet<>(nodes)) {
            if (remove) {
                flags.remove(n);
                touched = true;
            } else if ((flags.get(n) & 1) != 0) {
                flags.put(n, flags.get(n) & ~1);
                touched = true;
            }
        }
        boolean anyN = false;
        for (int f : flags.values()) {
            anyN |= (f & 1) != 0;
        }
        if (touched && !anyN) {
            rec = 0;
        }
        return 0;
    }

    int enforce(List<String> nodes, boolean on) {
        if (nodes.isEmpty()) {
            return EINVAL;
        }
        if (!flags.keySet().containsAll(nodes)) {
            return ENOKEY;
        }
        for (String n : nodes) {
            flags.put(n, on ? flags.get(n) | 2 : flags.get(n) & ~2);
        }
        return 0;
    }

    boolean enforcing(String node) {
        if (!flags.containsKey(node)) {
            return false;
        }
        for (int f : flags.values()) {
            if ((f & 2) == 0) {
                return false;
            }
        }
        return true;
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("cur=%d rec=%d\n", cur, rec));
        sb.append("======================================================\n");
        for (Map.Entry<String, Integer> e : flags.entrySet()) {
            sb.append(e.getKey()).append('\t')
                    .append((e.getValue() & 1) != 0 ? 'N' : ' ')
                    .append((e.getValue() & 2) != 0 ? 'E' : ' ')
                    .append('\n');
        }
        return sb.toString();
    }

    List<String> members() {
        return new ArrayList<>(flags.keySet());
    }
}
