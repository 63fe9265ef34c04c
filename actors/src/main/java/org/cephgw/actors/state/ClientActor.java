package org.cephgw.actors.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.cephgw.actors.callback.BackChannel;
import org.cephgw.actors.grace.GraceLink;
import org.cephgw.actors.state.ClientProtocol.ClientInfo;
import org.cephgw.actors.state.ClientProtocol.CreateSessionRequest;
import org.cephgw.actors.state.ClientProtocol.CreateSessionResult;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdRequest;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdResult;
import org.cephgw.actors.state.ClientProtocol.StateLocation;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * The server's records of one NFSv4 client owner (co_ownerid): at most one confirmed and one
 * unconfirmed client record (RFC 8881 §18.35.5, §18.36.4), each with its clientid, verifier,
 * principal, CREATE_SESSION sequence and reply cache, sessions (child {@link SessionActor}s),
 * lease, and the index of the files holding its stateids, which lease expiry releases.
 *
 * <p>It tells the head's grace participant ({@link GraceLink}) when a clientid is confirmed and
 * when a confirmed one goes away (its recovery record), and when the client sends
 * RECLAIM_COMPLETE: plain messages, the database work happens off this dispatcher.
 */
public final class ClientActor extends AbstractBehavior<ClientActor.Command> {

    public sealed interface Command {
    }

    /** EXCHANGE_ID; {@code freshClientId} is the id to use should a new record be needed. */
    public record ExchangeId(ExchangeIdRequest request, long freshClientId, ActorRef<ExchangeIdResult> replyTo)
            implements Command {
    }

    public record CreateSession(CreateSessionRequest request, ActorRef<CreateSessionResult> replyTo) implements Command {
    }

    public record DestroyClientId(long clientId, ActorRef<Status> replyTo) implements Command {
    }

    public record Renew(long clientId) implements Command {
    }

    public record SessionEnded(byte[] sessionId) implements Command {
    }

    public record ReclaimComplete(long clientId, ActorRef<Status> replyTo) implements Command {
    }

    /** An open-file entity created a stateid of this client on {@code file}. */
    /**
     * @param backendLock a lock stateid whose locks are also held in the back end's lock manager
     *                    (CephFS, the local back end's OFD locks), where other heads, CephFS
     *                    clients or local processes meet them without this head knowing
     */
    public record StateAdded(long clientId, byte[] other, FileKey file, boolean lock, boolean backendLock)
            implements Command {
        /** An open or delegation stateid. */
        public StateAdded(long clientId, byte[] other, FileKey file) {
            this(clientId, other, file, false, false);
        }

        /** A lock stateid in the gateway's table only ({@code lock}), or an open stateid. */
        public StateAdded(long clientId, byte[] other, FileKey file, boolean lock) {
            this(clientId, other, file, lock, false);
        }
    }

    public record StateRemoved(long clientId, byte[] other) implements Command {
    }

    /** Send a CB_COMPOUND of {@code ops} (after CB_SEQUENCE) through one of the client's back channels. */
    public record Callback(long clientId, List<org.cephgw.protocol.nfs4.cb.CbOp> ops,
                           ActorRef<BackChannel.Result> replyTo) implements Command {
    }

    /** A session's back channel became usable or not (the session tells). */
    public record BackChannelChanged(byte[] sessionId, boolean usable) implements Command {
    }

    /**
     * The server revoked a delegation of the client (not returned in time after a recall): every
     * SEQUENCE says SEQ4_STATUS_RECALLABLE_STATE_REVOKED until the client frees it (§18.46.3).
     */
    public record DelegationRevoked(long clientId, byte[] other) implements Command {
    }

    /** Where each of the given stateids lives (null entries: unknown to this client). */
    public record LocateStates(long clientId, List<byte[]> others, ActorRef<List<StateLocation>> replyTo)
            implements Command {
    }

    public record Info(ActorRef<List<ClientInfo>> replyTo) implements Command {
    }

    /**
     * A file found that the client's state, kept after its lease expired (a courtesy client),
     * stands in another client's way: the client is expired now (RFC 8881 §8.4.3). The file has
     * already let go of its state there.
     */
    public record ExpireCourtesy(long clientId) implements Command {
    }

    /** Periodic lease check. */
    private record LeaseTick() implements Command {
    }

