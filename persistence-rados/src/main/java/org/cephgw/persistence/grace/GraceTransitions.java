package org.cephgw.persistence.grace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.NodeIds;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceState.Flags;

/**
 * The grace database's operations as pure functions of a {@link GraceState}, with nfs-ganesha's
 * {@code rados_grace} semantics. Every {@link GraceDb} applies them inside its atomic
 * read-modify-write (the local file under its lock, RADOS under {@code assert_version}), so all
 * implementations agree by construction. A result {@code equals} to the input means "no change":
 * nothing is written.
 *
 * <p>Where this differs from nfs-ganesha (deliberately):
 * <ul>
 *   <li>{@link #remove}: the grace period is lifted when no <em>remaining</em> member needs it.
 *       nfs-ganesha compares the number of removed nodes with the number of members that have N,
 *       so removing a node without N while exactly one other has N ends that node's grace, and
 *       removing an N node together with a node without N may leave a grace that nobody needs.</li>
 *   <li>Node lists are sets: a node named twice counts once (nfs-ganesha's join would fail with
 *       {@code -ENOKEY}).</li>
 *   <li>{@link #add} refuses to grow the database beyond {@value #MAX_MEMBERS} members
 *       ({@code -ENOSPC}): nfs-ganesha reads at most that many and calls a bigger one corrupt.</li>
 *   <li>Node ids are checked ({@code -EINVAL}): non-empty, at most {@value #MAX_NODE_ID_BYTES}
 *       UTF-8 bytes, no control characters (they would break the dump), well-formed UTF-16.</li>
 * </ul>
 */
public final class GraceTransitions {
    /** nfs-ganesha reads members in one page of this many; a bigger database is unreadable to it. */
    public static final int MAX_MEMBERS = 1024;
    /** Longest node id in UTF-8 bytes ({@link NodeIds#MAX_BYTES}). */
    public static final int MAX_NODE_ID_BYTES = NodeIds.MAX_BYTES;

    private GraceTransitions() {}

    /** Checks one node id ({@link NodeIds#validate}); {@code -EINVAL} if it is not acceptable. */
    public static String validateNodeId(String node) {
        return NodeIds.validate(node);
    }

