package org.cephgw.actors.grace;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;

/**
 * Membership of the grace database without an operator: the cluster's caretaker of members that
 * left it (the rules are {@link Departures}'). A child of the {@link GraceWatcher} singleton, so
 * there is one per cluster and it moves with the watcher; the watcher hands it every state it
 * reads. Once a second it compares the database's members with {@link HeadLocations} and the
 * cluster's membership, and enforces for or removes members that are gone. Its database calls
 * run on the watcher's one thread, one batch at a time; the watch notification that follows a
 * change brings the new state.
 */
public final class GraceJanitor extends AbstractBehavior<GraceJanitor.Command> {

    public sealed interface Command {
    }

    /** The database as the watcher read it. */
    public record State(GraceState state) implements Command {
    }

    /** The membership and why the cluster is (not) in grace. */
    public record GetView(ActorRef<Departures.View> replyTo) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    private record Locations(java.util.Map<String, String> headToNode) implements Command {
    }

    /** @param after the database after the calls (null on failure) */
    private record Done(Departures.Actions actions, GraceState after, Throwable failure) implements Command {
    }

    private static final Duration TICK = Duration.ofSeconds(1);

    private final GraceDb db;
    private final Executor io;
    private final LongSupplier clock;
    private final Departures departures;
    private boolean acting;
    private String lastError;

    /**
     * @param db          the grace database (the watcher's connection)
     * @param io          where database calls run (the watcher's one thread)
     * @param removeAfter how long a head of this cluster may be away before it is removed
     */
    public static Behavior<Command> create(GraceDb db, Executor io, Duration removeAfter) {
        return create(db, io, removeAfter, System::currentTimeMillis);
    }

    static Behavior<Command> create(GraceDb db, Executor io, Duration removeAfter, LongSupplier clock) {
        return Behaviors.setup(ctx -> DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(ddata ->
                Behaviors.withTimers(timers -> {
                    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
                    ddata.subscribe(HeadLocations.KEY, rsp -> rsp instanceof Replicator.Changed<LWWMap<String, String>> c
                            ? new Locations(c.get(HeadLocations.KEY).getEntries())
                            : new Locations(java.util.Map.of()));
                    return new GraceJanitor(ctx, db, io, new Departures(removeAfter), clock);
                })));
    }

    private GraceJanitor(ActorContext<Command> ctx, GraceDb db, Executor io, Departures departures, LongSupplier clock) {
        super(ctx);
        this.db = db;
        this.io = io;
        this.departures = departures;
        this.clock = clock;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(State.class, m -> {
                    departures.state(m.state());
                    return this;
                })
                .onMessage(Locations.class, m -> {
                    departures.locations(m.headToNode());
                    return this;
                })
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(Done.class, this::onDone)
                .onMessage(GetView.class, m -> {
                    m.replyTo().tell(departures.view(clock.getAsLong()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onTick() {
        List<Set<String>> roles = new ArrayList<>();
        departures.present(presentNodes(roles));
        departures.configured(org.cephgw.actors.head.HeadRoles.configured(roles));
        Departures.Actions actions = departures.evaluate(clock.getAsLong());
        if (acting || actions.isEmpty()) {
            return this;
        }
        acting = true;
        CompletableFuture<GraceState> f;
        try {
            f = CompletableFuture.supplyAsync(() -> {
                GraceState after = null;
                if (!actions.enforce().isEmpty()) {
                    after = db.enforce(actions.enforce());
                }
                if (!actions.remove().isEmpty()) {
                    after = db.remove(actions.remove());
                }
                return after;
            }, io);
        } catch (RejectedExecutionException e) {
            f = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(f, (after, err) -> new Done(actions, after, err));
        return this;
    }

    private Behavior<Command> onDone(Done m) {
        acting = false;
        if (m.failure() != null) {
            Throwable t = m.failure() instanceof CompletionException && m.failure().getCause() != null
                    ? m.failure().getCause() : m.failure();
            String msg = "cannot update the grace database for heads that left (" + m.actions() + "): " + t.getMessage();
            if (!msg.equals(lastError)) {
                getContext().getLog().warn("grace janitor: {}", msg);
            }
            lastError = msg;
            return this;
        }
        lastError = null;
        if (!m.actions().enforce().isEmpty()) {
            getContext().getLog().info("grace janitor: {} left the cluster; enforcing the grace period on their behalf"
                    + " (a head that is gone grants nothing)", m.actions().enforce());
        }
        departures.state(m.after());
        for (String head : m.actions().remove()) {
            if (m.after().members().containsKey(head)) {
                // a grace period in force and a member that does not enforce yet: remove waits
                continue;
            }
            getContext().getLog().warn("grace janitor: head {} has been away from the cluster longer than"
                    + " gateway.grace.remove-departed-after: removed from the grace database", head);
            departures.removed(head);
            HeadLocations.forget(getContext().getSystem(), head);
        }
        return this;
    }

    /** Addresses of the cluster's members that are neither down nor removed; their roles to {@code roles}. */
    private Set<String> presentNodes(List<Set<String>> roles) {
        Set<String> out = new HashSet<>();
        for (Member m : Cluster.get(getContext().getSystem()).state().getMembers()) {
            MemberStatus s = m.status();
            if (s != MemberStatus.down() && s != MemberStatus.removed()) {
                out.add(m.address().toString());
                roles.add(m.getRoles());
            }
        }
        return out;
    }
}