    private static final class Record {
        final long clientId;
        final byte[] verifier;
        final String principal;
        final java.net.InetSocketAddress address;
        boolean confirmed;
        int sequence = 1;
        CreateSessionResult lastCreateSession;
        /** renewed by every SEQUENCE of its sessions, on their gates */
        final ClientLease lease = new ClientLease();
        /** its lease expired but it keeps its state until that conflicts with another client's */
        boolean courtesy;
        boolean reclaimComplete;
        final Map<String, ClientProtocol.SessionHandle> sessions = new HashMap<>();
        /** stateid other (hex) → file */
        final Map<String, FileKey> states = new HashMap<>();
        /** the lock stateids among {@link #states} (management counts opens and locks apart) */
        final Set<String> lockStates = new HashSet<>();
        /** the lock stateids among {@link #states} whose locks the back end holds too */
        final Set<String> backendLocks = new HashSet<>();
        /** revoked delegations not yet freed */
        final Set<String> revoked = new HashSet<>();
        /** sessions whose back channel can carry a callback now */
        final Set<String> callbackSessions = new java.util.LinkedHashSet<>();
        int sessionCounter;

        Record(long clientId, byte[] verifier, String principal, java.net.InetSocketAddress address) {
            this.clientId = clientId;
            this.verifier = verifier.clone();
            this.principal = principal;
            this.address = address;
        }
    }

    private final byte[] ownerId;
    private final ActorRef<ClientRegistry.Command> registry;
    private final ActorRef<OpenFiles.Command> openFiles;
    private final Duration lease;
    private final int bootVerifier;
    private final GraceLink grace;
    private Record confirmed;
    private Record unconfirmed;
    /** EXCHANGE_IDs handled: the registry stops an idle owner only when none is still on its way */
    private int exchangesSeen;

    public static Behavior<Command> create(byte[] ownerId, ActorRef<ClientRegistry.Command> registry,
                                           ActorRef<OpenFiles.Command> openFiles, Duration lease, int bootVerifier) {
        return create(ownerId, registry, openFiles, lease, bootVerifier, GraceLink.NONE);
    }

