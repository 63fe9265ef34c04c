package org.cephgw.persistence.grace;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The clustered grace database of nfs-ganesha's {@code rados_cluster} recovery backend: two epochs
 * ({@code cur}, {@code rec}) and one flag set per member head (N = needs grace, E = enforcing).
 * The semantics of every operation are those of {@link GraceTransitions} (nfs-ganesha's, except
 * where that class says otherwise).
 *
 * <h2>Atomicity</h2>
 * Every change is atomic and linearizable across every process using the same database: an
 * implementation reads the state together with a version, applies the transition and writes only
 * if the version is still the same, retrying on a conflict (RADOS: one read op, then one write op
 * with {@code assert_version}, {@code -ERANGE} = re-read and retry; the local file: the whole
 * read-modify-write under an exclusive lock, committed by an atomic rename). No caller ever sees or
 * causes a lost update, and no caller handles {@code -ERANGE}. A change that changes nothing writes
 * nothing. Methods block (file or network I/O): call them off the actor dispatchers.
 *
 * <h2>Errors</h2>
 * Failures are {@link org.cephgw.persistence.StoreException}s carrying nfs-ganesha's negative
 * errno: {@code -ENOENT} the database does not exist (call {@link #create()}); {@code -ENOKEY} a node
 * given to join/start/lift/remove/enforce/noenforce is not a member; {@code -EINVAL} no node ids or a
 * malformed one; {@code -ENOTRECOVERABLE} the stored database is corrupt (refused, never repaired);
 * {@code -EIO} (local) or the librados error (RADOS) for I/O failures.
 *
 * <h2>Change notification</h2>
 * {@link #watch} registers a listener that is called after changes — by any process — with the
 * state as re-read after the change. Like RADOS watch/notify it is a "something changed, here is the
 * latest" signal: every change is followed by at least one call with a state at least as new;
 * changes in quick succession may be reported once; a state may be reported again. Listeners run on
 * a notification thread of the implementation, one call at a time, and must not block for long.
 * To not miss a change, register the watch first, then {@link #read()}.
 */
public interface GraceDb extends AutoCloseable {

    /**
     * Creates the database as {@code cur=1 rec=0} without members, exclusively: an existing database
     * is left as it is. Idempotent.
     *
     * @return true if this call created it, false if it existed
     */
    boolean create();

    /** Adds members with E; if any of them is a member already, nothing changes. @return the state after */
    GraceState add(Collection<String> nodes);

    default GraceState add(String... nodes) {
        return add(Arrays.asList(nodes));
    }

    /** True if every given node is a member ({@code ganesha-rados-grace member}; false = {@code -ENOENT} there). */
    boolean member(Collection<String> nodes);

    default boolean member(String... nodes) {
        return member(Arrays.asList(nodes));
    }

    /** Joins a grace period in force (sets N and E); outside a grace period nothing changes. @return the state after */
    GraceState join(Collection<String> nodes);

    default GraceState join(String... nodes) {
        return join(Arrays.asList(nodes));
    }

    /**
     * Joins the grace period, opening a new one ({@code rec = cur, cur = cur + 1}) if none is in
     * force; sets N and E on the nodes. A head calls this at start and at clean shutdown.
     *
     * @return the state after: the head writes new client records to epoch {@code cur} and admits
     *     reclaims recorded in epoch {@code rec}
     */
    GraceState start(Collection<String> nodes);

    default GraceState start(String... nodes) {
        return start(Arrays.asList(nodes));
    }

    /**
     * Clears N on the nodes; the grace period ends ({@code rec = 0}) when no member has N. While a
     * grace period is in force and some member does not enforce yet, nothing changes: retry later.
     *
     * @return the state after ({@code rec() == 0}: the cluster grace period is over)
     */
    GraceState lift(Collection<String> nodes);

    default GraceState lift(String... nodes) {
        return lift(Arrays.asList(nodes));
    }

    /** Removes members; the grace period ends when no remaining member has N. Same wait as {@link #lift}. */
    GraceState remove(Collection<String> nodes);

    default GraceState remove(String... nodes) {
        return remove(Arrays.asList(nodes));
    }

    /** Sets E on the nodes. @return the state after */
    GraceState enforce(Collection<String> nodes);

    default GraceState enforce(String... nodes) {
        return enforce(Arrays.asList(nodes));
    }

    /** Clears E on the nodes. @return the state after */
    GraceState noenforce(Collection<String> nodes);

    default GraceState noenforce(String... nodes) {
        return noenforce(Arrays.asList(nodes));
    }

    /** The current state. */
    GraceState read();

    /** True only if {@code node} is a member and every member enforces (see {@link GraceState#enforcing}). */
    boolean enforcing(String node);

    /** The database rendered exactly like {@code ganesha-rados-grace dump} ({@link GraceState#dump()}). */
    default String dump() {
        return read().dump();
    }

    /** Registers a change listener (see the class comment); close the returned handle to unregister. */
    Watch watch(Consumer<GraceState> listener);

    /** Unregisters every watch made through this instance and releases its resources. */
    @Override
    void close();

    /** A registered change listener. */
    interface Watch extends AutoCloseable {
        /** Unregisters the listener; idempotent. A call already under way may still complete. */
        @Override
        void close();
    }
}
