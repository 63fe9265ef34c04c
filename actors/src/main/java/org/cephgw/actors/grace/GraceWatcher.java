package org.cephgw.actors.grace;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.cephgw.actors.CborSerializable;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;

/**
 * The cluster's one watcher of the grace database (a Pekko Cluster Singleton, see
 * {@link #init}): it keeps a watch on the database, re-reads it every {@code pollInterval} as a
 * fallback for a broken or silent watch, and publishes every new state as a {@link GraceEvent} on
 * the cluster topic {@link #TOPIC}, where each head's {@link GraceParticipant} picks it up and
 * enforces or lifts. One watcher instead of one per head: one RADOS watch and one re-read per
 * change for the whole cluster.
 *
 * <p><b>Order.</b> A watch notification is only a trigger: the watcher then reads the database
 * itself. Reads run one at a time on {@link #DISPATCHER} (one thread), and a trigger arriving
 * while a read is under way causes one more read after it. So states are published in the order
 * they were read — never an older one after a newer one — and a state equal to the last one
 * published is not published again. Each run of the singleton numbers its events 1, 2, …
 * ({@link GraceEvent#seq()}) under a random {@link GraceEvent#incarnation()}.
 *
 * <p>The actor itself never blocks; the database calls come back as messages. Failures of reads
 * or of opening the watch are logged and retried on the next poll; anything unexpected restarts
 * the actor (with back-off), which opens a new watch.
 */
public final class GraceWatcher extends AbstractBehavior<GraceWatcher.Command> {
    /** The cluster topic the events go to (a Pekko typed {@link Topic} of {@link GraceEvent}). */
    public static final String TOPIC = "cephgw-grace";
    /** The singleton's name in the cluster. */
    public static final String SINGLETON_NAME = "grace-watcher";
    /** The dispatcher of the blocking database calls (one thread, see reference.conf). */
    public static final String DISPATCHER = "cephgw.grace-watcher-dispatcher";

    /**
     * @param pollInterval        how often the database is re-read besides watch notifications
     * @param removeDepartedAfter how long a head of this cluster may be away before the
     *                            {@link GraceJanitor} removes it from the database; null: no janitor
     */
    public record Settings(Duration pollInterval, Duration removeDepartedAfter) {
        public Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
        }

