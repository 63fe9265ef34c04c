package org.cephgw.actors.compound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.cephgw.actors.NfsSettings;
import org.cephgw.actors.attr.IdMapper;
import org.cephgw.actors.fh.Exports;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.grace.ReclaimGate;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.callback.CallbackRouter;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.DelegationCounts;
import org.cephgw.actors.state.IoViews;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.protocol.nfs4.NfsImplId4;
import org.cephgw.protocol.nfs4.Nfstime4;
import org.cephgw.protocol.nfs4.ServerOwner4;

/**
 * Everything an operation may use beyond its COMPOUND: the head's actors, the I/O pool, the
 * exports and the server's identity. Immutable; one per head.
 */
public final class NfsServices {
    private static final org.apache.pekko.util.Timeout ASK_TIMEOUT = org.apache.pekko.util.Timeout.create(Duration.ofSeconds(15));

    private final Scheduler scheduler;
    private final ActorRef<ClientRegistry.Command> clients;
    private final ActorRef<OpenFiles.Command> openFiles;
    private final IoPool io;
    private final Exports exports;
    private final IdMapper ids;
    private final NfsSettings settings;
    private final GraceLink grace;
    private final byte[] writeVerifier;
    private final ServerOwner4 serverOwner;
    private final byte[] serverScope;
    private final NfsImplId4 implId;
    private final ActorRef<CallbackRouter.Command> callbacks;
    private final DelegationCounts delegationCounts;
    private final IoViews ioViews;

    public NfsServices(Scheduler scheduler, ActorRef<ClientRegistry.Command> clients, ActorRef<OpenFiles.Command> openFiles,
                       IoPool io, Exports exports, IdMapper ids, NfsSettings settings, GraceLink grace, long bootNanos,
                       ActorRef<CallbackRouter.Command> callbacks, DelegationCounts delegationCounts, IoViews ioViews) {
        this.scheduler = scheduler;
        this.ioViews = ioViews;
        this.callbacks = callbacks;
        this.delegationCounts = delegationCounts;
        this.clients = clients;
        this.openFiles = openFiles;
        this.io = io;
        this.exports = exports;
        this.ids = ids;
        this.settings = settings;
        this.grace = grace;
        // changes at every start: a client that sees it change re-sends its unstable writes
        this.writeVerifier = ByteBuffer.allocate(8).putLong(bootNanos).array();
        if (settings.serverScope() == null) {
            this.serverOwner = new ServerOwner4(0, settings.nodeId().getBytes(StandardCharsets.UTF_8));
            this.serverScope = ("cephgw:" + settings.nodeId()).getBytes(StandardCharsets.UTF_8);
        } else {
            // one server for the whole cluster (virtual-IP mode), whichever head a client reaches
            this.serverOwner = new ServerOwner4(0, settings.serverScope().getBytes(StandardCharsets.UTF_8));
            this.serverScope = settings.serverScope().getBytes(StandardCharsets.UTF_8);
        }
        java.time.Instant built = java.time.Instant.parse("2026-11-01T00:00:00Z");
        this.implId = new NfsImplId4("cephgw.org", "cephgw 0.1", new Nfstime4(built.getEpochSecond(), 0));
    }

    /**
     * Asks an actor; the answer completes the stage on the answering actor's thread.
     *
     * <p>Not Pekko's javadsl {@code AskPattern}: its stage runs dependent actions on the common
     * fork-join pool, which on a two-core machine (pool parallelism 1) means a new thread per
     * action: about 80 µs for every ask of every COMPOUND. Completing in place ("parasitic")
     * costs a few µs; the dependent actions are the executor's own, which never block.
     */
    public <C, T> CompletionStage<T> ask(RecipientRef<C> target, Function<ActorRef<T>, C> message) {
        scala.concurrent.Future<T> answer;
        try {
            answer = new org.apache.pekko.actor.typed.scaladsl.AskPattern.Askable<C>(target)
                    .ask(message::apply, ASK_TIMEOUT, scheduler);
        } catch (RuntimeException e) {
            // e.g. the target is known to be terminated already
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> stage = new CompletableFuture<>();
        answer.onComplete(t -> {
            if (t.isSuccess()) {
                stage.complete(t.get());
            } else {
                stage.completeExceptionally(t.failed().get());
            }
            return null;
        }, scala.concurrent.ExecutionContext.parasitic$.MODULE$);
        return stage;
    }

    public ActorRef<ClientRegistry.Command> clients() {
        return clients;
    }

    /** Routes back-channel replies to the sessions that sent the calls. */
    public ActorRef<CallbackRouter.Command> callbacks() {
        return callbacks;
    }

    /** Whether GETATTR may have to ask a write-delegation holder (CB_GETATTR). */
    public DelegationCounts delegationCounts() {
        return delegationCounts;
    }

    /** The files' opens as READ and WRITE check their stateids without asking {@link #openFiles}. */
    public IoViews ioViews() {
        return ioViews;
    }

    public ActorRef<OpenFiles.Command> openFiles() {
        return openFiles;
    }

    public IoPool io() {
        return io;
    }

    public Exports exports() {
        return exports;
    }

    public IdMapper ids() {
        return ids;
    }

    public NfsSettings settings() {
        return settings;
    }

    /** Asked before any state is granted (OPEN, LOCK). */
    public ReclaimGate gate() {
        return grace.gate();
    }

    /** The head's grace participant (told about reclaims granted). */
    public GraceLink grace() {
        return grace;
    }

    public byte[] writeVerifier() {
        return writeVerifier.clone();
    }

    public ServerOwner4 serverOwner() {
        return serverOwner;
    }

    public byte[] serverScope() {
        return serverScope.clone();
    }

    public NfsImplId4 implId() {
        return implId;
    }
}
