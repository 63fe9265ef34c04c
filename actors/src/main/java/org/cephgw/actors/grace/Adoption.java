package org.cephgw.actors.grace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * The clients of retired heads that a head takes over (virtual-IP mode, a head set made smaller):
 * a retired head leaves the grace database the way a stopping head does — a grace period in which
 * its clients may reclaim — but no head of its name comes back. Its clients, told their clientid is
 * stale, establish themselves with the head their owner is assigned to now; that head, in the
 * grace period, admits their reclaims from the retired head's recovery records.
 *
 * <p>The per-node mode has none ({@link #NONE}): a head's clients come back to a head of the same
 * name.
 */
public interface Adoption {

    /** The members of {@code st} that are retired heads of this cluster, whose clients may come here. */
    Set<String> retired(GraceState st);

    /** Whether a client with this owner is assigned to this head now. */
    boolean mine(byte[] ownerId);

    /** The records of {@code head}'s recovery database of {@code epoch}; empty if it has none. Blocking. */
    List<RecoveryRecord> records(String head, long epoch);

    Adoption NONE = new Adoption() {
        @Override
        public Set<String> retired(GraceState st) {
            return Set.of();
        }

        @Override
        public boolean mine(byte[] ownerId) {
            return false;
        }

        @Override
        public List<RecoveryRecord> records(String head, long epoch) {
            return List.of();
        }
    };

    /**
     * Which retired heads a head has taken the clients of in the current grace period (the plain
     * bookkeeping of a {@link GraceParticipant}).
     */
    final class Taken {
        private final Set<String> heads = new HashSet<>();

        /** The retired members of {@code st} not taken yet (and not {@code self}); marks them taken. */
        Set<String> take(Adoption adoption, GraceState st, String self) {
            Set<String> todo = new HashSet<>(adoption.retired(st));
            todo.retainAll(st.members().keySet());
            todo.remove(self);
            todo.removeAll(heads);
            heads.addAll(todo);
            return todo;
        }

        /** A new grace period (or none): every retired head may be taken again. */
        void reset() {
            heads.clear();
        }

        /**
         * The owners (rendered as in recovery records) of the records of {@code todo} at
         * {@code epoch} assigned to this head. Blocking: on the participant's database thread.
         */
        static Set<String> owners(Adoption adoption, Set<String> todo, long epoch) {
            Set<String> owners = new HashSet<>();
            for (String head : todo) {
                for (RecoveryRecord r : adoption.records(head, epoch)) {
                    if (adoption.mine(r.ownerId())) {
                        owners.add(r.renderedOwner());
                    }
                }
            }
            return Set.copyOf(owners);
        }
    }
}
