package org.cephgw.actors.grace;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;

/**
 * A {@link GraceDb} that passes every call to a real one, except {@link #watch}: its watches never
 * fire on their own. Stands in for a RADOS watch that broke or whose notifications are lost; the
 * test may still {@link #fire} the registered listeners by hand (a spurious notification).
 */
final class ControlledGraceDb implements GraceDb {
    private final GraceDb db;
    private final List<Consumer<GraceState>> listeners = new CopyOnWriteArrayList<>();

    ControlledGraceDb(GraceDb db) {
        this.db = db;
    }

    /** Calls every registered listener with the current state, as a notification would. */
    void fire() {
        GraceState st = db.read();
        listeners.forEach(l -> l.accept(st));
    }

    int watches() {
        return listeners.size();
    }

    @Override
    public Watch watch(Consumer<GraceState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public boolean create() {
        return db.create();
    }

    @Override
    public GraceState add(Collection<String> nodes) {
        return db.add(nodes);
    }

    @Override
    public boolean member(Collection<String> nodes) {
        return db.member(nodes);
    }

    @Override
    public GraceState join(Collection<String> nodes) {
        return db.join(nodes);
    }

    @Override
    public GraceState start(Collection<String> nodes) {
        return db.start(nodes);
    }

    @Override
    public GraceState lift(Collection<String> nodes) {
        return db.lift(nodes);
    }

    @Override
    public GraceState remove(Collection<String> nodes) {
        return db.remove(nodes);
    }

    @Override
    public GraceState enforce(Collection<String> nodes) {
        return db.enforce(nodes);
    }

    @Override
    public GraceState noenforce(Collection<String> nodes) {
        return db.noenforce(nodes);
    }

    @Override
    public GraceState read() {
        return db.read();
    }

    @Override
    public boolean enforcing(String node) {
        return db.enforcing(node);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