    public static Behavior<Command> create(byte[] ownerId, ActorRef<ClientRegistry.Command> registry,
                                           ActorRef<OpenFiles.Command> openFiles, Duration lease, int bootVerifier,
                                           GraceLink grace) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new ClientActor(ctx, timers, ownerId, registry, openFiles, lease, bootVerifier, grace)));
    }

    private ClientActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, byte[] ownerId,
                        ActorRef<ClientRegistry.Command> registry, ActorRef<OpenFiles.Command> openFiles,
                        Duration lease, int bootVerifier, GraceLink grace) {
        super(ctx);
        this.grace = grace;
        this.ownerId = ownerId.clone();
        this.registry = registry;
        this.openFiles = openFiles;
        this.lease = lease;
        this.bootVerifier = bootVerifier;
        // check often enough that a lease ends within a few percent of its length
        Duration tick = lease.dividedBy(10).compareTo(Duration.ofSeconds(1)) < 0 ? lease.dividedBy(10) : Duration.ofSeconds(1);
        timers.startTimerWithFixedDelay(new LeaseTick(), tick);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ExchangeId.class, this::onExchangeId)
                .onMessage(CreateSession.class, this::onCreateSession)
                .onMessage(DestroyClientId.class, this::onDestroyClientId)
                .onMessage(Renew.class, this::onRenew)
                .onMessage(SessionEnded.class, this::onSessionEnded)
                .onMessage(ReclaimComplete.class, this::onReclaimComplete)
                .onMessage(StateAdded.class, this::onStateAdded)
                .onMessage(StateRemoved.class, this::onStateRemoved)
                .onMessage(Callback.class, this::onCallback)
                .onMessage(BackChannelChanged.class, this::onBackChannelChanged)
                .onMessage(DelegationRevoked.class, this::onDelegationRevoked)
                .onMessage(ExpireCourtesy.class, this::onExpireCourtesy)
                .onMessage(LocateStates.class, this::onLocateStates)
                .onMessage(Info.class, this::onInfo)
                .onMessage(LeaseTick.class, m -> onLeaseTick())
                .build();
    }

    // ------------------------------------------------------------------ EXCHANGE_ID (§18.35.5)

    private Behavior<Command> onExchangeId(ExchangeId m) {
        exchangesSeen++;
        ExchangeIdRequest r = m.request;
        Record conf = confirmed;
        if (r.update()) {
            if (conf == null) {
                return replyEid(m, NfsStat4.NFS4ERR_NOENT, null);                 // case 7
            }
            // case 8 is a wrong verifier from the right principal: another principal is case 9
            // whatever its verifier
            if (!conf.principal.equals(r.principal())) {
                return replyEid(m, NfsStat4.NFS4ERR_PERM, null);                  // case 9
            }
            if (!Arrays.equals(conf.verifier, r.verifier())) {
                return replyEid(m, NfsStat4.NFS4ERR_NOT_SAME, null);              // case 8
            }
            renew(conf);
            return replyEid(m, NfsStat4.NFS4_OK, conf);                           // case 6
        }
        if (conf != null) {
            if (conf.principal.equals(r.principal())) {
                if (Arrays.equals(conf.verifier, r.verifier())) {
                    renew(conf);
                    return replyEid(m, NfsStat4.NFS4_OK, conf);                   // case 2
                }
                // case 5, client restart: the old record stays until CREATE_SESSION confirms the new one
                return replyEid(m, NfsStat4.NFS4_OK, newUnconfirmed(m));
            }
            // case 3, collision: another principal uses the owner; it may take it over only
            // when the current holder has nothing to lose
            if (hasState(conf) && !leaseExpired(conf)) {
                return replyEid(m, NfsStat4.NFS4ERR_CLID_INUSE, null);
            }
            dropRecord(conf);
            confirmed = null;
        }
        // case 1 (new owner) and case 4 (an unconfirmed record is replaced)
        return replyEid(m, NfsStat4.NFS4_OK, newUnconfirmed(m));
    }

    private Record newUnconfirmed(ExchangeId m) {
        if (unconfirmed != null) {
            dropRecord(unconfirmed);
        }
        unconfirmed = new Record(m.freshClientId, m.request.verifier(), m.request.principal(), m.request.address());
        registry.tell(new ClientRegistry.ClientIdIssued(m.freshClientId, getContext().getSelf()));
        return unconfirmed;
    }

    private Behavior<Command> replyEid(ExchangeId m, int status, Record rec) {
        if (rec == null || rec.clientId != m.freshClientId) {
            // the registry reserved the fresh id for this request; unused, it must not stay
            // mapped to us for as long as we live (a client repeats EXCHANGE_ID on every mount)
            registry.tell(new ClientRegistry.ClientIdRetired(m.freshClientId));
        }
        if (rec == null) {
            m.replyTo.tell(new ExchangeIdResult(status, 0, 0, false));
        } else {
            m.replyTo.tell(new ExchangeIdResult(status, rec.clientId, rec.sequence, rec.confirmed));
        }
        return idleCheck();
    }

    // ------------------------------------------------------------------ CREATE_SESSION (§18.36.4)

    private Behavior<Command> onCreateSession(CreateSession m) {
        CreateSessionRequest r = m.request;
        Record rec = recordOf(r.clientId());
        java.util.concurrent.CompletionStage<Void> durable = null;
        if (rec == null) {
            m.replyTo.tell(CreateSessionResult.error(NfsStat4.NFS4ERR_STALE_CLIENTID));
            return this;
        }
        if (rec.confirmed) {
            if (r.sequence() == rec.sequence - 1 && rec.lastCreateSession != null) {
                m.replyTo.tell(rec.lastCreateSession);                             // replay
                return this;
            }
            if (r.sequence() != rec.sequence) {
                m.replyTo.tell(CreateSessionResult.error(NfsStat4.NFS4ERR_SEQ_MISORDERED));
                return this;
            }
        } else {
            if (!rec.principal.equals(r.principal())) {
                m.replyTo.tell(CreateSessionResult.error(NfsStat4.NFS4ERR_CLID_INUSE));
                return this;
            }
            if (r.sequence() != rec.sequence) {
                m.replyTo.tell(CreateSessionResult.error(NfsStat4.NFS4ERR_SEQ_MISORDERED));
                return this;
            }
            // confirming: a client restart (case 5) now discards the previous incarnation's state
            if (confirmed != null) {
                dropRecord(confirmed);
            }
            rec.confirmed = true;
            confirmed = rec;
            unconfirmed = null;
            // the clientid is confirmed: from now on it may reclaim after a restart of this head,
            // so the reply waits until its recovery record is written (RFC 8881 §8.4.3)
            durable = grace.clientConfirmed(rec.clientId, rec.address == null ? null : rec.address.getAddress(), ownerId);
        }
        renew(rec);
        byte[] sid = Ids.sessionId(rec.clientId, ++rec.sessionCounter, bootVerifier);
        ActorRef<ClientActor.Command> self = getContext().getSelf();
        long clientId = rec.clientId;
        SequenceGate gate = new SequenceGate(r.fore(), rec.lease, () -> self.tell(new Renew(clientId)),
                rec.reclaimComplete);
        ActorRef<SessionActor.Command> session = getContext().spawn(
                SessionActor.create(self, rec.clientId, sid, gate, r.backChannel(), r.callbacks(), r.connection()),
                "session-" + HexFormat.of().formatHex(sid), org.apache.pekko.actor.typed.DispatcherSelector.sameAsParent());
        ClientProtocol.SessionHandle handle = new ClientProtocol.SessionHandle(sid, rec.clientId, session, self,
                ownerId.clone(), gate);
        rec.sessions.put(HexFormat.of().formatHex(sid), handle);
        if (!rec.revoked.isEmpty()) {
            session.tell(new SessionActor.RecallableStateRevoked(true));
        }
        registry.tell(new ClientRegistry.SessionCreated(handle));
        CreateSessionResult res = new CreateSessionResult(NfsStat4.NFS4_OK, sid, rec.sequence, r.backChannel(),
                r.fore(), r.back());
        rec.lastCreateSession = res;
        rec.sequence++;
        if (durable == null) {
            m.replyTo.tell(res);
        } else {
            durable.whenComplete((v, e) -> m.replyTo.tell(res));
        }
        return this;
    }

    // ------------------------------------------------------------------ DESTROY_CLIENTID (§18.50)

    private Behavior<Command> onDestroyClientId(DestroyClientId m) {
        Record rec = recordOf(m.clientId);
        if (rec == null) {
            m.replyTo.tell(new Status(NfsStat4.NFS4ERR_STALE_CLIENTID));
            return this;
        }
        if (!rec.sessions.isEmpty() || !rec.states.isEmpty()) {
            m.replyTo.tell(new Status(NfsStat4.NFS4ERR_CLIENTID_BUSY));
            return this;
        }
        dropRecord(rec);
        m.replyTo.tell(new Status(NfsStat4.NFS4_OK));
        return idleCheck();
    }

    // ------------------------------------------------------------------ lease and state index

    /** A SEQUENCE renewed the lease of a courtesy client. */
    private Behavior<Command> onRenew(Renew m) {
        Record rec = recordOf(m.clientId);
        if (rec != null) {
            courtesyOver(rec);
        }
        return this;
    }

    private void renew(Record rec) {
        rec.lease.renew();
        courtesyOver(rec);
    }

    /** The client renewed its lease: if it was a courtesy client, its state is its own again. */
    private void courtesyOver(Record rec) {
        if (rec.courtesy && !rec.lease.courtesy()) {
            getContext().getLog().info("courtesy client {} (owner {}) is back: its state is its own again",
                    Long.toHexString(rec.clientId), printable(ownerId));
            setCourtesy(rec, false);
        }
    }

    /** Tells every file the client holds state on whether it is a courtesy client now. */
    private void setCourtesy(Record rec, boolean courtesy) {
        rec.courtesy = courtesy;
        for (FileKey f : new HashSet<>(rec.states.values())) {
            openFiles.tell(new OpenFiles.Forward(f, new OpenFileActor.Courtesy(rec.clientId, courtesy)));
        }
    }

    private Behavior<Command> onExpireCourtesy(ExpireCourtesy m) {
        Record rec = recordOf(m.clientId);
        if (rec != null) {
            // even if it renewed meanwhile: a file has already released its state there
            getContext().getLog().info("courtesy client {} (owner {}) expired: its state was in another client's way",
                    Long.toHexString(rec.clientId), printable(ownerId));
            dropRecord(rec);
        }
        return idleCheck();
    }

    private Behavior<Command> onSessionEnded(SessionEnded m) {
        String key = HexFormat.of().formatHex(m.sessionId);
        for (Record rec : records()) {
            ClientProtocol.SessionHandle s = rec.sessions.remove(key);
            rec.callbackSessions.remove(key);
            if (s != null) {
                registry.tell(new ClientRegistry.SessionRemoved(m.sessionId));
                s.session().tell(new SessionActor.Stop());
            }
        }
        return this;
    }

    private Behavior<Command> onReclaimComplete(ReclaimComplete m) {
        Record rec = recordOf(m.clientId);
        if (rec == null) {
            m.replyTo.tell(new Status(NfsStat4.NFS4ERR_STALE_CLIENTID));
        } else if (rec.reclaimComplete) {
            m.replyTo.tell(new Status(NfsStat4.NFS4ERR_COMPLETE_ALREADY));
        } else {
            rec.reclaimComplete = true;
            // on the gates before the reply: the client's next SEQUENCE may run on another thread at once
            rec.sessions.values().forEach(h -> h.gate().reclaimComplete());
            grace.reclaimComplete(rec.clientId, ownerId);
            m.replyTo.tell(new Status(NfsStat4.NFS4_OK));
        }
        return this;
    }

    private Behavior<Command> onStateAdded(StateAdded m) {
        Record rec = recordOf(m.clientId);
        if (rec != null) {
            String key = HexFormat.of().formatHex(m.other);
            rec.states.put(key, m.file);
            if (m.lock) {
                rec.lockStates.add(key);
            }
            if (m.backendLock) {
                rec.backendLocks.add(key);
            }
        } else {
            // the client went away while the entity created the state: give it back at once
            openFiles.tell(new OpenFiles.ReleaseClient(m.file, m.clientId));
        }
        return this;
    }

    private Behavior<Command> onStateRemoved(StateRemoved m) {
        Record rec = recordOf(m.clientId);
        if (rec != null) {
            String key = HexFormat.of().formatHex(m.other);
            rec.states.remove(key);
            rec.lockStates.remove(key);
            rec.backendLocks.remove(key);
            if (rec.revoked.remove(key) && rec.revoked.isEmpty()) {
                tellSessions(rec, new SessionActor.RecallableStateRevoked(false));
            }
        }
        return this;
    }

    private Behavior<Command> onCallback(Callback m) {
        Record rec = recordOf(m.clientId);
        ActorRef<SessionActor.Command> session = null;
        if (rec != null) {
            for (String k : rec.callbackSessions) {
                ClientProtocol.SessionHandle h = rec.sessions.get(k);
                if (h != null) {
                    session = h.session();
                    break;
                }
            }
        }
        if (session == null) {
            m.replyTo.tell(BackChannel.Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
        } else {
            session.tell(new SessionActor.Callback(m.ops, m.replyTo));
        }
        return this;
    }

    private Behavior<Command> onBackChannelChanged(BackChannelChanged m) {
        String key = HexFormat.of().formatHex(m.sessionId);
        for (Record rec : records()) {
            if (rec.sessions.containsKey(key)) {
                if (m.usable) {
                    rec.callbackSessions.add(key);
                } else {
                    rec.callbackSessions.remove(key);
                }
            }
        }
        return this;
    }

    private Behavior<Command> onDelegationRevoked(DelegationRevoked m) {
        Record rec = recordOf(m.clientId);
        if (rec != null && rec.revoked.add(HexFormat.of().formatHex(m.other)) && rec.revoked.size() == 1) {
            tellSessions(rec, new SessionActor.RecallableStateRevoked(true));
        }
        return this;
    }

    private static void tellSessions(Record rec, SessionActor.Command c) {
        rec.sessions.values().forEach(s -> s.session().tell(c));
    }

    private Behavior<Command> onLocateStates(LocateStates m) {
        Record rec = recordOf(m.clientId);
        List<StateLocation> out = new ArrayList<>(m.others.size());
        for (byte[] other : m.others) {
            FileKey f = rec == null ? null : rec.states.get(HexFormat.of().formatHex(other));
            out.add(f == null ? null : new StateLocation(other, f));
        }
        m.replyTo.tell(out);
        return this;
    }

    private Behavior<Command> onInfo(Info m) {
        List<ClientInfo> out = new ArrayList<>();
        for (Record rec : records()) {
            long remaining = lease.toMillis() - rec.lease.idleNanos() / 1_000_000;
            out.add(new ClientInfo(rec.clientId, ownerId, rec.address == null ? "" : rec.address.getAddress().getHostAddress(),
                    rec.confirmed, rec.sessions.size(), rec.states.size() - rec.lockStates.size(), rec.lockStates.size(),
                    Math.max(0, remaining)));
        }
        m.replyTo.tell(out);
        return this;
    }

    private Behavior<Command> onLeaseTick() {
        for (Record rec : records()) {
            if (!leaseExpired(rec) || (rec.courtesy && !courtesyLimitReached(rec))) {
                continue;
            }
            // a courteous server (RFC 8881 §8.4.3): a client cut off for a while (network,
            // suspended laptop) comes back to its opens and locks unless someone needed them.
            // Not one holding locks in the back end: who needs those (another head, a CephFS
            // client, a local process) is refused by the back end without this head hearing
            // of it, so nothing would ever end the courtesy.
            if (rec.confirmed && !rec.states.isEmpty() && !rec.courtesy && rec.backendLocks.isEmpty()) {
                if (!rec.lease.enterCourtesy(lease)) {
                    continue;   // a SEQUENCE renewed it just now
                }
                getContext().getLog().info("lease of client {} (owner {}) expired: keeping its state until it"
                        + " conflicts (courtesy client)", Long.toHexString(rec.clientId), printable(ownerId));
                setCourtesy(rec, true);
                continue;
            }
            getContext().getLog().info("lease of client {} (owner {}) expired: releasing its state",
                    Long.toHexString(rec.clientId), printable(ownerId));
            dropRecord(rec);
        }
        return idleCheck();
    }

    /** A courtesy client is kept at most this long after its lease expired. */
    static final Duration COURTESY_LIMIT = Duration.ofHours(24);

    private boolean courtesyLimitReached(Record rec) {
        return rec.lease.idleNanos() > lease.toNanos() + COURTESY_LIMIT.toNanos();
    }

    // ------------------------------------------------------------------ helpers

    private boolean leaseExpired(Record rec) {
        return rec.lease.expired(lease);
    }

    /**
     * Whether a record is in use, so that another principal may not take its owner over
     * (§18.35.5 case 3). A session counts: a mounted client without open files still uses its
     * clientid, and dropping its sessions would only make it fight back with EXCHANGE_ID.
     */
    private static boolean hasState(Record rec) {
        return !rec.states.isEmpty() || !rec.sessions.isEmpty();
    }

    private Record recordOf(long clientId) {
        if (confirmed != null && confirmed.clientId == clientId) {
            return confirmed;
        }
        if (unconfirmed != null && unconfirmed.clientId == clientId) {
            return unconfirmed;
        }
        return null;
    }

    private List<Record> records() {
        List<Record> l = new ArrayList<>(2);
        if (confirmed != null) {
            l.add(confirmed);
        }
        if (unconfirmed != null) {
            l.add(unconfirmed);
        }
        return l;
    }

    /** Forgets a record: ends its sessions and gives back every piece of state it held. */
    private void dropRecord(Record rec) {
        for (ClientProtocol.SessionHandle h : rec.sessions.values()) {
            registry.tell(new ClientRegistry.SessionRemoved(h.sessionId()));
            // at once, not when the actor gets to its Stop: no SEQUENCE passes once the state is given back
            h.gate().close();
            h.session().tell(new SessionActor.Stop());
        }
        rec.sessions.clear();
        Set<FileKey> files = new HashSet<>(rec.states.values());
        for (FileKey f : files) {
            openFiles.tell(new OpenFiles.ReleaseClient(f, rec.clientId));
        }
        rec.states.clear();
        rec.lockStates.clear();
        rec.backendLocks.clear();
        registry.tell(new ClientRegistry.ClientIdRetired(rec.clientId));
        if (rec.confirmed) {
            // lease expiry, DESTROY_CLIENTID, a restarted client's new record, a takeover:
            // this clientid has nothing left to reclaim
            grace.clientRemoved(rec.clientId);
        }
        if (rec == confirmed) {
            confirmed = null;
        }
        if (rec == unconfirmed) {
            unconfirmed = null;
        }
    }

    /** With no records left the owner is forgotten (the registry stops this actor). */
    private Behavior<Command> idleCheck() {
        if (confirmed == null && unconfirmed == null) {
            registry.tell(new ClientRegistry.OwnerIdle(ownerId, getContext().getSelf(), exchangesSeen));
        }
        return this;
    }

    static String printable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                return "0x" + HexFormat.of().formatHex(b);
            }
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
