package org.cephgw.actors.grace;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.cephgw.persistence.StoreException;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.recovery.RecoveryDb;
import org.cephgw.persistence.recovery.RecoveryRecord;

/**
 * One head's part in the clustered grace periods of nfs-ganesha's {@code rados_cluster} recovery
 * backend (see grace-db.md, "A head's life"), over the {@link GraceDb} and {@link RecoveryDb} SPIs.
 *
 * <ol>
 * <li><b>Joining.</b> Watch the grace database, check membership (not a member: the start fails,
 *     naming the fix), {@code start(self)} → (cur, rec), clear the recovery database of
 *     {@code cur}, load the allow-list from the one of {@code rec} (missing: empty) — see
 *     {@link GraceJoin}, which a starting gateway runs before the actor system exists.</li>
 * <li><b>Enforcing-wait.</b> Until every member enforces ({@code enforcing(self)}, re-checked on
 *     every watch event and poll). Only then is the {@code ready} future completed: the gateway
 *     mounts its back ends and accepts NFS connections after that.</li>
 * <li><b>In grace.</b> New OPEN/LOCK → NFS4ERR_GRACE; reclaims from allow-listed owners that
 *     have not sent RECLAIM_COMPLETE are admitted (see {@link GraceGate}). When every allow-listed
 *     owner has sent RECLAIM_COMPLETE, or {@code graceTime} after entering this phase,
 *     {@code lift(self)} (retried while some member does not enforce yet).</li>
 * <li><b>Serving.</b> Once the database shows {@code rec == 0}: {@code noenforce(self)}, delete
 *     the recovery database of the grace period that ended. When it shows {@code rec != 0} again
 *     (another head restarted), the confirmed clients are written to the database of the new
 *     {@code cur}, this head enforces and refuses new state until {@code rec} is 0 again.</li>
 * <li><b>Leaving</b> ({@link Leave}, clean shutdown): {@code start(self)}, as nfs-ganesha does, so
 *     that the cluster enforces at once and this head's clients can reclaim from its successor.</li>
 * </ol>
 *
 * <p><b>Where changes come from.</b> Alone (no cluster, {@code pekko.actor.provider = local}) the
 * participant watches the database itself and re-reads it every {@code pollInterval}. In a Pekko
 * cluster it also subscribes to the {@link GraceWatcher} singleton's topic, and each published
 * {@link GraceEvent} is handled exactly like a state this head read itself. It keeps its own watch
 * as well, as every nfs-ganesha head does: a restarting node is not a cluster member (nor known
 * to the topic) for seconds, and when the node running the singleton crashes no event flows until
 * the cluster has removed it; a head's grace must reach the others at once. While serving it then re-reads on its own only every {@code safetyPollInterval}, a
 * safety net for a node that cannot hear the singleton (partition, hand-over); while it waits for
 * the cluster (start, a grace period) it keeps polling every {@code pollInterval} (see onPoll). Both paths can deliver a state
 * after a newer one this head has already seen (its own change's result overtakes an event, or
 * the other way round); a state whose epochs are older than those last seen is dropped, whatever
 * brought it, because epochs only move forward:
 * {@code cur} never decreases and, for one {@code cur}, {@code rec} only goes from non-zero to 0.
 *
 * <p>Every database call blocks, so they all run on {@link #DISPATCHER} (one thread: record
 * writes reach the database in the order the clients were confirmed and removed, and a copy of
 * the clients into a new epoch precedes any record written to that epoch); the results come
 * back as messages. The actor itself never blocks.
 */
public final class GraceParticipant extends AbstractBehavior<GraceParticipant.Command> {
    /** The dispatcher of the blocking database calls (one thread, see reference.conf). */
    public static final String DISPATCHER = "cephgw.grace-dispatcher";

