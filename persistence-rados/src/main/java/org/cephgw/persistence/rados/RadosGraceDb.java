package org.cephgw.persistence.rados;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.cephgw.persistence.Errno;
import org.cephgw.persistence.NodeIds;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.GraceState.Flags;
import org.cephgw.persistence.grace.GraceTransitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grace database in one RADOS object, in exactly nfs-ganesha's {@code rados_cluster} format, so
 * that nfs-ganesha heads and {@code ganesha-rados-grace} share it with this project:
 * <ul>
 *   <li>data: 16 bytes, {@code cur} then {@code rec}, u64 little-endian; any other length is a
 *       corrupt database ({@code -ENOTRECOVERABLE}, never repaired);</li>
 *   <li>omap: one key per member = its node id, value one flag byte (N = 0x1, E = 0x2; further
 *       bytes and bits are ignored, as nfs-ganesha does; an empty value is corrupt).</li>
 * </ul>
 * Each change is one read op (data + first page of members, noting the object version; further
 * pages with {@code assert_version}), the {@link GraceTransitions} function, then one write op with
 * {@code assert_version} and only the changed data and keys; {@code -ERANGE} (someone else changed
 * it in between) = re-read and retry. A result equal to the input writes nothing. After each
 * successful write a notify (empty payload, {@value #NOTIFY_TIMEOUT_MS} ms timeout, sent from a
 * thread of its own so the change does not wait for the acks) tells every watcher — nfs-ganesha
 * heads too — to re-read.
 *
 * <p>Watching ({@link #watch}): one RADOS watch on the object per instance with listeners. On a
 * notify the librados callback thread only acks and hands over; the re-read and the listener
 * calls happen on this instance's own thread, so listeners run one at a time and states arrive
 * in order. If the watch breaks (error callback, {@code rados_watch_check} failing, the object not
 * existing yet), the thread re-establishes it and meanwhile polls every {@code recoveryPoll}; with
 * a healthy watch it still re-reads every {@code safetyPoll} in case a notify was lost.
 *
 * <p>The instance does not own the {@link RadosCluster}: close this first, then the cluster.
 */
public final class RadosGraceDb implements GraceDb {
    private static final Logger log = LoggerFactory.getLogger(RadosGraceDb.class);

    /** nfs-ganesha's object name. */
    public static final String DEFAULT_OID = "grace";
    /** The data: cur and rec, u64 little-endian each. */
    public static final int DATA_LENGTH = 16;
    /** How many members one read op asks for (nfs-ganesha reads one page of this many). */
    public static final int MEMBER_PAGE = 1024;
    /** Notifies under way at once (each may wait {@link #NOTIFY_TIMEOUT_MS} for a dead watcher). */
    private static final int NOTIFY_THREADS = 4;
    /** How long a notify waits for the watchers' acks (as nfs-ganesha). */
    public static final long NOTIFY_TIMEOUT_MS = 3000;
    /** The watch timeout the OSD applies before it drops a silent watcher (as nfs-ganesha). */
    public static final int WATCH_TIMEOUT_SECONDS = 30;
    public static final Duration DEFAULT_RECOVERY_POLL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SAFETY_POLL = Duration.ofSeconds(60);

    private final RadosCluster cluster;
    private final String oid;
    private final Duration recoveryPoll;
    private final Duration safetyPoll;
    private final int memberPage;

    private final CopyOnWriteArrayList<Consumer<GraceState>> listeners = new CopyOnWriteArrayList<>();
    private Watcher watcher; // guarded by this
    private boolean closed; // guarded by this
    private ExecutorService notifier; // guarded by this; created with the first change
    private boolean notifyQueued; // guarded by this

    /** The object {@value #DEFAULT_OID} with the default polling. */
    public RadosGraceDb(RadosCluster cluster) {
        this(cluster, DEFAULT_OID);
    }

    public RadosGraceDb(RadosCluster cluster, String oid) {
        this(cluster, oid, DEFAULT_RECOVERY_POLL, DEFAULT_SAFETY_POLL);
    }

    /**
     * @param oid the object's name
     * @param recoveryPoll how often watchers re-read while the RADOS watch is broken
     * @param safetyPoll how often watchers re-read anyway (a lost notify)
     */
    public RadosGraceDb(RadosCluster cluster, String oid, Duration recoveryPoll, Duration safetyPoll) {
        this(cluster, oid, recoveryPoll, safetyPoll, MEMBER_PAGE);
    }

    RadosGraceDb(RadosCluster cluster, String oid, Duration recoveryPoll, Duration safetyPoll, int memberPage) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (oid == null || oid.isEmpty() || oid.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("oid must be a non-empty object name");
        }
        this.oid = oid;
        this.recoveryPoll = positive(recoveryPoll, "recoveryPoll");
        this.safetyPoll = positive(safetyPoll, "safetyPoll");
        this.memberPage = memberPage;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /** The object's name. */
    public String oid() {
        return oid;
    }

    @Override
    public boolean create() {
        RadosCluster.Write w = new RadosCluster.Write();
        w.create = LibRados.CREATE_EXCLUSIVE;
        w.writeFull = encodeEpochs(GraceTransitions.create());
        int rc = cluster.write(oid, w);
        if (rc == -Errno.EEXIST) {
            return false;
        }
        if (rc < 0) {
            throw cluster.failure(rc, "create", oid);
        }
        notifyWatchers();
        return true;
    }

    @Override
    public GraceState add(Collection<String> nodes) {
        return change("add", s -> GraceTransitions.add(s, nodes));
    }

    @Override
    public boolean member(Collection<String> nodes) {
        GraceTransitions.nodeSet(nodes); // -EINVAL before any I/O
        return GraceTransitions.member(read(), nodes);
    }

    @Override
    public GraceState join(Collection<String> nodes) {
        return change("join", s -> GraceTransitions.join(s, nodes, false));
    }

    @Override
    public GraceState start(Collection<String> nodes) {
        return change("start", s -> GraceTransitions.join(s, nodes, true));
    }

    @Override
    public GraceState lift(Collection<String> nodes) {
        return change("lift", s -> GraceTransitions.lift(s, nodes));
    }

    @Override
    public GraceState remove(Collection<String> nodes) {
        return change("remove", s -> GraceTransitions.remove(s, nodes));
    }

    @Override
    public GraceState enforce(Collection<String> nodes) {
        return change("enforce", s -> GraceTransitions.enforce(s, nodes, true));
    }

    @Override
    public GraceState noenforce(Collection<String> nodes) {
        return change("noenforce", s -> GraceTransitions.enforce(s, nodes, false));
    }

    @Override
    public GraceState read() {
        return readVersioned("read").state;
    }

    @Override
    public boolean enforcing(String node) {
        GraceTransitions.validateNodeId(node);
        return read().enforcing(node);
    }

    // ---------------------------------------------------------------- read-modify-write

    private record Versioned(long version, GraceState state) {
    }

    private GraceState change(String op, UnaryOperator<GraceState> transition) {
        for (int attempt = 1; ; attempt++) {
            Versioned before = readVersioned(op);
            GraceState next = transition.apply(before.state);
            if (next.equals(before.state)) {
                return before.state;
            }
            RadosCluster.Write w = new RadosCluster.Write();
            w.assertVersion = before.version;
            if (next.cur() != before.state.cur() || next.rec() != before.state.rec()) {
                w.writeFull = encodeEpochs(next);
            }
            for (Map.Entry<String, Flags> e : next.members().entrySet()) {
                if (!e.getValue().equals(before.state.members().get(e.getKey()))) {
                    w.omapSet.put(e.getKey(), new byte[] {(byte) e.getValue().bits()});
                }
            }
            for (String node : before.state.members().keySet()) {
                if (!next.isMember(node)) {
                    w.omapRemove.add(node);
                }
            }
            int rc = cluster.write(oid, w);
            if (isConflict(rc)) {
                log.debug("{} on {}: the object changed under us (attempt {}), retrying", op, cluster.where(oid), attempt);
                continue;
            }
            if (rc == -Errno.ENOENT) {
                throw missing();
            }
            if (rc < 0) {
                throw cluster.failure(rc, op, oid);
            }
            notifyWatchers();
            return next;
        }
    }

    /** assert_version failed: the object has another version than the one read. */
    private static boolean isConflict(int rc) {
        return rc == -Errno.ERANGE || rc == -RadosCluster.EOVERFLOW;
    }

    /** The state with its object version: data and members in one read op, more member pages under assert_version. */
    private Versioned readVersioned(String op) {
        while (true) {
            RadosCluster.ReadResult first;
            try {
                first = cluster.read(oid, DATA_LENGTH + 1, "", memberPage, null);
            } catch (RadosCluster.OpFailed e) {
                throw cluster.failure(e.rc, op, oid);
            } catch (RadosCluster.BadKey e) {
                throw corrupt("member key 0x" + HexFormat.of().formatHex(e.key) + " is not UTF-8");
            }
            if (first == null) {
                throw missing();
            }
            if (first.data().length != DATA_LENGTH) {
                throw corrupt("its data is " + first.data().length + " bytes, not " + DATA_LENGTH);
            }
            ByteBuffer b = ByteBuffer.wrap(first.data()).order(ByteOrder.LITTLE_ENDIAN);
            long cur = b.getLong();
            long rec = b.getLong();
            SortedMap<String, Flags> members = new TreeMap<>(GraceState.NODE_ORDER);
            addMembers(members, first.omap());
            boolean more = first.more();
            String last = lastKey(first.omap());
            boolean conflict = false;
            while (more) {
                RadosCluster.ReadResult page;
                try {
                    page = cluster.read(oid, -1, last, memberPage, first.version());
                } catch (RadosCluster.OpFailed e) {
                    if (isConflict(e.rc)) {
                        conflict = true;
                        break;
                    }
                    throw cluster.failure(e.rc, op, oid);
                } catch (RadosCluster.BadKey e) {
                    throw corrupt("member key 0x" + HexFormat.of().formatHex(e.key) + " is not UTF-8");
                }
                if (page == null) {
                    throw missing();
                }
                if (page.omap().isEmpty()) {
                    break;
                }
                addMembers(members, page.omap());
                last = lastKey(page.omap());
                more = page.more();
            }
            if (conflict) {
                continue; // changed while we paged: start over
            }
            return new Versioned(first.version(), new GraceState(cur, rec, members));
        }
    }

    private void addMembers(SortedMap<String, Flags> members, Map<String, byte[]> omap) {
        for (Map.Entry<String, byte[]> e : omap.entrySet()) {
            if (e.getValue().length == 0) {
                throw corrupt("member " + NodeIds.quote(e.getKey()) + " has an empty flag value");
            }
            members.put(e.getKey(), Flags.of(e.getValue()[0] & 0xff));
        }
    }

    private static String lastKey(Map<String, byte[]> omap) {
        String last = null;
        for (String k : omap.keySet()) {
            last = k;
        }
        return last;
    }

    static byte[] encodeEpochs(GraceState s) {
        return ByteBuffer.allocate(DATA_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putLong(s.cur()).putLong(s.rec()).array();
    }

    /**
     * Tells the watchers that the object changed, without making the caller wait for their acks:
     * a notify waits up to {@value #NOTIFY_TIMEOUT_MS} ms for every registered watch, and the watch
     * of a crashed head stays registered until the OSD drops it (30 s). Waiting there would hold
     * up a restarted head's join and lift by 3 s each (what nfs-ganesha's heads go through).
     * Up to {@value #NOTIFY_THREADS} notifies are under way at once: a change must not wait for
     * the previous change's notify to time out on such a watch (a restarted head's lift notify
     * would reach the other heads 3 s late); their order does not matter, every watcher re-reads
     * the object. One queued notify covers every change before it is sent. {@link #close()} waits
     * for the last ones.
     */
    private void notifyWatchers() {
        synchronized (this) {
            if (closed || notifyQueued) {
                return;
            }
            if (notifier == null) {
                java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(NOTIFY_THREADS,
                        NOTIFY_THREADS, 30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "cephgw-grace-notify-" + oid);
                            t.setDaemon(true);
                            return t;
                        });
                pool.allowCoreThreadTimeOut(true);
                notifier = pool;
            }
            notifyQueued = true;
            notifier.execute(() -> {
                synchronized (this) {
                    notifyQueued = false;
                }
                int rc = cluster.notify(oid, NOTIFY_TIMEOUT_MS);
                if (rc < 0) {
                    // the change is committed; a watcher that did not ack re-reads when its watch recovers or polls
                    log.debug("notify on {} returned {}", cluster.where(oid), rc);
                }
            });
        }
    }

    private StoreException missing() {
        return new StoreException(-Errno.ENOENT, "grace database " + cluster.where(oid)
                + " does not exist (create it first: grace add <nodeid>)");
    }

    private StoreException corrupt(String why) {
        return new StoreException(-Errno.ENOTRECOVERABLE, "corrupt grace database " + cluster.where(oid) + ": " + why
                + " (refused, not repaired)");
    }

    // ---------------------------------------------------------------- watch

    @Override
    public Watch watch(Consumer<GraceState> listener) {
        Objects.requireNonNull(listener, "listener");
        Watcher w;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            if (watcher == null) {
                watcher = new Watcher();
                watcher.start();
            }
            w = watcher;
            listeners.add(listener);
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                unsubscribe(listener);
            }
        };
    }

    private void unsubscribe(Consumer<GraceState> listener) {
        Watcher stop = null;
        synchronized (this) {
            if (listeners.remove(listener) && listeners.isEmpty() && watcher != null) {
                stop = watcher;
                watcher = null;
            }
        }
        if (stop != null) {
            stop.stop();
        }
    }

    @Override
    public void close() {
        Watcher stop;
        ExecutorService notifies;
        synchronized (this) {
            closed = true;
            listeners.clear();
            stop = watcher;
            watcher = null;
            notifies = notifier;
            notifier = null;
        }
        if (stop != null) {
            stop.stop();
        }
        if (notifies != null) {
            // the last change's notify still goes out (a command-line change exits right after)
            notifies.shutdown();
            try {
                notifies.awaitTermination(2 * NOTIFY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "RadosGraceDb[" + cluster.where(oid) + "]";
    }

    /**
     * One RADOS watch and the thread that re-reads and calls the listeners. Every field but
     * {@link #broken} is touched only on that thread.
     */
    private final class Watcher {
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cephgw-grace-watch-" + oid);
            t.setDaemon(true);
            return t;
        });
        // librados calls these on its own thread; they must stay reachable while the watch exists
        private final LibRados.WatchCallback onNotify = this::onNotify;
        private final LibRados.WatchErrorCallback onError = this::onError;
        private volatile boolean broken;
        private long cookie; // 0 = no watch
        private GraceState last;
        private long lastRead;
        private String lastProblem;

        void start() {
            // establish the watch and read the state before watch() returns, so that every later
            // change is reported (the GraceDb contract: watch first, then read)
            try {
                thread.submit(() -> {
                    establish();
                    last = readQuietly();
                }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.warn("starting the watch on {} failed", cluster.where(oid), e.getCause());
            }
            long tick = Math.min(recoveryPoll.toMillis(), safetyPoll.toMillis());
            thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        }

        void stop() {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (cookie != 0) {
                cluster.unwatch(cookie);
                cookie = 0;
            }
            // no callback may run after this: its objects may go away with us
            cluster.watchFlush();
        }

        private void onNotify(long arg, long notifyId, long notifyCookie, long notifierId,
                              jnr.ffi.Pointer data, long dataLen) {
            // ack at once (the notifier waits for every watcher), re-read on our own thread
            cluster.notifyAck(oid, notifyId, notifyCookie);
            submit(this::refresh);
        }

        private void onError(long arg, long errCookie, int err) {
            log.info("watch on {} broke ({}); re-establishing it, polling every {} ms meanwhile",
                    cluster.where(oid), err, recoveryPoll.toMillis());
            broken = true;
            submit(this::tick);
        }

        private void submit(Runnable r) {
            try {
                thread.execute(r);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }

        private void tick() {
            boolean healthy = cookie != 0 && !broken && cluster.watchCheck(cookie) >= 0;
            if (!healthy) {
                establish();
                refresh(); // while the watch is down, every tick is a poll
            } else if (System.nanoTime() - lastRead >= safetyPoll.toNanos()) {
                refresh();
            }
        }

        private void establish() {
            if (cookie != 0) {
                cluster.unwatch(cookie); // a broken watch must be removed before a new one
                cookie = 0;
            }
            broken = false;
            try {
                cookie = cluster.watch(oid, onNotify, onError, WATCH_TIMEOUT_SECONDS);
                lastProblem = null;
            } catch (RadosCluster.OpFailed e) {
                problem("cannot watch " + cluster.where(oid) + " (" + e.rc + "); polling every "
                        + recoveryPoll.toMillis() + " ms");
            }
        }

        private void refresh() {
            GraceState now = readQuietly();
            if (now == null || now.equals(last)) {
                return;
            }
            last = now;
            for (Consumer<GraceState> l : listeners) {
                try {
                    l.accept(now);
                } catch (RuntimeException e) {
                    log.warn("grace watch listener failed", e);
                }
            }
        }

        private GraceState readQuietly() {
            lastRead = System.nanoTime();
            try {
                return read();
            } catch (StoreException e) {
                problem("cannot read grace database for watchers: " + e.getMessage());
                return null;
            }
        }

        private void problem(String msg) {
            if (!msg.equals(lastProblem)) {
                log.warn(msg);
                lastProblem = msg;
            }
        }
    }
}
