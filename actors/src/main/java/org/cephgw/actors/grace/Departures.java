package org.cephgw.actors.grace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cephgw.actors.CborSerializable;
import org.cephgw.persistence.grace.GraceState;

/**
 * Which members of the grace database have left this cluster, and what the cluster does for them
 * (the logic of the {@link GraceJanitor}, without an actor).
 *
 * <p>A member is <em>ours</em> when one of this cluster's nodes has said it runs it
 * ({@link HeadLocations}); nfs-ganesha heads and heads of other clusters sharing the database are
 * never touched. One of ours is <em>alive</em> while the node that last said so is a member of the
 * cluster (not downed, not removed) and some member is still configured with it
 * ({@link org.cephgw.actors.head.HeadRoles}; a head of a virtual-IP head set made smaller is
 * configured nowhere once the rolling update is through, though the node that last ran it is back).
 * The split brain resolver makes "not a member any more" mean "gone": a node cut off from the
 * others downs itself.
 *
 * <p>For a member that is not alive:
 * <ul>
 * <li><b>enforce</b> on its behalf while a grace period is in force and it lacks E. A gone head grants
 * nothing, and without its E no head can lift (nfs-ganesha's rule: lift waits until every member
 * enforces) and a restarting head waits before it serves: a killed node would hold every other
 * head in grace — and keep a restarting one from serving — for as long as it stays away.</li>
 * <li><b>remove</b> it once it has been away for {@code removeAfter} (by default the grace time:
 * its clients had a whole grace period to come back). Removing lifts its N, so a head that left
 * for good (scale-down, a smaller virtual-IP head set, a node that never returns) never holds the
 * others in grace. A head that comes back later adds itself again (gateway.grace.add-self); its
 * clients' old records are then no longer reclaimable.</li>
 * </ul>
 * Away-since times start when this instance first sees a member away: a janitor that moved to
 * another node starts counting again (a later removal, never an earlier one).
 */
public final class Departures {

    /** What the database should be told now. */
    public record Actions(List<String> enforce, List<String> remove) {
        public static final Actions NONE = new Actions(List.of(), List.of());

        public boolean isEmpty() {
            return enforce.isEmpty() && remove.isEmpty();
        }
    }

    /**
     * One member as the janitor sees it.
     *
     * @param name        the member's node id
     * @param needsGrace  N
     * @param enforcing   E
     * @param ours        a node of this cluster has run it
     * @param alive       ours, and its node is a cluster member now
     * @param node        the node that last ran it (null if not ours)
     * @param awaySeconds how long it has been away, -1 if alive or not ours
     * @param removeInSeconds seconds until the cluster removes it, -1 if it will not
     */
    public record Member(String name, boolean needsGrace, boolean enforcing, boolean ours, boolean alive, String node,
                         long awaySeconds, long removeInSeconds) implements CborSerializable {
    }

    /**
     * The membership and why the cluster is (or is not) in grace.
     *
     * @param cur     current epoch
     * @param rec     reclaim epoch, 0 = no grace period
     * @param members every member
     * @param why     one sentence: why the cluster is (not) in grace and what it waits for
     */
    public record View(long cur, long rec, List<Member> members, String why) implements CborSerializable {
    }

    private final Duration removeAfter;
    private final Map<String, Long> awaySince = new HashMap<>();
    private GraceState state;
    private Map<String, String> locations = Map.of();
    private Set<String> present = Set.of();
    /** heads some member is configured with; empty: not known (a member publishes none) */
    private java.util.Optional<Set<String>> configured = java.util.Optional.empty();
    /** the cluster membership has been seen (until then nobody counts as away) */
    private boolean membershipKnown;

    /** @param removeAfter how long a member of ours is away before the cluster removes it */
    public Departures(Duration removeAfter) {
        this.removeAfter = Objects.requireNonNull(removeAfter, "removeAfter");
    }

    /** The database as last read. */
    public void state(GraceState st) {
        this.state = st;
    }

    /** Head → the cluster node (address) that last said it runs the head. */
    public void locations(Map<String, String> headToNode) {
        this.locations = Map.copyOf(headToNode);
    }