    /** The given node ids as a set in their given order: {@code -EINVAL} if none or any is invalid. */
    public static Set<String> nodeSet(Collection<String> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new StoreException(-Errno.EINVAL, "need at least one node id");
        }
        Set<String> set = new LinkedHashSet<>();
        for (String n : nodes) {
            set.add(validateNodeId(n));
        }
        return set;
    }

    /** {@code create}: {@code cur=1 rec=0}, no members. */
    public static GraceState create() {
        return GraceState.initial();
    }

    /**
     * {@code add}: if any given node is already a member, nothing changes (not an error, as in
     * nfs-ganesha); otherwise each becomes a member with E only (a new head must not serve new state
     * before it has joined).
     */
    public static GraceState add(GraceState s, Collection<String> nodes) {
        Set<String> set = nodeSet(nodes);
        for (String n : set) {
            if (s.isMember(n)) {
                return s;
            }
        }
        if (s.members().size() + set.size() > MAX_MEMBERS) {
            throw new StoreException(-Errno.ENOSPC, "the grace database can hold at most " + MAX_MEMBERS
                    + " members (it has " + s.members().size() + ")");
        }
        SortedMap<String, Flags> m = mutableMembers(s);
        for (String n : set) {
            m.put(n, Flags.E);
        }
        return new GraceState(s.cur(), s.rec(), m);
    }

    /** {@code member}: every given node is a member ({@code -EINVAL} if none is given). */
    public static boolean member(GraceState s, Collection<String> nodes) {
        for (String n : nodeSet(nodes)) {
            if (!s.isMember(n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code join} ({@code start == false}) and {@code start}: all given nodes must be members
     * ({@code -ENOKEY}). If no grace period is in force ({@code rec == 0}), join changes nothing,
     * while start opens one: {@code rec = cur, cur = cur + 1}. Then each given node gets N and E.
     */
    public static GraceState join(GraceState s, Collection<String> nodes, boolean start) {
        Set<String> set = nodeSet(nodes);
        requireMembers(s, set);
        if (s.rec() == 0 && !start) {
            return s;
        }
        long cur = s.cur();
        long rec = s.rec();
        if (rec == 0) {
            if (cur == -1L) {
                throw new StoreException(-Errno.EOVERFLOW, "the current epoch cannot advance beyond "
                        + Long.toUnsignedString(cur));
            }
            rec = cur;
            cur = cur + 1;
        }
        SortedMap<String, Flags> m = mutableMembers(s);
        for (String n : set) {
            m.put(n, Flags.NE);
        }
        return new GraceState(cur, rec, m);
    }

    /**
     * {@code lift}: while a grace period is in force and some member does not enforce yet, nothing
     * changes (the caller retries once all enforce; checked before membership, as nfs-ganesha does).
     * All given nodes must be members ({@code -ENOKEY}). N is cleared on those of them that have it
     * (none has it: nothing changes); when no member has N any more the grace period ends:
     * {@code rec = 0}. {@code cur} never changes.
     */
    public static GraceState lift(GraceState s, Collection<String> nodes) {
        Set<String> set = nodeSet(nodes);
        if (s.inGrace() && !s.allEnforcing()) {
            return s;
        }
        requireMembers(s, set);
        SortedMap<String, Flags> m = mutableMembers(s);
        boolean any = false;
        for (String n : set) {
            Flags f = m.get(n);
            if (f.needsGrace()) {
                m.put(n, f.withNeedsGrace(false));
                any = true;
            }
        }
        if (!any) {
            return s;
        }
        return new GraceState(s.cur(), stillNeeded(m) ? s.rec() : 0, m);
    }

    /**
     * {@code remove}: like {@link #lift} (same wait while some member does not enforce during a
     * grace period, same {@code -ENOKEY}), but deletes the given members. The grace period ends when
     * no remaining member has N — by identity, not by nfs-ganesha's count comparison.
     */
    public static GraceState remove(GraceState s, Collection<String> nodes) {
        Set<String> set = nodeSet(nodes);
        if (s.inGrace() && !s.allEnforcing()) {
            return s;
        }
        requireMembers(s, set);
        SortedMap<String, Flags> m = mutableMembers(s);
        m.keySet().removeAll(set);
        return new GraceState(s.cur(), stillNeeded(m) ? s.rec() : 0, m);
    }

    /** {@code enforce} ({@code on}) / {@code noenforce}: set / clear E; all must be members ({@code -ENOKEY}). */
    public static GraceState enforce(GraceState s, Collection<String> nodes, boolean on) {
        Set<String> set = nodeSet(nodes);
        requireMembers(s, set);
        SortedMap<String, Flags> m = mutableMembers(s);
        for (String n : set) {
            m.put(n, m.get(n).withEnforcing(on));
        }
        return new GraceState(s.cur(), s.rec(), m);
    }

    private static boolean stillNeeded(SortedMap<String, Flags> members) {
        return members.values().stream().anyMatch(Flags::needsGrace);
    }

    private static void requireMembers(GraceState s, Set<String> nodes) {
        List<String> missing = new ArrayList<>();
        for (String n : nodes) {
            if (!s.isMember(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (String n : missing) {
                names.append(names.length() == 0 ? "" : ", ").append(printable(n));
            }
            throw new StoreException(-Errno.ENOKEY, "not a member of the grace database: " + names
                    + " (add it first)");
        }
    }

    private static SortedMap<String, Flags> mutableMembers(GraceState s) {
        TreeMap<String, Flags> m = new TreeMap<>(GraceState.NODE_ORDER);
        m.putAll(s.members());
        return m;
    }

    static String printable(String s) {
        return NodeIds.quote(s);
    }
}