    /** Where a head is in its life (grace-db.md "A head's life"). */
    public enum Phase {
        /** joining the database: membership check, start, recovery databases */
        JOINING,
        /** waiting for every member to enforce */
        ENFORCING_WAIT,
        /** a grace period is in force: new state refused, reclaims from the allow-list admitted */
        IN_GRACE,
        /** no grace period */
        SERVING,
        /** clean shutdown under way */
        LEAVING
    }

    /**
     * @param nodeId               this head's member name
     * @param graceTime            longest local grace period (then this head lifts anyway)
     * @param pollInterval         how often the database is re-read besides watch events (no topic)
     * @param addSelf              create the database if missing and add this node if it is no
     *                             member (gateway.grace.add-self); false: an administrator adds members
     * @param store                a description of the store, for messages and management
     * @param addHint              the command that adds a member, for the not-a-member message
     * @param safetyPollInterval   how often the database is re-read when the {@link GraceWatcher}
     *                             topic brings the changes
     */
    public record Settings(String nodeId, Duration graceTime, Duration pollInterval, boolean addSelf,
                           String store, String addHint, Duration safetyPollInterval, Adoption adoption) {
        public Settings {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(graceTime, "graceTime");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(safetyPollInterval, "safetyPollInterval");
            Objects.requireNonNull(adoption, "adoption");
        }

        /** A head that takes over no other head's clients (per-node mode). */
        public Settings(String nodeId, Duration graceTime, Duration pollInterval, boolean addSelf,
                        String store, String addHint, Duration safetyPollInterval) {
            this(nodeId, graceTime, pollInterval, addSelf, store, addHint, safetyPollInterval, Adoption.NONE);
        }

        /** The same, taking over the clients of retired heads as {@code a} says. */
        public Settings withAdoption(Adoption a) {
            return new Settings(nodeId, graceTime, pollInterval, addSelf, store, addHint, safetyPollInterval, a);
        }

        /** Without a topic: the safety poll is never used, it is set to the poll interval. */
        public Settings(String nodeId, Duration graceTime, Duration pollInterval, boolean addSelf,
                        String store, String addHint) {
            this(nodeId, graceTime, pollInterval, addSelf, store, addHint, pollInterval);
        }
    }

