package org.cephgw.loadgen;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the leases of idle clients alive, as a real client's renewal does: every few seconds each
 * client that sent nothing for {@link #IDLE_SECONDS} sends SEQUENCE alone (on a slot of its own,
 * not measured). Without it the client that made the tree, or clients holding state while others
 * are measured, expire after the server's lease time.
 */
final class Renewer implements AutoCloseable {
    static final long IDLE_SECONDS = 15;

    private final Set<LoadClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadgen-renewer");
        t.setDaemon(true);
        return t;
    });

    Renewer() {
        timer.scheduleWithFixedDelay(this::tick, 5, 5, TimeUnit.SECONDS);
    }

    void add(LoadClient c) {
        clients.add(c);
    }

    void addAll(Collection<LoadClient> cs) {
        clients.addAll(cs);
    }

    void removeAll(Collection<LoadClient> cs) {
        clients.removeAll(cs);
    }

    private void tick() {
        long idle = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
        for (LoadClient c : clients) {
            c.renewIfIdle(idle);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
