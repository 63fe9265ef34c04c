package org.cephgw.actors.head;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The heads a node is configured with, published as Pekko cluster roles — one role
 * {@code cephgw-head:<name>=<index>} per head — so that every node knows, from the membership
 * alone, the heads every other node is configured with. Roles travel with a member from its join
 * to its removal, fixed for its life as a node's configuration is; no replication lag.
 *
 * <p>That is what lets the head set change in a rolling update: while nodes with the old and the
 * new configuration run side by side, a head that only the old ones know still has a name and an
 * index on every node ({@link #union}), so whichever node sharding places it on can run it and
 * every router can reach it; once no member is configured with it any more
 * ({@link #configured}), it is retired.
 */
public final class HeadRoles {
    public static final String PREFIX = "cephgw-head:";

    private HeadRoles() {
    }

    /** The roles of a node configured with {@code heads}. */
    public static List<String> roles(HeadSet heads) {
        List<String> out = new ArrayList<>();
        for (HeadSet.Head h : heads.heads()) {
            out.add(PREFIX + h.name() + "=" + h.index());
        }
        return out;
    }

    /** The head a role names; empty for any other role, or a malformed one. */
    public static Optional<HeadSet.Head> parse(String role) {
        if (!role.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int eq = role.lastIndexOf('=');
        if (eq <= PREFIX.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HeadSet.Head(role.substring(PREFIX.length(), eq), Integer.parseInt(role.substring(eq + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The heads one member publishes (none: a node of a release that publishes no heads). */
    public static List<HeadSet.Head> heads(Collection<String> roles) {
        List<HeadSet.Head> out = new ArrayList<>();
        for (String r : roles) {
            parse(r).ifPresent(out::add);
        }
        return out;
    }

    /**
     * This node's heads and every head the members publish. A head another member publishes with
     * a name or an index that clashes with one already in the set (a configuration error: two
     * heads with one index would share client ids) is left out and reported to {@code clash}.
     */
    public static HeadSet union(HeadSet own, Collection<? extends Collection<String>> memberRoles,
                                java.util.function.Consumer<String> clash) {
        Map<String, HeadSet.Head> byName = new HashMap<>();
        Map<Integer, HeadSet.Head> byIndex = new HashMap<>();
        for (HeadSet.Head h : own.heads()) {
            byName.put(h.name(), h);
            byIndex.put(h.index(), h);
        }
        for (Collection<String> roles : memberRoles) {
            for (HeadSet.Head h : heads(roles)) {
                HeadSet.Head sameName = byName.get(h.name());
                HeadSet.Head sameIndex = byIndex.get(h.index());
                if (h.equals(sameName)) {
                    continue;
                }
                if (sameName != null || sameIndex != null) {
                    clash.accept("a member is configured with head " + h.name() + " = index " + h.index()
                            + ", which clashes with " + (sameName != null ? sameName : sameIndex));
                    continue;
                }
                byName.put(h.name(), h);
                byIndex.put(h.index(), h);
            }
        }
        return new HeadSet(byName.values());
    }

    /**
     * The names of the heads some member is configured with; empty when a member publishes no
     * heads at all (a node of an earlier release during a rolling upgrade): then nobody can tell a
     * retired head from one that node runs, and nothing counts as retired.
     */
    public static Optional<Set<String>> configured(Collection<? extends Collection<String>> memberRoles) {
        Set<String> names = new HashSet<>();
        for (Collection<String> roles : memberRoles) {
            List<HeadSet.Head> hs = heads(roles);
            if (hs.isEmpty()) {
                return Optional.empty();
            }
            hs.forEach(h -> names.add(h.name()));
        }
        return Optional.of(Set.copyOf(names));
    }
}