    /** This node is not a member of the grace database: it may not start. */
    public static final class NotAMemberException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotAMemberException(String message) {
            super(message);
        }
    }

    public sealed interface Command {
    }

    /**
     * A clientid was confirmed (first CREATE_SESSION): its record goes to the current epoch;
     * {@code durable} completes once it is written (see {@link RecordBatches}).
     */
    public record ClientConfirmed(long clientId, String address, byte[] ownerId, CompletableFuture<Void> durable)
            implements Command {
        public ClientConfirmed(long clientId, String address, byte[] ownerId) {
            this(clientId, address, ownerId, new CompletableFuture<>());
        }
    }

    /** A confirmed clientid is gone: its record is removed from the current epoch. */
    public record ClientRemoved(long clientId) implements Command {
    }

    public record ClientReclaimComplete(long clientId, byte[] ownerId) implements Command {
    }

    /** A reclaim was granted (for management's count). */
    public record Reclaimed(long clientId, boolean lock) implements Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /** Clean shutdown: start a new grace period for the successor; answered when the database has it. */
    public record Leave(ActorRef<Done> replyTo) implements Command {
    }

    /**
     * What management shows.
     *
     * @param database      the database as last read (null before the first reading)
     * @param recordEpoch   the epoch whose recovery database this head writes its clients to
     * @param graceRec      the epoch clients reclaim from during the current grace period (0: none)
     * @param allowListSize clients in the allow-list of the current (or last) grace period of this head
     * @param completed     of those owners, how many sent RECLAIM_COMPLETE
     * @param liftedLocally this head has cleared its N flag (or never had one in this period)
     * @param lastEvent     the last {@link GraceWatcher} event received (null: none yet, or no topic)
     */
    public record Status(String nodeId, String store, Phase phase, boolean inGrace, GraceState database,
                         long recordEpoch, long graceRec, int allowListSize, int completed, long reclaimedOpens,
                         long reclaimedLocks, int recordedClients, boolean liftedLocally, String lastError,
                         GraceEvent lastEvent) {
    }

    // ---- internal
    private record Started(GraceJoin.Joined joined) implements Command {
    }

    /** Owners of retired heads' clients assigned to this head, for the grace period of {@code rec}. */
    private record Adopted(Set<String> heads, long rec, Set<String> owners) implements Command {
    }

    private record StartFailed(Throwable cause) implements Command {
    }

    /** A state read by a watch event, a poll, or returned by a change of ours. */
    private record DbState(String op, GraceState state) implements Command {
    }

    private record OpFailed(String op, Throwable cause) implements Command {
    }

    private record OpDone(String op) implements Command {
    }

    private record RecordsWritten(RecordBatches.Batch batch, Throwable error) implements Command {
    }

    private record Poll() implements Command {
    }

    /** A state the {@link GraceWatcher} singleton published on the topic. */
    private record Published(GraceEvent event) implements Command {
    }

    private record GraceTimeUp() implements Command {
    }

    private record Left(ActorRef<Done> replyTo, GraceState state, Throwable error) implements Command {
    }

    private static final String LIFT = "lift";
    private static final String ENFORCE = "enforce";
    private static final String NOENFORCE = "noenforce";
    private static final String POLL = "read";
    private static final String WATCH = "watch";
    private static final String ADOPT = "adopt";

    private final GraceDb db;
    private final RecoveryDb recovery;
    /** the retired heads whose clients this head took over in the current grace period */
    private final Adoption.Taken taken = new Adoption.Taken();
    private final Settings settings;
    private final GraceGate gate;
    private final CompletableFuture<Void> ready;
    private final TimerScheduler<Command> timers;
    private final Executor io;
    private final String node;
    /** null: no cluster topic, this participant watches the database itself */
    private final ActorRef<Topic.Command<GraceEvent>> topic;
    private GraceEvent lastEvent;
    /** System.nanoTime() of the last poll of our own */
    private long lastOwnRead = System.nanoTime();

    private Phase phase = Phase.JOINING;
    /** a topic event came before Started: it may be newer than Started's own, re-read once joined */
    private boolean stateWhileJoining;
    private GraceDb.Watch watch;
    private GraceState last;
    /** the epoch new client records go to */
    private long recordEpoch;
    /** Confirmed clients' records waiting to be written, grouped into as few writes as possible. */
    private final RecordBatches records = new RecordBatches();
    /** rec of the grace period in force (0: none); its recovery database is deleted when it ends */
    private long graceRec;
    /** allow-listed client owners, rendered as in recovery records */
    private Set<String> allowOwners = Set.of();
    private int allowListSize;
    private final Set<String> completed = new HashSet<>();
    /** this head wants its N cleared: all reclaims done, or the grace time is over */
    private boolean wantLift;
    private boolean liftedLocally;
    private final Set<String> inFlight = new HashSet<>();
    /** the confirmed clients, as recorded: copied into a new epoch when another head starts a grace period */
    private final Map<Long, RecoveryRecord> live = new HashMap<>();
    private long reclaimedOpens;
    private long reclaimedLocks;
    private String lastError;

    /**
     * @param ready completed once the head may serve (every member enforces), or exceptionally
     *              when it may not start (not a member, the database unreadable)
     */
    public static Behavior<Command> create(GraceDb db, RecoveryDb recovery, Settings settings, GraceGate gate,
                                           CompletableFuture<Void> ready) {
        return create(db, recovery, settings, gate, ready, null);
    }

    /**
     * @param topic this node's {@link GraceWatcher#TOPIC} topic actor: the changes come from the
     *              singleton instead of a watch of this head's own; null = watch the database
     */
    public static Behavior<Command> create(GraceDb db, RecoveryDb recovery, Settings settings, GraceGate gate,
                                           CompletableFuture<Void> ready, ActorRef<Topic.Command<GraceEvent>> topic) {
        return create(db, recovery, settings, gate, ready, topic, null);
    }

    /**
     * @param joined the head's join, done already ({@link GraceJoin#join}, e.g. while the actor
     *               system started); null: the participant joins itself
     */
    public static Behavior<Command> create(GraceDb db, RecoveryDb recovery, Settings settings, GraceGate gate,
                                           CompletableFuture<Void> ready, ActorRef<Topic.Command<GraceEvent>> topic,
                                           CompletionStage<GraceJoin.Joined> joined) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new GraceParticipant(ctx, timers, db, recovery, settings, gate, ready, topic, joined)));
    }

    private GraceParticipant(ActorContext<Command> ctx, TimerScheduler<Command> timers, GraceDb db, RecoveryDb recovery,
                             Settings settings, GraceGate gate, CompletableFuture<Void> ready,
                             ActorRef<Topic.Command<GraceEvent>> topic, CompletionStage<GraceJoin.Joined> joined) {
        super(ctx);
        this.topic = topic;
        this.db = db;
        this.recovery = recovery;
        this.settings = settings;
        this.gate = gate;
        this.ready = ready;
        this.timers = timers;
        this.node = settings.nodeId();
        this.io = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
        gate.publish(GraceSnapshot.joining());
        if (topic != null) {
            // subscribed before joining: no event published after our start can be missed
            topic.tell(Topic.subscribe(ctx.messageAdapter(GraceEvent.class, Published::new)));
        }
        CompletionStage<GraceJoin.Joined> join = joined != null ? joined : CompletableFuture.supplyAsync(
                () -> GraceJoin.join(db, recovery, node, settings.addSelf(), settings.store(), settings.addHint()), io);
        ctx.pipeToSelf(join, (j, err) -> err == null ? new Started(j) : new StartFailed(unwrap(err)));
        // watch events can be lost (RADOS watch timeouts, another process's change of a local
        // file), and so can topic events (partition, singleton hand-over, a node whose topic the
        // others do not know yet): re-read as well (see onPoll for how often)
        timers.startTimerWithFixedDelay(new Poll(), settings.pollInterval());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Started.class, this::onStarted)
                .onMessage(StartFailed.class, this::onStartFailed)
                .onMessage(DbState.class, m -> {
                    inFlight.remove(m.op);
                    if (m.op.equals(LIFT)) {
                        boolean was = liftedLocally;
                        liftedLocally = !needsGrace(m.state);
                        if (liftedLocally != was) {
                            // readiness: this head is back once its own reclaims are done
                            publish();
                        }
                    }
                    return handle(m.state);
                })
                .onMessage(OpDone.class, m -> {
                    inFlight.remove(m.op);
                    return this;
                })
                .onMessage(OpFailed.class, this::onOpFailed)
                .onMessage(Adopted.class, this::onAdopted)
                .onMessage(Poll.class, m -> onPoll())
                .onMessage(Published.class, this::onPublished)
                .onMessage(GraceTimeUp.class, m -> onGraceTimeUp())
                .onMessage(ClientConfirmed.class, this::onClientConfirmed)
                .onMessage(ClientRemoved.class, this::onClientRemoved)
                .onMessage(RecordsWritten.class, this::onRecordsWritten)
                .onMessage(ClientReclaimComplete.class, this::onReclaimComplete)
                .onMessage(Reclaimed.class, m -> {
                    if (m.lock) {
                        reclaimedLocks++;
                    } else {
                        reclaimedOpens++;
                    }
                    return this;
                })
                .onMessage(GetStatus.class, m -> {
                    m.replyTo.tell(status());
                    return this;
                })
                .onMessage(Leave.class, this::onLeave)
                .onMessage(Left.class, this::onLeft)
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    // ------------------------------------------------------------------ joining

    private Behavior<Command> onStarted(Started m) {
        GraceJoin.Joined j = m.joined;
        watch = j.watch();
        GraceState st = j.state();
        recordEpoch = st.cur();
        graceRec = st.rec();
        Map<String, Integer> owners = new HashMap<>();
        for (RecoveryRecord r : j.allow().values()) {
            owners.merge(r.renderedOwner(), 1, Integer::sum);
        }
        allowOwners = Set.copyOf(owners.keySet());
        allowListSize = j.allow().size();
        phase = Phase.ENFORCING_WAIT;
        publish();
        getContext().getLog().info("grace: node {} joined ({}): cur={} rec={}, {} client(s) may reclaim; waiting for every member to enforce",
                node, settings.store(), Long.toUnsignedString(st.cur()), Long.toUnsignedString(st.rec()), allowListSize);
        handle(st);
        // the watch's states from now on, starting with those that came while joining: after
        // this one, whatever their order against it (epochsBefore drops the older ones)
        ActorRef<Command> self = getContext().getSelf();
        j.attach(w -> self.tell(new DbState(WATCH, w)));
        if (stateWhileJoining && phase == Phase.ENFORCING_WAIT && !inFlight.contains(POLL)) {
            // a published state delivered while the join still ran (e.g. another head's E, written
            // in reply to our start) was read before this read is issued: it sees that, or newer
            stateWhileJoining = false;
            inFlight.add(POLL);
            call(POLL, db::read);
        }
        return this;
    }

    private Behavior<Command> onStartFailed(StartFailed m) {
        getContext().getLog().error("grace: node {} cannot join the grace database: {}", node, m.cause.getMessage());
        ready.completeExceptionally(m.cause);
        return Behaviors.stopped();
    }

    // ------------------------------------------------------------------ the database changed

    private Behavior<Command> handle(GraceState st) {
        if (phase == Phase.JOINING) {
            // only a topic event gets here (the watch's states wait in GraceJoin until Started):
            // Started's state (the result of our start) can be older than this one and would
            // overwrite it, and the topic does not deliver it again
            stateWhileJoining = true;
            return this;
        }
        if (last != null && epochsBefore(st, last)) {
            // read before a state already handled: a call's result overtaken by a watch event or
            // a published state (our enforce's result after the lift it allowed). Acting on it
            // would take this head back into a grace period that is over, and leave its E set
            getContext().getLog().debug("grace: node {} ignores an older state cur={} rec={}", node,
                    Long.toUnsignedString(st.cur()), Long.toUnsignedString(st.rec()));
            maybeReady();
            return this;
        }
        last = st;
        gate.publishDatabase(st);
        switch (phase) {
            case ENFORCING_WAIT -> {
                if (!st.inGrace()) {
                    // lifted by someone else (an administrator) before we saw everyone enforce
                    graceOver(st);
                } else if (st.enforcing(node)) {
                    enterOwnGrace();
                }
            }
            case IN_GRACE -> {
                if (!st.inGrace()) {
                    graceOver(st);
                } else {
                    if (!selfFlags(st).enforcing() && !inFlight.contains(ENFORCE)) {
                        // we refuse new state; the database must say so for the others' sake
                        enforce();
                    }
                    if (wantLift && needsGrace(st)) {
                        tryLift();
                    }
                }
            }
            case SERVING -> {
                if (st.inGrace()) {
                    enterOtherGrace(st);
                } else if (selfFlags(st).enforcing() && !inFlight.contains(NOENFORCE)) {
                    noenforce();
                }
            }
            default -> {
                // LEAVING: nothing matters any more
            }
        }
        if (phase == Phase.IN_GRACE) {
            adopt(st);
        }
        maybeReady();
        return this;
    }

    // ------------------------------------------------------------------ clients of retired heads

    /** In a grace period: takes over the clients of retired members assigned to this head (see {@link Adoption}). */
    private void adopt(GraceState st) {
        if (inFlight.contains(ADOPT) || st.rec() == 0) {
            return;
        }
        Set<String> todo = taken.take(settings.adoption(), st, node);
        if (todo.isEmpty()) {
            return;
        }
        inFlight.add(ADOPT);
        long rec = st.rec();
        Adoption adoption = settings.adoption();
        pipe(ADOPT, () -> Adoption.Taken.owners(adoption, todo, rec), owners -> new Adopted(todo, rec, owners));
    }

    private Behavior<Command> onAdopted(Adopted m) {
        inFlight.remove(ADOPT);
        if (phase != Phase.IN_GRACE || graceRec != m.rec) {
            return this; // that grace period is over
        }
        if (!m.owners.isEmpty()) {
            Set<String> all = new java.util.HashSet<>(allowOwners);
            all.addAll(m.owners);
            allowOwners = Set.copyOf(all);
            allowListSize += m.owners.size();
            publish();
        }
        getContext().getLog().info("grace: node {} takes over {} client(s) of retired head(s) {}: they may reclaim here",
                node, m.owners.size(), new java.util.TreeSet<>(m.heads));
        return this;
    }

    private void enterOwnGrace() {
        phase = Phase.IN_GRACE;
        liftedLocally = false;
        publish();
        timers.startSingleTimer(GraceTimeUp.class, new GraceTimeUp(), settings.graceTime());
        getContext().getLog().info("grace: every member enforces; node {} in grace for at most {} s ({} client(s) may reclaim)",
                node, settings.graceTime().toSeconds(), allowListSize);
        if (completed.containsAll(allowOwners)) {
            // nobody to wait for (a first start, or no client had state): lift at once
            wantLift = true;
            tryLift();
        }
    }

    /** While serving, rec became non-zero: another head (re)started. */
    private void enterOtherGrace(GraceState st) {
        phase = Phase.IN_GRACE;
        // refuse new state before the database says we enforce (see GraceGate)
        allowOwners = Set.of();
        completed.clear();
        allowListSize = 0;
        graceRec = st.rec();
        taken.reset();
        // this head has nothing to reclaim; if someone set our N (a `start` for us), clear it
        liftedLocally = !needsGrace(st);
        wantLift = true;
        publish();
        if (Long.compareUnsigned(st.cur(), recordEpoch) != 0) {
            long epoch = st.cur();
            Map<Long, RecoveryRecord> copy = Map.copyOf(live);
            recordEpoch = epoch;
            // submitted before enforce and before any later record write: same single thread
            run("record clients", () -> {
                recovery.create(epoch);
                recovery.putAll(epoch, copy);
                return null;
            });
        }
        getContext().getLog().info("grace: another head started a grace period (cur={} rec={}): node {} enforces, {} client(s) recorded",
                Long.toUnsignedString(st.cur()), Long.toUnsignedString(st.rec()), node, live.size());
        enforce();
    }

    private void graceOver(GraceState st) {
        Phase was = phase;
        phase = Phase.SERVING;
        timers.cancel(GraceTimeUp.class);
        wantLift = false;
        long old = graceRec;
        graceRec = 0;
        taken.reset();
        allowOwners = Set.of();
        completed.clear();
        publish();
        getContext().getLog().info("grace: the grace period is over (cur={}); node {} serves (was {})",
                Long.toUnsignedString(st.cur()), node, was);
        if (selfFlags(st).enforcing()) {
            noenforce();
        }
        if (old != 0 && old != recordEpoch) {
            run("delete recovery db " + Long.toUnsignedString(old), () -> {
                recovery.delete(old);
                return null;
            });
        }
    }

    private void tryLift() {
        if (inFlight.contains(LIFT) || last == null || !needsGrace(last)) {
            return;
        }
        inFlight.add(LIFT);
        call(LIFT, () -> db.lift(node));
    }

    private void enforce() {
        inFlight.add(ENFORCE);
        call(ENFORCE, () -> db.enforce(node));
    }

    private void noenforce() {
        inFlight.add(NOENFORCE);
        call(NOENFORCE, () -> db.noenforce(node));
    }

    /**
     * Without a topic: every poll interval. With the topic, also every poll interval while this
     * head waits for the cluster (every member to enforce, or the grace period to end): a missed
     * event would keep it from serving, a starting node may not be known to the cluster's topic
     * yet, and grace periods are short. While serving only every safety-poll interval: the
     * singleton's events are what the head waits for, and a missed "grace started" only delays the
     * restarting head (which waits for our E), it never lets it admit reclaims too early.
     */
    private Behavior<Command> onPoll() {
        boolean due = topic == null || phase != Phase.SERVING
                || System.nanoTime() - lastOwnRead >= settings.safetyPollInterval().toNanos();
        if (due && phase != Phase.JOINING && phase != Phase.LEAVING && !inFlight.contains(POLL)) {
            lastOwnRead = System.nanoTime();
            inFlight.add(POLL);
            call(POLL, db::read);
        }
        return this;
    }

    private Behavior<Command> onPublished(Published m) {
        GraceEvent e = m.event();
        if (lastEvent != null && lastEvent.incarnation() == e.incarnation() && lastEvent.publisher().equals(e.publisher())
                && e.seq() <= lastEvent.seq()) {
            // delivered again (the topic delivers at most once, but a state may reach us twice
            // during a hand-over); never go back within one watcher's run
            return this;
        }
        lastEvent = e;
        return handle(e.state());
    }

    /**
     * {@code a}'s epochs come before {@code b}'s: {@code cur} only grows, and for one {@code cur},
     * {@code rec} only goes from non-zero (a grace period) to 0 (lifted).
     */
    private static boolean epochsBefore(GraceState a, GraceState b) {
        int c = Long.compareUnsigned(a.cur(), b.cur());
        return c < 0 || (c == 0 && a.inGrace() && !b.inGrace());
    }

    private Behavior<Command> onGraceTimeUp() {
        if (phase == Phase.IN_GRACE && !wantLift) {
            getContext().getLog().info("grace: {} s passed, {} of {} client owner(s) sent RECLAIM_COMPLETE: node {} lifts",
                    settings.graceTime().toSeconds(), completed.size(), allowOwners.size(), node);
            wantLift = true;
            tryLift();
        }
        return this;
    }

    private Behavior<Command> onOpFailed(OpFailed m) {
        inFlight.remove(m.op);
        lastError = m.op + ": " + m.cause.getMessage();
        // retried on the next watch event or poll
        getContext().getLog().warn("grace: {} failed: {}", m.op, m.cause.getMessage());
        maybeReady();
        return this;
    }

    // ------------------------------------------------------------------ clients

    private Behavior<Command> onClientConfirmed(ClientConfirmed m) {
        RecoveryRecord r;
        try {
            r = new RecoveryRecord(m.address, m.ownerId);
        } catch (IllegalArgumentException e) {
            getContext().getLog().warn("grace: client {} cannot be recorded: {}", Long.toHexString(m.clientId), e.getMessage());
            return this;
        }
        live.put(m.clientId, r);
        if (recordEpoch == 0) {
            // not joined yet: the join copies every live client into the new epoch
            m.durable.complete(null);
            return this;
        }
        records.add(m.clientId, r, m.durable);
        writeRecords();
        return this;
    }

    /** The waiting records in one write, unless a write is under way (its end starts the next). */
    private void writeRecords() {
        if (!records.ready()) {
            return;
        }
        RecordBatches.Batch batch = records.start();
        long epoch = recordEpoch;
        CompletableFuture<Void> f;
        try {
            f = CompletableFuture.runAsync(() -> recovery.putAll(epoch, batch.records()), io);
        } catch (RejectedExecutionException e) {
            f = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(f, (v, err) -> new RecordsWritten(batch, err == null ? null : unwrap(err)));
    }

    private Behavior<Command> onRecordsWritten(RecordsWritten m) {
        if (m.error != null) {
            getContext().getLog().warn("grace: recording {} client(s) failed: {}", m.batch.records().size(),
                    m.error.getMessage());
        }
        records.finished(m.batch);
        writeRecords();
        return this;
    }

    private Behavior<Command> onClientRemoved(ClientRemoved m) {
        records.drop(m.clientId);
        if (live.remove(m.clientId) != null && recordEpoch != 0) {
            long epoch = recordEpoch;
            run("remove client " + Long.toHexString(m.clientId), () -> {
                recovery.remove(epoch, m.clientId);
                return null;
            });
        }
        return this;
    }

    private Behavior<Command> onReclaimComplete(ClientReclaimComplete m) {
        if (m.ownerId == null || m.ownerId.length == 0) {
            return this;
        }
        String owner = RecoveryRecord.renderOwner(m.ownerId);
        if (allowOwners.contains(owner) && completed.add(owner)) {
            publish();
            if (phase == Phase.IN_GRACE && !wantLift && completed.containsAll(allowOwners)) {
                getContext().getLog().info("grace: every client of node {} sent RECLAIM_COMPLETE: lifting early", node);
                wantLift = true;
                tryLift();
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ clean shutdown

    private Behavior<Command> onLeave(Leave m) {
        if (phase == Phase.LEAVING) {
            m.replyTo.tell(Done.getInstance());
            return this;
        }
        phase = Phase.LEAVING;
        publish();
        ActorRef<Done> replyTo = m.replyTo;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> db.start(node), io),
                (st, err) -> new Left(replyTo, st, err == null ? null : unwrap(err)));
        return this;
    }

    private Behavior<Command> onLeft(Left m) {
        if (m.error != null) {
            getContext().getLog().warn("grace: node {} could not start a grace period for its successor: {}", node,
                    m.error.getMessage());
        } else {
            getContext().getLog().info("grace: node {} left; grace period for its successor: cur={} rec={}", node,
                    Long.toUnsignedString(m.state.cur()), Long.toUnsignedString(m.state.rec()));
        }
        m.replyTo.tell(Done.getInstance());
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("the grace participant stopped before it was ready"));
        }
        closeOwnWatch();
        return this;
    }

    private void closeOwnWatch() {
        GraceDb.Watch w = watch;
        watch = null;
        if (w != null) {
            // unwatching may be a network call (RADOS)
            try {
                io.execute(w::close);
            } catch (RejectedExecutionException e) {
                w.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private Status status() {
        return new Status(node, settings.store(), phase, phase != Phase.SERVING, last, recordEpoch, graceRec,
                allowListSize, completed.size(), reclaimedOpens, reclaimedLocks, live.size(), liftedLocally, lastError,
                lastEvent);
    }

    private void publish() {
        boolean reclaiming = switch (phase) {
            case JOINING, ENFORCING_WAIT, LEAVING -> true;
            case IN_GRACE -> !liftedLocally;
            case SERVING -> false;
        };
        gate.publish(new GraceSnapshot(phase, phase != Phase.SERVING, allowOwners, completed, reclaiming));
    }

    /** Ready once the head may serve, and not while the lift of an empty allow-list is under way. */
    private void maybeReady() {
        if (!ready.isDone() && (phase == Phase.SERVING || (phase == Phase.IN_GRACE && !inFlight.contains(LIFT)))) {
            ready.complete(null);
        }
    }

    private GraceState.Flags selfFlags(GraceState st) {
        return st.flags(node).orElse(GraceState.Flags.NONE);
    }

    private boolean needsGrace(GraceState st) {
        return selfFlags(st).needsGrace();
    }

    /** A database change whose result is a state, fed back through {@link #handle}. */
    private void call(String op, Supplier<GraceState> work) {
        pipe(op, work, st -> new DbState(op, st));
    }

    /** A recovery-database write: failures are logged and shown in management. */
    private void run(String op, Supplier<Void> work) {
        pipe(op, work, v -> new OpDone(op));
    }

    private <T> void pipe(String op, Supplier<T> work, Function<T, Command> done) {
        CompletableFuture<T> f;
        try {
            f = CompletableFuture.supplyAsync(work, io);
        } catch (RejectedExecutionException e) {
            f = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(f, (v, err) -> err == null ? done.apply(v) : new OpFailed(op, unwrap(err)));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
