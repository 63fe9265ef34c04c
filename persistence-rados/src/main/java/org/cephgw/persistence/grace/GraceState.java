package org.cephgw.persistence.grace;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One consistent reading of the clustered grace database: the two epochs and every member's flags.
 *
 * @param cur the current epoch (unsigned 64-bit; never 0): the recovery database new client records
 *     go to ({@code rec-<cur>:<nodeid>})
 * @param rec the epoch clients may reclaim from (unsigned 64-bit); 0 = no grace period in force
 * @param members every member head's node id and flags, in the order RADOS lists omap keys
 *     ({@link #NODE_ORDER}); the map is an unmodifiable copy
 */
public record GraceState(long cur, long rec, SortedMap<String, Flags> members) {

    /**
     * The order of members: byte order of their UTF-8 encodings, i.e. Unicode code point order —
     * the order RADOS keeps omap keys in and {@code ganesha-rados-grace dump} prints them.
     */
    public static final Comparator<String> NODE_ORDER = GraceState::compareCodePoints;

    /** Length of the rule of {@code =} under the epochs line of {@link #dump()}. */
    public static final int DUMP_RULE_LENGTH = 54;

    private static final String DUMP_RULE = "=".repeat(DUMP_RULE_LENGTH);

    /**
     * A member's flags; on RADOS, one byte of omap value.
     *
     * @param needsGrace <b>N</b> ({@code 0x1}): this head has clients that may reclaim, so it needs
     *     the grace period
     * @param enforcing <b>E</b> ({@code 0x2}): this head enforces the grace period (refuses new state)
     */
    public record Flags(boolean needsGrace, boolean enforcing) {
        /** Bit of {@link #needsGrace()} in the stored flag byte. */
        public static final int NEED_GRACE = 0x1;
        /** Bit of {@link #enforcing()} in the stored flag byte. */
        public static final int ENFORCING = 0x2;

        public static final Flags NONE = new Flags(false, false);
        public static final Flags N = new Flags(true, false);
        public static final Flags E = new Flags(false, true);
        public static final Flags NE = new Flags(true, true);

        /** The flags of a stored flag byte; bits other than N and E are ignored. */
        public static Flags of(int bits) {
            return new Flags((bits & NEED_GRACE) != 0, (bits & ENFORCING) != 0);
        }

        /** The flag byte as nfs-ganesha stores it. */
        public int bits() {
            return (needsGrace ? NEED_GRACE : 0) | (enforcing ? ENFORCING : 0);
        }

        public Flags withNeedsGrace(boolean value) {
            return new Flags(value, enforcing);
        }

        public Flags withEnforcing(boolean value) {
            return new Flags(needsGrace, value);
        }

        /** The two columns of a dump line: {@code N} or space, then {@code E} or space. */
        public String render() {
            return (needsGrace ? "N" : " ") + (enforcing ? "E" : " ");
        }
    }

    public GraceState {
        Objects.requireNonNull(members, "members");
        TreeMap<String, Flags> copy = new TreeMap<>(NODE_ORDER);
        for (Map.Entry<String, Flags> e : members.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "node id"), Objects.requireNonNull(e.getValue(), "flags"));
        }
        members = Collections.unmodifiableSortedMap(copy);
    }

    /** A database as {@code create} makes it: {@code cur=1 rec=0}, no members. */
    public static GraceState initial() {
        return new GraceState(1, 0, new TreeMap<>(NODE_ORDER));
    }

    /** {@code rec != 0}: a grace period is in force. */
    public boolean inGrace() {
        return rec != 0;
    }

    public boolean isMember(String node) {
        return members.containsKey(node);
    }

    public Optional<Flags> flags(String node) {
        return Optional.ofNullable(members.get(node));
    }

    /** Every member has E (true when there are no members). */
    public boolean allEnforcing() {
        return members.values().stream().allMatch(Flags::enforcing);
    }

    /** Some member has N. */
    public boolean anyNeedsGrace() {
        return members.values().stream().anyMatch(Flags::needsGrace);
    }

    /**
     * nfs-ganesha's enforcing check: {@code node} is a member and every member enforces. A head may
     * act on the grace period (reclaim its CephFS session, admit reclaims) only when this holds.
     */
    public boolean enforcing(String node) {
        return isMember(node) && allEnforcing();
    }

    /**
     * The database rendered exactly like {@code ganesha-rados-grace dump}: {@code cur=C rec=R}
     * (unsigned decimal), a rule of 54 {@code =}, then one {@code <nodeid>\t<N| ><E| >} line per
     * member; every line ends with {@code \n}.
     */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("cur=").append(Long.toUnsignedString(cur))
                .append(" rec=").append(Long.toUnsignedString(rec)).append('\n');
        sb.append(DUMP_RULE).append('\n');
        for (Map.Entry<String, Flags> e : members.entrySet()) {
            sb.append(e.getKey()).append('\t').append(e.getValue().render()).append('\n');
        }
        return sb.toString();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
