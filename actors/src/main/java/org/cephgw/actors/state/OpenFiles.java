package org.cephgw.actors.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * Finds the {@link OpenFileActor} of a file, starting it when state is first created and
 * stopping it when the file holds no state any more. Files without an entity hold no state, so
 * requests about state on them are answered here.
 */
public final class OpenFiles extends AbstractBehavior<OpenFiles.Command> {
    /** OPEN4_SHARE_ACCESS_READ / _WRITE (and the deny bits with the same values) */
    public static final int ACCESS_READ = 1;
    public static final int ACCESS_WRITE = 2;

    public sealed interface Command {
    }

    public record Forward(FileKey file, OpenFileActor.Command command) implements Command {
    }

    public record ReleaseClient(FileKey file, long clientId) implements Command {
    }

    /** How many files hold state (metrics). */
    public record Count(ActorRef<Integer> replyTo) implements Command {
    }

    record Idle(FileKey file, ActorRef<OpenFileActor.Command> ref, int processed) implements Command {
    }

    /** A file's entity stopped; if we did not stop it, it failed. */
    private record Stopped(FileKey file, ActorRef<OpenFileActor.Command> ref) implements Command {
    }

    private static final class Entry {
        final ActorRef<OpenFileActor.Command> ref;
        final OpenFileActor.IoView view;
        int forwarded;

        Entry(ActorRef<OpenFileActor.Command> ref, OpenFileActor.IoView view) {
            this.ref = ref;
            this.view = view;
        }
    }

    private final Map<FileKey, Entry> files = new HashMap<>();
    /** stateids embed it; random per run so that a stateid from before a restart matches nothing */
    private int serial = new java.security.SecureRandom().nextInt();

    /** how long a recalled delegation may take to come back: the lease (RFC 8881 §10.4.4) */
    private final java.time.Duration recallTimeout;
    private final DelegationCounts delegationCounts;
    private final IoViews views;

    public static Behavior<Command> create() {
        return create(java.time.Duration.ofSeconds(60), new DelegationCounts(), new IoViews());
    }

    /** @param views where the files' opens are published for I/O while their actors live */
    public static Behavior<Command> create(java.time.Duration lease, DelegationCounts delegationCounts, IoViews views) {
        return Behaviors.setup(ctx -> new OpenFiles(ctx, lease, delegationCounts, views));
    }

    private OpenFiles(ActorContext<Command> ctx, java.time.Duration recallTimeout, DelegationCounts delegationCounts,
                      IoViews views) {
        super(ctx);
        this.recallTimeout = recallTimeout;
        this.delegationCounts = delegationCounts;
        this.views = views;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Forward.class, this::onForward)
                .onMessage(ReleaseClient.class, m -> {
                    Entry e = files.get(m.file);
                    if (e != null) {
                        e.forwarded++;
                        e.ref.tell(new OpenFileActor.ReleaseClient(m.clientId));
                    }
                    return this;
                })
                .onMessage(Idle.class, this::onIdle)
                .onMessage(Stopped.class, m -> {
                    Entry e = files.get(m.file);
                    if (e != null && e.ref.equals(m.ref)) {
                        // a failed entity: forget it, so that the file's next request starts a new
                        // one (or is answered here) instead of waiting for a dead actor's answer
                        files.remove(m.file);
                        views.stopped(m.file, e.view);
                        org.slf4j.LoggerFactory.getLogger(OpenFiles.class).error(
                                "the state entity of {} failed; the file starts afresh", m.file);
                    }
                    return this;
                })
                .onMessage(Count.class, m -> {
                    m.replyTo.tell(files.size());
                    return this;
                })
                .build();
    }

    private Behavior<Command> onForward(Forward m) {
        Entry e = files.get(m.file);
        if (e == null) {
            if (!(m.command instanceof OpenFileActor.Open) && !(m.command instanceof OpenFileActor.Lock)) {
                answerWithoutState(m.command);
                return this;
            }
            serial++;
            OpenFileActor.IoView view = new OpenFileActor.IoView();
            e = new Entry(getContext().spawnAnonymous(OpenFileActor.create(m.file, serial, getContext().getSelf(), recallTimeout,
                    delegationCounts, view),
                    org.apache.pekko.actor.typed.DispatcherSelector.sameAsParent()), view);
            getContext().watchWith(e.ref, new Stopped(m.file, e.ref));
            files.put(m.file, e);
            views.started(m.file, view);
        }
        e.forwarded++;
        e.ref.tell(m.command);
        return this;
    }

    private Behavior<Command> onIdle(Idle m) {
        Entry e = files.get(m.file);
        // stop it only if nothing we sent is still in its mailbox (it might create state)
        if (e != null && e.ref.equals(m.ref) && e.forwarded == m.processed) {
            files.remove(m.file);
            views.stopped(m.file, e.view);
            getContext().stop(m.ref);
        }
        return this;
    }

    /** The file has no state: stateids are unknown; stateless I/O and tests are fine. */
    private static void answerWithoutState(OpenFileActor.Command c) {
        int bad = NfsStat4.NFS4ERR_BAD_STATEID;
        if (c instanceof OpenFileActor.UseForIo u) {
            // as the entity would: the all-ones stateid is for reading only
            boolean ok = u.stateid().isSpecial() && !(u.stateid().isBypass() && u.write());
            u.replyTo().tell(new OpenFileActor.IoGrant(ok ? NfsStat4.NFS4_OK : bad, null));
        } else if (c instanceof OpenFileActor.OpenDowngrade d) {
            d.replyTo().tell(new OpenFileActor.StateReply(bad, null));
        } else if (c instanceof OpenFileActor.Close cl) {
            cl.replyTo().tell(new OpenFileActor.StateReply(bad, null));
        } else if (c instanceof OpenFileActor.Unlock u) {
            u.replyTo().tell(new OpenFileActor.StateReply(bad, null));
        } else if (c instanceof OpenFileActor.LockTest t) {
            // no lock of ours; the back end may know one, but no handle of the file is open here
            t.replyTo().tell(new OpenFileActor.LockReply(NfsStat4.NFS4_OK, null, null, t.backend() != null));
        } else if (c instanceof OpenFileActor.Courtesy) {
            // nothing here to keep or release
            return;
        } else if (c instanceof OpenFileActor.BreakDelegations b) {
            b.replyTo().tell(new Status(NfsStat4.NFS4_OK));
        } else if (c instanceof OpenFileActor.HolderAttrs h) {
            h.replyTo().tell(new OpenFileActor.HolderView(null, null));
        } else if (c instanceof OpenFileActor.ReturnDelegation r) {
            r.replyTo().tell(new OpenFileActor.StateReply(bad, null));
        } else if (c instanceof OpenFileActor.FreeState f) {
            f.replyTo().tell(new Status(bad));
        } else if (c instanceof OpenFileActor.TestState t) {
            t.replyTo().tell(new Status(bad));
        }
    }
}