        /** Without a janitor. */
        public Settings(Duration pollInterval) {
            this(pollInterval, null);
        }
    }

    /** Its messages may come through the singleton proxy from another node, hence serializable. */
    public sealed interface Command extends CborSerializable {
    }

    /** Where the watcher runs and what it published last, for management. */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /** The members as the {@link GraceJanitor} sees them (an empty view without a janitor). */
    public record GetMembership(ActorRef<Departures.View> replyTo) implements Command {
    }

    /** Stops the watcher (closing its watch): the singleton's stop message when it hands over. */
    public enum Stop implements Command {
        INSTANCE
    }

    /**
     * @param node          the cluster address of the node it runs on
     * @param incarnation   this run of the singleton
     * @param watching      the database watch is open (false: polling only)
     * @param lastPublished the last event published (null before the first reading)
     * @param lastError     the last failure to read or watch, if the last attempt failed
     */
    public record Status(String node, long incarnation, boolean watching, GraceEvent lastPublished, String lastError)
            implements CborSerializable {
    }

    // ---- internal: the database's answers
    private enum Changed implements Command {
        INSTANCE
    }

    private enum Poll implements Command {
        INSTANCE
    }

    private record WatchOpened(GraceDb.Watch watch) implements Command {
    }

    private record WatchFailed(Throwable cause) implements Command {
    }

    private record ReadDone(GraceState state) implements Command {
    }

    private record ReadFailed(Throwable cause) implements Command {
    }

    private final GraceDb db;
    private final ActorRef<Topic.Command<GraceEvent>> topic;
    private final Executor io;
    private final String node;
    private final long incarnation = ThreadLocalRandom.current().nextLong();

    /** the watch being opened or open; null while there is none (then polling only) */
    private CompletableFuture<GraceDb.Watch> watch;
    private boolean watching;
    private boolean reading;
    /** a trigger came while reading: read once more afterwards */
    private boolean again;
    private GraceState lastState;
    private GraceEvent lastPublished;
    private long seq;
    private String lastError;
    /** null without one (settings) */
    private final ActorRef<GraceJanitor.Command> janitor;

    /**
     * The watcher as a plain actor (tests; {@link #init} wraps it for the cluster).
     *
     * @param db    this node's connection to the grace database (not closed by the watcher)
     * @param topic this node's topic actor for {@link #TOPIC}
     */
    public static Behavior<Command> create(GraceDb db, ActorRef<Topic.Command<GraceEvent>> topic, Settings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new GraceWatcher(ctx, timers, db, topic, settings)));
    }

    /** {@link #create} restarted with back-off when it fails unexpectedly: a fresh watch each time. */
    public static Behavior<Command> supervised(GraceDb db, ActorRef<Topic.Command<GraceEvent>> topic, Settings settings) {
        return Behaviors.supervise(create(db, topic, settings))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    }

    /**
     * Starts the singleton on this node (call it on every node of the cluster, with the node's own
     * database connection and topic actor): the cluster runs it on its oldest node and moves it
     * when that node leaves or is downed.
     *
     * @return the singleton's proxy, which reaches it wherever it runs
     */
    public static ActorRef<Command> init(ActorSystem<?> system, GraceDb db, ActorRef<Topic.Command<GraceEvent>> topic,
                                         Settings settings) {
        return ClusterSingleton.get(system).init(
                SingletonActor.of(supervised(db, topic, settings), SINGLETON_NAME).withStopMessage(Stop.INSTANCE));
    }

    /** The topic actor every node needs once (the participant subscribes to it, the watcher publishes to it). */
    public static Behavior<Topic.Command<GraceEvent>> topic() {
        return Topic.create(GraceEvent.class, TOPIC);
    }

    private GraceWatcher(ActorContext<Command> ctx, TimerScheduler<Command> timers, GraceDb db,
                         ActorRef<Topic.Command<GraceEvent>> topic, Settings settings) {
        super(ctx);
        this.db = db;
        this.topic = topic;
        this.node = ctx.getSystem().address().toString();
        this.io = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
        // the watch is opened before the first read on the one thread: no change falls between
        openWatch();
        read();
        timers.startTimerWithFixedDelay(Poll.INSTANCE, settings.pollInterval());
        if (settings.removeDepartedAfter() != null) {
            janitor = ctx.spawn(Behaviors.supervise(GraceJanitor.create(db, io, settings.removeDepartedAfter()))
                    .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2)),
                    "janitor");
        } else {
            janitor = null;
        }
        ctx.getLog().info("grace watcher started on {} (incarnation {})", node, Long.toHexString(incarnation));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Changed.INSTANCE, () -> {
                    read();
                    return this;
                })
                .onMessageEquals(Poll.INSTANCE, this::onPoll)
                .onMessage(WatchOpened.class, m -> {
                    watching = true;
                    return this;
                })
                .onMessage(WatchFailed.class, this::onWatchFailed)
                .onMessage(ReadDone.class, this::onRead)
                .onMessage(ReadFailed.class, this::onReadFailed)
                .onMessage(GetStatus.class, m -> {
                    m.replyTo().tell(new Status(node, incarnation, watching, lastPublished, lastError));
                    return this;
                })
                .onMessage(GetMembership.class, m -> {
                    if (janitor != null) {
                        janitor.tell(new GraceJanitor.GetView(m.replyTo()));
                    } else {
                        m.replyTo().tell(new Departures.View(0, 0, java.util.List.of(),
                                "this cluster does not manage membership (no janitor)"));
                    }
                    return this;
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> closeWatch())
                .onSignal(PreRestart.class, s -> closeWatch())
                .build();
    }

    private void openWatch() {
        ActorRef<Command> self = getContext().getSelf();
        CompletableFuture<GraceDb.Watch> w = submit(() -> db.watch(st -> self.tell(Changed.INSTANCE)));
        watch = w;
        getContext().pipeToSelf(w, (ok, err) -> err == null ? new WatchOpened(ok) : new WatchFailed(unwrap(err)));
    }

    private Behavior<Command> onWatchFailed(WatchFailed m) {
        watch = null;
        watching = false;
        error("cannot watch the grace database (polling every interval instead)", m.cause());
        return this;
    }

    private Behavior<Command> onPoll() {
        if (watch == null) {
            // the watch could not be opened: try again, and poll meanwhile
            openWatch();
        }
        read();
        return this;
    }

    private void read() {
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        getContext().pipeToSelf(submit(db::read), (st, err) -> err == null ? new ReadDone(st) : new ReadFailed(unwrap(err)));
    }

    private Behavior<Command> onRead(ReadDone m) {
        reading = false;
        lastError = null;
        GraceState st = m.state();
        if (janitor != null) {
            janitor.tell(new GraceJanitor.State(st));
        }
        if (!st.equals(lastState)) {
            lastState = st;
            seq++;
            lastPublished = GraceEvent.of(node, incarnation, seq, st);
            topic.tell(Topic.publish(lastPublished));
            getContext().getLog().debug("grace watcher published #{}: cur={} rec={} {}", seq,
                    Long.toUnsignedString(st.cur()), Long.toUnsignedString(st.rec()), st.members());
        }
        if (again) {
            again = false;
            read();
        }
        return this;
    }

    private Behavior<Command> onReadFailed(ReadFailed m) {
        reading = false;
        // no immediate retry (the store may be down): the next poll or notification reads again
        again = false;
        error("cannot read the grace database", m.cause());
        return this;
    }

    private void error(String what, Throwable cause) {
        String msg = what + ": " + cause.getMessage();
        if (!msg.equals(lastError)) {
            // once per distinct failure, not on every poll
            getContext().getLog().warn("grace watcher: {}", msg);
        }
        lastError = msg;
    }

    private Behavior<Command> closeWatch() {
        CompletableFuture<GraceDb.Watch> w = watch;
        watch = null;
        if (w != null) {
            // also when still being opened; unwatching may be a network call (RADOS)
            w.thenAcceptAsync(GraceDb.Watch::close, io).exceptionally(e -> null);
        }
        return this;
    }

    private <T> CompletableFuture<T> submit(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