    /** The addresses of the cluster's members now (every status but down and removed). */
    public void present(Set<String> nodes) {
        this.present = Set.copyOf(nodes);
        this.membershipKnown = true;
    }

    /**
     * The heads some member is configured with; empty when that cannot be told (a member of an
     * earlier release publishes no heads): then only the nodes' presence counts.
     */
    public void configured(java.util.Optional<Set<String>> heads) {
        this.configured = heads.map(Set::copyOf);
    }

    /** Ours, its node a member, and configured on some member (when that is known). */
    private boolean alive(String name, String node) {
        return node != null && present.contains(node) && configured.map(c -> c.contains(name)).orElse(true);
    }

    /** A member was removed from the database: forget when it left. */
    public void removed(String member) {
        awaySince.remove(member);
    }

    /**
     * Updates who is away and returns what to do now.
     *
     * @param nowMillis the current time
     */
    public Actions evaluate(long nowMillis) {
        if (state == null || !membershipKnown) {
            return Actions.NONE;
        }
        List<String> enforce = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        awaySince.keySet().retainAll(state.members().keySet());
        state.members().forEach((name, flags) -> {
            String node = locations.get(name);
            if (node == null) {
                return;
            }
            if (alive(name, node)) {
                awaySince.remove(name);
                return;
            }
            long since = awaySince.computeIfAbsent(name, n -> nowMillis);
            if (state.rec() != 0 && !flags.enforcing()) {
                // first: a remove changes nothing while some member does not enforce (GraceTransitions)
                enforce.add(name);
            } else if (nowMillis - since >= removeAfter.toMillis()) {
                remove.add(name);
            }
        });
        return enforce.isEmpty() && remove.isEmpty() ? Actions.NONE : new Actions(List.copyOf(enforce), List.copyOf(remove));
    }

    /** The members and the reason for the grace state, as of the last {@link #evaluate}. */
    public View view(long nowMillis) {
        if (state == null) {
            return new View(0, 0, List.of(), "the grace database has not been read yet");
        }
        List<Member> members = new ArrayList<>();
        List<String> needing = new ArrayList<>();
        List<String> notEnforcing = new ArrayList<>();
        state.members().forEach((name, flags) -> {
            String node = locations.get(name);
            boolean ours = node != null;
            boolean alive = ours && alive(name, node);
            Long since = awaySince.get(name);
            long away = since == null || alive ? -1 : (nowMillis - since) / 1000;
            long removeIn = since == null || alive ? -1 : Math.max(0, (since + removeAfter.toMillis() - nowMillis) / 1000);
            members.add(new Member(name, flags.needsGrace(), flags.enforcing(), ours, alive, node, away, removeIn));
            if (flags.needsGrace()) {
                needing.add(describe(name, ours, alive, ours && present.contains(node), removeIn));
            }
            if (!flags.enforcing()) {
                notEnforcing.add(describe(name, ours, alive, ours && present.contains(node), removeIn));
            }
        });
        return new View(state.cur(), state.rec(), List.copyOf(members), why(state, needing, notEnforcing));
    }

    private static String describe(String name, boolean ours, boolean alive, boolean nodePresent, long removeIn) {
        if (!ours) {
            return name + " (not a head of this cluster)";
        }
        if (alive) {
            return name;
        }
        return name + (nodePresent ? " (configured on no node; removed in " : " (away; removed in ") + removeIn + " s)";
    }

    private static String why(GraceState st, List<String> needing, List<String> notEnforcing) {
        if (st.rec() == 0) {
            return "not in grace";
        }
        StringBuilder b = new StringBuilder("in grace (clients may reclaim from epoch ").append(Long.toUnsignedString(st.rec()))
                .append(')');
        if (!notEnforcing.isEmpty()) {
            b.append(": waiting until every member enforces; not enforcing: ").append(String.join(", ", notEnforcing));
        } else if (!needing.isEmpty()) {
            b.append(": waiting for these members to lift (their clients reclaim): ").append(String.join(", ", needing));
        } else {
            b.append(": every member has lifted; the period ends with the next change");
        }
        return b.toString();
    }
}
