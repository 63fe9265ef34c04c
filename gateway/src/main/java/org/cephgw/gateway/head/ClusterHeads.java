package org.cephgw.gateway.head;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.cephgw.actors.head.HeadRoles;
import org.cephgw.actors.head.HeadSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heads of the virtual-IP cluster as this node sees them: its own configuration, and every
 * head a serving member is configured with ({@link HeadRoles}). While a rolling update changes the
 * head set, nodes of both configurations run side by side: a head only the old configuration has
 * keeps its name and index here ({@link #known}), so this node can run it when sharding places it
 * here and route its clients' calls to it; once no serving member is configured with it any more
 * it is <em>retired</em> ({@link #retired}) and its calls are answered as a restarted server
 * answers unknown ids (the client establishes itself again, with a head that exists).
 *
 * <p>"Serving member": joining, weakly up or up. A leaving node's heads are handed off during its
 * shutdown; counting them would start a retired head again on a node of the new configuration.
 * Written by the {@link HeadKeeper} on membership changes, read on every call.
 */
public final class ClusterHeads {
    private static final Logger log = LoggerFactory.getLogger(ClusterHeads.class);

    private final HeadSet own;
    /** own and the serving members' heads */
    private volatile HeadSet known;
    /** {@link #known} less the heads that announced they have retired */
    private volatile HeadSet effective;
    private volatile Optional<Set<String>> configured = Optional.empty();
    private volatile Optional<Set<String>> configuredByOthers = Optional.empty();
    /**
     * every head known to have run in this cluster (configured here or on a member, or recorded in
     * HeadLocations by whichever node ran it): retired ones among them are ours to take over
     */
    private final Set<String> ours = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** heads that announced they retire ("retiring") or have retired ("retired"), by name */
    private final java.util.concurrent.ConcurrentHashMap<String, String> announced = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String RETIRED = "retired";
    private static final String RETIRING = "retiring";

    public ClusterHeads(HeadSet own) {
        this.own = own;
        this.known = own;
        this.effective = own;
        own.heads().forEach(h -> ours.add(h.name()));
    }

    /** This node's configured heads: new clients are assigned among them. */
    public HeadSet own() {
        return own;
    }

    /**
     * This node's heads and those of every serving member, less those that announced they have
     * retired: the heads that may run and be called.
     */
    public HeadSet known() {
        return effective;
    }

    /** {@link #known} recomputed (read on every call, changed rarely). */
    private synchronized void recompute() {
        HeadSet k = known;
        effective = announced.values().stream().noneMatch(RETIRED::equals) ? k : new HeadSet(k.heads().stream()
                .filter(h -> own.byName(h.name()).isPresent() || !RETIRED.equals(announced.get(h.name()))).toList());
    }

    /**
     * What a head published about itself: a head that retires (the last node configured with it
     * stops, or no serving node is) says so before it leaves the grace database, so that the heads
     * taking over its clients are ready for their reclaims before any client is sent to them; once
     * it has retired, no call goes to it any more. A head that starts again (a node configured with
     * it is still there) is a head like any other.
     */
    void phase(String head, String phase) {
        String before = RETIRING.equals(phase) || RETIRED.equals(phase) ? announced.put(head, phase) : announced.remove(head);
        if (!java.util.Objects.equals(before, phase)) {
            recompute();
        }
    }

    /**
     * True for a head that no serving member is configured with (false while a member of a
     * release that publishes no heads is up: nothing can be told then).
     */
    public boolean retired(String head) {
        Optional<Set<String>> c = configured;
        return own.byName(head).isEmpty() && c.isPresent() && !c.get().contains(head);
    }

    /** The names of the heads some serving member is configured with; empty when unknown. */
    public Optional<Set<String>> configured() {
        return configured;
    }

    /** The head announced it retires and has not retired yet: its clients' calls wait for it. */
    public boolean retiring(String head) {
        return RETIRING.equals(announced.get(head));
    }

    /** A retired head that ran in this cluster (not a head of nfs-ganesha or of another cluster). */
    public boolean retiredHeadOfOurs(String head) {
        return ours.contains(head) && (retired(head) || announced.containsKey(head));
    }

    /** Heads that ran in this cluster ({@link org.cephgw.actors.grace.HeadLocations}). */
    void ran(Set<String> heads) {
        ours.addAll(heads);
    }

    /**
     * True when no serving member but this node is configured with the head (and that is known):
     * when this node stops, the head is retired — nobody will start it again under its name.
     */
    public boolean lastConfigured(String head) {
        Optional<Set<String>> c = configuredByOthers;
        return c.isPresent() && !c.get().contains(head);
    }

    /** Recomputes from the members now ({@code self}: this node's address). */
    void members(Iterable<Member> members, org.apache.pekko.actor.Address self) {
        List<Set<String>> roles = new ArrayList<>();
        List<Set<String>> others = new ArrayList<>();
        for (Member m : members) {
            MemberStatus s = m.status();
            if (s == MemberStatus.joining() || s == MemberStatus.weaklyUp() || s == MemberStatus.up()) {
                roles.add(m.getRoles());
                if (!m.address().equals(self)) {
                    others.add(m.getRoles());
                }
            }
        }
        configuredByOthers = HeadRoles.configured(others);
        HeadSet before = known;
        known = HeadRoles.union(own, roles, clash -> log.error("heads: {}; fix gateway.virtual-ip.heads on that node", clash));
        configured = HeadRoles.configured(roles);
        known.heads().forEach(h -> ours.add(h.name()));
        recompute();
        if (!known.equals(before)) {
            log.info("heads: this node is configured with {}; the cluster's serving nodes run {}", names(own), names(known));
        }
    }

    private static List<String> names(HeadSet s) {
        return s.heads().stream().map(HeadSet.Head::name).toList();
    }
}
