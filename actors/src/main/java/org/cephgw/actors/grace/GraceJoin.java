package org.cephgw.actors.grace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cephgw.persistence.Errno;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.recovery.RecoveryDb;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * Step 1 of a head's life (grace-db.md, "A head's life"), without an actor: watch the grace
 * database, check membership, {@code start(self)}, clear the recovery database of {@code cur},
 * load the allow-list from the one of {@code rec}. Blocking; a starting gateway runs it on a
 * thread of its own while its actor system starts, and hands the result to the
 * {@link GraceParticipant}.
 *
 * <p>The watch is established before anything is read, so no change can fall between the two.
 * What it reports before the participant attaches ({@link Joined#attach}) is kept and replayed
 * then, in order: another head's E, written in answer to our {@code start}, often arrives before
 * {@code start} has even returned, and it must not be lost.
 */
public final class GraceJoin {
    private GraceJoin() {
    }

    /** A joined head: its watch, the state its {@code start} returned, the allow-list. */
    public static final class Joined {
        private final GraceDb.Watch watch;
        private final GraceState state;
        private final Map<Long, RecoveryRecord> allow;
        private final Buffer events;

        Joined(GraceDb.Watch watch, GraceState state, Map<Long, RecoveryRecord> allow, Buffer events) {
            this.watch = watch;
            this.state = state;
            this.allow = allow;
            this.events = events;
        }

        public GraceDb.Watch watch() {
            return watch;
        }

        /** What {@code start(self)} returned. */
        public GraceState state() {
            return state;
        }

        public Map<Long, RecoveryRecord> allow() {
            return allow;
        }

        /** From now on the watch's states go to {@code listener}, starting with those that came meanwhile. */
        public void attach(Consumer<GraceState> listener) {
            events.attach(listener);
        }
    }

    /** Watch events until a listener attaches, then straight through. */
    static final class Buffer implements Consumer<GraceState> {
        private final List<GraceState> held = new ArrayList<>();
        private Consumer<GraceState> target;

        @Override
        public void accept(GraceState st) {
            Consumer<GraceState> t;
            synchronized (this) {
                if (target == null) {
                    held.add(st);
                    return;
                }
                t = target;
            }
            t.accept(st);
        }

        void attach(Consumer<GraceState> listener) {
            synchronized (this) {
                // replayed under the lock: a state arriving now waits, so the order holds
                held.forEach(listener);
                held.clear();
                target = listener;
            }
        }
    }

    /**
     * Joins {@code node}: see the class comment.
     *
     * @param addSelf create the database if missing and add this node if it is no member
     *                (gateway.grace.add-self: membership without an administrator; the cluster
     *                removes a head that left for good, see {@link GraceJanitor})
     * @param store                the store, for messages
     * @param addHint              the command that adds a member, for the not-a-member message
     * @throws GraceParticipant.NotAMemberException this node may not start
     * @throws StoreException                       the database cannot be read or changed
     */
    public static Joined join(GraceDb db, RecoveryDb recovery, String node, boolean addSelf, String store,
                              String addHint) {
        Buffer events = new Buffer();
        GraceDb.Watch w = db.watch(events);
        try {
            if (addSelf) {
                // add() changes nothing when the node is a member already, so a race with another
                // node adding itself (or an administrator adding us) is harmless
                db.create();
                if (!db.member(node)) {
                    db.add(node);
                }
            }
            String hint = addHint == null ? "`grace add " + node + "`" : addHint.replace("{node}", node);
            boolean member;
            try {
                member = db.member(node);
            } catch (StoreException e) {
                if (e.errno() == -Errno.ENOENT) {
                    throw new GraceParticipant.NotAMemberException("the grace database (" + store + ") does not exist: create it"
                            + " and add this node with " + hint + " (" + e.getMessage() + ")");
                }
                throw e;
            }
            if (!member) {
                throw new GraceParticipant.NotAMemberException("node \"" + node + "\" is not a member of the grace database ("
                        + store + "); add it with " + hint + ", or set gateway.node-id to a member's name");
            }
            GraceState st = db.start(node);
            recovery.clear(st.cur());
            Map<Long, RecoveryRecord> allow = st.rec() != 0 && recovery.exists(st.rec()) ? recovery.list(st.rec()) : Map.of();
            return new Joined(w, st, allow, events);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }
}
