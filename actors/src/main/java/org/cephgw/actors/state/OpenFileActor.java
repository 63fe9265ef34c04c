package org.cephgw.actors.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.callback.BackChannel;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.ops.Errors;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.cb.CB_GETATTR4args;
import org.cephgw.protocol.nfs4.cb.CB_GETATTR4res;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4args;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All NFSv4 state of one file: the share reservations and open stateids of every open-owner,
 * the lock stateids of every lock-owner and their byte-range locks. One entity per file for the
 * whole head (and, with sharding, the whole cluster), so reservations of different clients are
 * checked against each other in one place. Holds the back-end handles of its opens.
 *
 * <h2>Byte-range locks in the back end</h2>
 * When LOCK names a {@link LockBackend} (the export's back end has a lock manager: CephFS, or the
 * local back end's OFD locks), a lock is granted only when both the gateway's own table and the
 * back end agree, so that it conflicts with locks of other CephFS clients, other gateway nodes or
 * local processes. The entity never blocks; it runs the back-end calls on the I/O pool:
 * <ol>
 * <li>LOCK: stateids and the gateway's table first (a conflict with a lock of ours is DENIED
 * naming its NFS owner). Then the range is <em>reserved</em> for the lock-owner: until the back
 * end has answered, a conflicting LOCK or LOCKT of another owner sees the reservation as a held
 * lock (so two clients racing for one range cannot both win), and further LOCK/LOCKU of the same
 * owner on this file wait in a queue (one back-end call per owner at a time, applied in order).
 * {@code tryLock} runs on the I/O pool, the answer comes back as a message: granted, the lock is
 * recorded; refused, nothing is (POSIX leaves the owner's earlier locks as they were) and the
 * answer is DENIED with the range and type the back end's {@code test} reports and the owner
 * {@link #BACKEND_CLIENT}/{@link #BACKEND_OWNER} ("another client of the back end": the back end
 * tells no NFS owner).</li>
 * <li>LOCKU: the back end first, then the table. Meanwhile the table still shows the range held,
 * so no other NFS owner is granted it before the back end has let it go (the other order would
 * let a LOCK of another owner of ours reach the back end first and be refused as if another
 * client held it). A range the owner holds nothing of in the table needs no back-end call.</li>
 * <li>LOCKT: the table, then the back end's {@code test} (through the owner's own handle and id
 * when it has locks here, so that its own locks do not count; else through any open handle of the
 * file with owner id 0, which no owner has). When no handle of the file is open here the reply
 * says {@link LockReply#backendUnchecked()}: the caller tests through a handle of its own.</li>
 * <li>CLOSE, FREE_STATEID, lease expiry and DESTROY_CLIENTID ({@link ReleaseClient}): the
 * owners' locks and back-end resources go with {@code release} on the I/O pool, queued before the
 * open's handles are retired (and closing a handle drops its locks in any case).</li>
 * </ol>
 * Each lock-owner's locks on a file go through one handle for the life of its lock stateid: one of
 * its open's handles, chosen at its first back-end lock (the widest; a read-only one is replaced
 * by a writable one for a write lock while the owner holds no locks), kept open by the open. The
 * back end knows the owner by a 64-bit id unique in this process (a counter, never reused), not
 * derived from the NFS owner, so that two owners can never be merged. Ranges starting at 2^63 or
 * beyond cannot be expressed in POSIX and stay in the gateway's table only.
 */
public final class OpenFileActor extends AbstractBehavior<OpenFileActor.Command> {

    public sealed interface Command {
    }

    /** Fault injection (tests): the entity fails as a bug in it would. */
    record Fail(String reason) implements Command {
    }

    /**
     * OPEN by an open-owner: a new open or an upgrade of the owner's existing one. {@code io} is
     * the back-end handle opened for this request (kept when the open succeeds).
     */
    public record Open(long clientId, ActorRef<ClientActor.Command> client, byte[] owner, int access, int deny,
                       SharedIo io, DelegationRequest delegation, ActorRef<OpenReply> replyTo) implements Command {
        /** An open that asks for no delegation and claims none. */
        public Open(long clientId, ActorRef<ClientActor.Command> client, byte[] owner, int access, int deny,
                    SharedIo io, ActorRef<OpenReply> replyTo) {
            this(clientId, client, owner, access, deny, io, null, replyTo);
        }
    }

    /**
     * What an OPEN says about delegations.
     *
     * @param want      the OPEN4_SHARE_ACCESS_WANT_* value asked for (0: none asked)
     * @param callbacks the client's back channel works, so a delegation could be recalled
     * @param fh        the file's handle as the client knows it (for CB_RECALL / CB_GETATTR)
     * @param claimed   CLAIM_DELEGATE_CUR / CLAIM_DELEG_CUR_FH: the delegation the open is made under
     */
    public record DelegationRequest(int want, boolean callbacks, byte[] fh, StateId claimed) {
    }

    /**
     * {@code ioKept}: the entity took over the handle of the request (else the caller retires it).
     * {@code delegation}: what to answer about delegations, null when the OPEN asked nothing.
     */
    public record OpenReply(int status, StateId stateid, boolean ioKept, Delegation delegation) {
        public OpenReply(int status, StateId stateid, boolean ioKept) {
            this(status, stateid, ioKept, null);
        }
    }

    /**
     * A delegation granted ({@code type} OPEN_DELEGATE_READ or _WRITE, with its stateid) or the
     * reason there is none ({@code type} OPEN_DELEGATE_NONE_EXT and a WND4_* {@code whyNone}).
     */
    public record Delegation(int type, StateId stateid, int whyNone) {
        static Delegation none(int why) {
            return new Delegation(Nfs4Const.OPEN_DELEGATE_NONE_EXT, null, why);
        }
    }

    /**
     * GETATTR of size or change by {@code clientId}: when another client holds a write delegation,
     * its view (CB_GETATTR); else, or when it does not answer, null.
     */
    public record HolderAttrs(long clientId, ActorRef<HolderView> replyTo) implements Command {
    }

    /** What a write-delegation holder reports (RFC 8881 §10.4.3); null fields: not reported. */
    public record HolderView(Long change, Long size) {
    }

    private record CbGetattrAnswered(BackChannel.Result result, ActorRef<HolderView> replyTo) implements Command {
    }

    /**
     * The client's lease expired and it holds its state here only by courtesy (or it is back):
     * state of a courtesy client that stands in another client's way is released and the client
     * expired (RFC 8881 §8.4.3).
     */
    public record Courtesy(long clientId, boolean courtesy) implements Command {
    }

    /**
     * Another client changes the file's attributes (SETATTR): every delegation of others is
     * recalled; NFS4ERR_DELAY while one is out, else NFS4_OK.
     */
    public record BreakDelegations(long clientId, ActorRef<Status> replyTo) implements Command {
    }

    /** DELEGRETURN. */
    public record ReturnDelegation(long clientId, StateId stateid, ActorRef<StateReply> replyTo) implements Command {
    }

    /** The outcome of a CB_RECALL this entity sent. */
    private record RecallAnswered(String other, BackChannel.Result result) implements Command {
    }

    /** The time a recalled delegation had to come back has passed. */
    private record RecallDeadline(String other, int recallNo) implements Command {
    }

    public record OpenDowngrade(long clientId, StateId stateid, int access, int deny, ActorRef<StateReply> replyTo)
            implements Command {
    }

    public record Close(long clientId, StateId stateid, ActorRef<StateReply> replyTo) implements Command {
    }

    public record StateReply(int status, StateId stateid) {
    }

    /**
     * READ/WRITE (and the like) with a stateid: checks it and grants an acquired handle. For
     * the special stateids the answer carries no handle: the caller opens one of its own.
     */
    public record UseForIo(long clientId, StateId stateid, boolean write, ActorRef<IoGrant> replyTo) implements Command {
    }

    /** A granted use; the caller must {@link SharedIo#release} {@code io} when done. */
    public record IoGrant(int status, SharedIo io) {
    }

    /**
     * LOCK. Either a new lock-owner with the open stateid it derives from ({@code openStateid} and
     * {@code lockOwner} set) or an existing lock stateid ({@code lockStateid}).
     */
    public record Lock(long clientId, ActorRef<ClientActor.Command> client, StateId openStateid, byte[] lockOwner,
                       StateId lockStateid, boolean write, long offset, long length, LockBackend backend,
                       ActorRef<LockReply> replyTo) implements Command {
        /** A lock in the gateway's table only. */
        public Lock(long clientId, ActorRef<ClientActor.Command> client, StateId openStateid, byte[] lockOwner,
                    StateId lockStateid, boolean write, long offset, long length, ActorRef<LockReply> replyTo) {
            this(clientId, client, openStateid, lockOwner, lockStateid, write, offset, length, null, replyTo);
        }
    }

    /**
     * {@code backendUnchecked} (LOCKT only): the gateway's table has no conflict, but no handle of
     * the file is open here to ask the back end through; the caller asks it with one of its own.
     */
    public record LockReply(int status, StateId stateid, Denied denied, boolean backendUnchecked) {
        public LockReply(int status, StateId stateid, Denied denied) {
            this(status, stateid, denied, false);
        }
    }

    /** The lock that stands in the way (LOCK4denied). */
    public record Denied(long clientId, byte[] owner, boolean write, long offset, long length) {
    }

    public record LockTest(long clientId, byte[] lockOwner, boolean write, long offset, long length, LockBackend backend,
                           ActorRef<LockReply> replyTo) implements Command {
        public LockTest(long clientId, byte[] lockOwner, boolean write, long offset, long length,
                        ActorRef<LockReply> replyTo) {
            this(clientId, lockOwner, write, offset, length, null, replyTo);
        }
    }

    /**
     * The holder LOCK4denied names for a lock the back end refused: clientid 0 (no client of
     * this gateway has it) and this owner string. The lock is held by another client of the back
     * end (another CephFS client or gateway node, a local process), which tells no NFS owner.
     */
    public static final long BACKEND_CLIENT = 0;
    public static final String BACKEND_OWNER = "cephgw:another-client-of-the-back-end";

    /** A conflict the back end reported, as LOCK4denied. */
    public static Denied backendDenied(Filesystem.ByteRangeLocker.Conflict c) {
        return new Denied(BACKEND_CLIENT, BACKEND_OWNER.getBytes(StandardCharsets.US_ASCII), c.write(), c.offset(),
                c.length());
    }

    public record Unlock(long clientId, StateId lockStateid, long offset, long length, ActorRef<StateReply> replyTo)
            implements Command {
    }

    public record FreeState(long clientId, StateId stateid, ActorRef<Status> replyTo) implements Command {
    }

    public record TestState(long clientId, StateId stateid, ActorRef<Status> replyTo) implements Command {
    }

    /** A back-end call for a reserved LOCK or a LOCKU has finished (on the I/O pool). */
    private record BackendDone(long ticket, boolean granted, Filesystem.ByteRangeLocker.Conflict conflict,
                               Throwable error) implements Command {
    }

    /** The client is gone (lease expired, destroyed, replaced): drop all its state here. */
    public record ReleaseClient(long clientId) implements Command {
    }

    private static final class OpenState {
        final byte[] other;
        final OwnerKey owner;
        final ActorRef<ClientActor.Command> client;
        // seqid, access and ios are read by I/O on other threads too (IoView); only this actor writes them
        volatile int seqid = 1;
        volatile int access;
        int deny;
        /** every access and deny value the owner's OPENs used: OPEN_DOWNGRADE may only return to these */
        int accessSeen;
        int denySeen;
        final List<SharedIo> ios = new java.util.concurrent.CopyOnWriteArrayList<>();

        OpenState(byte[] other, OwnerKey owner, ActorRef<ClientActor.Command> client) {
            this.other = other;
            this.owner = owner;
            this.client = client;
        }

        StateId stateid() {
            return new StateId(seqid, other);
        }
    }

    private static final class LockState {
        final byte[] other;
        final OwnerKey owner;
        final OpenState open;
        int seqid = 1;
        /** the export's lock manager (null: the gateway's table only) */
        LockBackend backend;
        /** the handle its back-end locks go through (one of its open's), chosen at its first back-end lock */
        SharedIo io;
        /** its id in the back end */
        long backendOwner;
        /** the back end may hold locks or resources for it: {@code release} them when it goes */
        boolean backendUsed;

        LockState(byte[] other, OwnerKey owner, OpenState open) {
            this.other = other;
            this.owner = owner;
            this.open = open;
        }

        StateId stateid() {
            return new StateId(seqid, other);
        }
    }

    private final FileKey file;
    private final int serial;
    private final ActorRef<OpenFiles.Command> parent;
    /** the {@link IoView}'s map, shared with I/O; written only here */
    private final Map<String, OpenState> opensById;
    private final Map<OwnerKey, OpenState> opensByOwner = new HashMap<>();
    private final Map<String, LockState> locksById = new HashMap<>();
    /** delegations by stateid other (hex), revoked ones until freed */
    private final Map<String, DelegState> delegations = new HashMap<>();
    private final java.time.Duration recallTimeout;
    private final DelegationCounts delegationCounts;
    /** clients whose state here is kept only by courtesy */
    private final java.util.Set<Long> courtesy = new java.util.HashSet<>();
    private int recalls;
    private final Map<OwnerKey, LockState> locksByOwner = new HashMap<>();
    private final ByteRangeLocks ranges = new ByteRangeLocks();
    /** back-end calls in progress, by ticket; each one makes its owner busy */
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final Map<OwnerKey, InFlight> busy = new HashMap<>();
    /** LOCK and LOCKU of busy owners, in arrival order */
    private final Map<OwnerKey, ArrayDeque<Command>> deferred = new HashMap<>();
    private long tickets;
    private int counter;
    private int processed;

    private static final Logger LOG = LoggerFactory.getLogger(OpenFileActor.class);
    /** RFC 8881 §10.2: a client gets at least a lease period to return a recalled delegation */
    static final java.time.Duration DEFAULT_RECALL_TIMEOUT = java.time.Duration.ofSeconds(60);

    private static final class DelegState {
        final byte[] other;
        final long clientId;
        final ActorRef<ClientActor.Command> client;
        final boolean write;
        final byte[] fh;
        final int seqid = 1;
        /** the number of the recall sent (0: not recalled) */
        int recallNo;
        boolean revoked;

        DelegState(byte[] other, long clientId, ActorRef<ClientActor.Command> client, boolean write, byte[] fh) {
            this.other = other;
            this.clientId = clientId;
            this.client = client;
            this.write = write;
            this.fh = fh;
        }

        StateId stateid() {
            return new StateId(seqid, other);
        }

        boolean live() {
            return !revoked;
        }
    }
    /** back-end lock owner ids: unique in the process, never reused; 0 is nobody's */
    private static final AtomicLong BACKEND_OWNER_IDS = new AtomicLong();

    /** A LOCK (reservation) or LOCKU waiting for the back end. */
    private static final class InFlight {
        final long ticket;
        final LockState ls;
        final boolean unlock;
        final boolean write;
        final long first;
        final long last;
        final ActorRef<ClientActor.Command> client;
        final ActorRef<LockReply> lockReply;
        final ActorRef<StateReply> unlockReply;
        /** the client's state went meanwhile: answer BAD_STATEID, record nothing */
        boolean cancelled;

        InFlight(long ticket, LockState ls, boolean unlock, boolean write, long first, long last,
                 ActorRef<ClientActor.Command> client, ActorRef<LockReply> lockReply, ActorRef<StateReply> unlockReply) {
            this.ticket = ticket;
            this.ls = ls;
            this.unlock = unlock;
            this.write = write;
            this.first = first;
            this.last = last;
            this.client = client;
            this.lockReply = lockReply;
            this.unlockReply = unlockReply;
        }

        boolean overlaps(long f, long l) {
            return Long.compareUnsigned(first, l) <= 0 && Long.compareUnsigned(f, last) <= 0;
        }

        long length() {
            return last == ByteRangeLocks.MAX ? ByteRangeLocks.MAX : last - first + 1;
        }
    }

    public static Behavior<Command> create(FileKey file, int serial, ActorRef<OpenFiles.Command> parent) {
        return create(file, serial, parent, DEFAULT_RECALL_TIMEOUT, new DelegationCounts(), new IoView());
    }

    /**
     * @param recallTimeout how long a recalled delegation may take to come back before it is revoked
     * @param delegationCounts the head's count of write delegations, kept up to date here
     * @param view where I/O finds the file's opens without a message to this actor
     */
    public static Behavior<Command> create(FileKey file, int serial, ActorRef<OpenFiles.Command> parent,
                                           java.time.Duration recallTimeout, DelegationCounts delegationCounts, IoView view) {
        return Behaviors.setup(ctx -> new OpenFileActor(ctx, file, serial, parent, recallTimeout, delegationCounts, view));
    }

    private OpenFileActor(ActorContext<Command> ctx, FileKey file, int serial, ActorRef<OpenFiles.Command> parent,
                          java.time.Duration recallTimeout, DelegationCounts delegationCounts, IoView view) {
        super(ctx);
        this.opensById = view.opens;
        this.delegationCounts = delegationCounts;
        this.file = file;
        this.serial = serial;
        this.parent = parent;
        this.recallTimeout = recallTimeout;
    }

    @Override
    public Receive<Command> createReceive() {
        Receive<Command> handlers = newReceiveBuilder()
                .onMessage(Open.class, m -> done(onOpen(m)))
                .onMessage(OpenDowngrade.class, m -> done(onDowngrade(m)))
                .onMessage(Close.class, m -> done(onClose(m)))
                .onMessage(UseForIo.class, m -> done(onUseForIo(m)))
                .onMessage(Lock.class, m -> done(onLock(m)))
                .onMessage(LockTest.class, m -> done(onLockTest(m)))
                .onMessage(Unlock.class, m -> done(onUnlock(m)))
                .onMessage(FreeState.class, m -> done(onFree(m)))
                .onMessage(TestState.class, m -> done(onTest(m)))
                .onMessage(ReleaseClient.class, m -> done(onReleaseClient(m)))
                .onMessage(BackendDone.class, m -> idleCheck(onBackendDone(m)))
                .onMessage(ReturnDelegation.class, m -> done(onReturnDelegation(m)))
                .onMessage(HolderAttrs.class, m -> done(onHolderAttrs(m)))
                .onMessage(BreakDelegations.class, m -> {
                    m.replyTo.tell(new Status(recallConflicting(m.clientId, true, true)
                            ? NfsStat4.NFS4ERR_DELAY : NfsStat4.NFS4_OK));
                    return done(this);
                })
                .onMessage(Courtesy.class, m -> {
                    if (m.courtesy) {
                        courtesy.add(m.clientId);
                    } else {
                        courtesy.remove(m.clientId);
                    }
                    return done(this);
                })
                .onMessage(CbGetattrAnswered.class, m -> idleCheck(onCbGetattrAnswered(m)))
                .onMessage(RecallAnswered.class, m -> idleCheck(onRecallAnswered(m)))
                .onMessage(RecallDeadline.class, m -> idleCheck(onRecallDeadline(m)))
                .onMessage(Fail.class, m -> {
                    throw new IllegalStateException("injected failure: " + m.reason());
                })
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> onStopped())
                .build();
        // a failure of this actor is told apart from a stop by its parent: only the first
        // releases what the file holds in the back end (see onStopped)
        return new Receive<>() {
            @Override
            public Behavior<Command> receiveMessage(Command m) throws Exception {
                try {
                    return handlers.receiveMessage(m);
                } catch (Exception | Error e) {
                    failed = true;
                    throw e;
                }
            }

            @Override
            public Behavior<Command> receiveSignal(org.apache.pekko.actor.typed.Signal signal) throws Exception {
                return handlers.receiveSignal(signal);
            }
        };
    }

    /** This actor failed (a handler threw): it stops with state a parent never asked it to give up. */
    private boolean failed;

    /**
     * Stopped with state left. After a failure of this actor what it held is gone — its stateids
     * are unknown from now on (NFS4ERR_BAD_STATEID), as after a server restart — and what it held
     * in the back end is released, so that no lock of a crashed entity stays in other clients' way.
     * Stopped by its parent (the head hands off, fails, or its node is downed or shuts down),
     * the back end is left as it is: the head's stop owns it, and leaves a CephFS session with its
     * locks to the head's successor, whose clients reclaim them in its grace period. Released here,
     * a lock would be free before that grace period began, for any other client to take (seen: a
     * node cut off from the cluster downs itself and its ShardRegion stops the heads' actors while
     * the CephFS connection is still up).
     */
    private Behavior<Command> onStopped() {
        if (opensById.isEmpty() && locksById.isEmpty() && delegations.isEmpty()) {
            return this;
        }
        for (DelegState d : delegations.values()) {
            if (!d.revoked) {
                delegationCounts.ended(d.write);
            }
        }
        if (!failed) {
            LOG.debug("{} stopped with {} open(s), {} lock stateid(s): left in the back end for the head's successor",
                    file, opensById.size(), locksById.size());
            locksById.clear();
            opensById.clear();
            delegations.clear();
            return this;
        }
        LOG.error("the state of {} is lost: {} open(s), {} lock stateid(s), {} delegation(s) dropped", file,
                opensById.size(), locksById.size(), delegations.size());
        for (LockState l : locksById.values()) {
            releaseBackend(l);
            l.open.client.tell(new ClientActor.StateRemoved(l.owner.clientId(), l.other));
        }
        for (OpenState o : opensById.values()) {
            o.ios.forEach(SharedIo::retire);
            o.client.tell(new ClientActor.StateRemoved(o.owner.clientId(), o.other));
        }
        locksById.clear();
        opensById.clear();
        delegations.clear();
        return this;
    }

    /** Every command came through the parent; say when idle so it can passivate us. */
    private Behavior<Command> done(Behavior<Command> b) {
        processed++;
        return idleCheck(b);
    }

    /** Our own messages (back-end answers) did not come through the parent: not counted. */
    private Behavior<Command> idleCheck(Behavior<Command> b) {
        if (opensById.isEmpty() && locksById.isEmpty() && inFlight.isEmpty() && deferred.isEmpty()
                && delegations.isEmpty()) {
            parent.tell(new OpenFiles.Idle(file, getContext().getSelf(), processed));
        }
        return b;
    }

    // ------------------------------------------------------------------ OPEN / OPEN_DOWNGRADE / CLOSE

    private Behavior<Command> onOpen(Open m) {
        OwnerKey owner = new OwnerKey(m.clientId, m.owner);
        if (m.delegation != null && m.delegation.claimed() != null) {
            DelegState d = delegations.get(key(m.delegation.claimed().other()));
            int st = checkDelegation(d, m.clientId, m.delegation.claimed());
            if (st != NfsStat4.NFS4_OK) {
                m.replyTo.tell(new OpenReply(st, null, false));
                return this;
            }
        }
        // another client's delegation the open conflicts with must come back first (§10.4.4)
        if (recallConflicting(m.clientId, (m.access & OpenFiles.ACCESS_WRITE) != 0,
                (m.deny & OpenFiles.ACCESS_READ) != 0)) {
            m.replyTo.tell(new OpenReply(NfsStat4.NFS4ERR_DELAY, null, false));
            return this;
        }
        java.util.Set<Long> inTheWay = new java.util.HashSet<>();
        for (OpenState o : opensById.values()) {
            if (!o.owner.equals(owner) && ((m.access & o.deny) != 0 || (m.deny & o.access) != 0)) {
                inTheWay.add(o.owner.clientId());
            }
        }
        if (!inTheWay.isEmpty() && !expireCourtesyClients(inTheWay)) {
            m.replyTo.tell(new OpenReply(NfsStat4.NFS4ERR_SHARE_DENIED, null, false));
            return this;
        }
        OpenState o = opensByOwner.get(owner);
        if (o == null) {
            o = new OpenState(newOther(m.clientId), owner, m.client);
            opensByOwner.put(owner, o);
            opensById.put(key(o.other), o);
            m.client.tell(new ClientActor.StateAdded(m.clientId, o.other, file));
        } else {
            o.seqid++;
        }
        o.access |= m.access;
        o.deny |= m.deny;
        o.accessSeen |= 1 << m.access;
        o.denySeen |= 1 << m.deny;
        // an owner that opens the file again (another process of the client) needs no second
        // descriptor unless the new one allows more
        boolean kept = m.io != null && o.ios.stream().noneMatch(
                io -> (io.handle().accessMask() & m.io.handle().accessMask()) == m.io.handle().accessMask());
        if (kept) {
            o.ios.add(m.io);
        }
        Delegation d = m.delegation == null || m.delegation.want() == 0 || m.delegation.claimed() != null
                ? null : delegate(m, o);
        m.replyTo.tell(new OpenReply(NfsStat4.NFS4_OK, o.stateid(), kept, d));
        return this;
    }

    // ------------------------------------------------------------------ delegations (RFC 8881 §10.4)

    /**
     * Decides the delegation an OPEN asked for: a write delegation when the open can write and no
     * other client has the file open or delegated; a read delegation when no other client can
     * write it; else none, saying why.
     */
    private Delegation delegate(Open m, OpenState o) {
        int want = m.delegation.want();
        if (want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_NO_DELEG) {
            return Delegation.none(Nfs4Const.WND4_NOT_WANTED);
        }
        if (want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_CANCEL) {
            return Delegation.none(Nfs4Const.WND4_CANCELLED);
        }
        if (!m.delegation.callbacks()) {
            // it could never be recalled
            return Delegation.none(Nfs4Const.WND4_RESOURCE);
        }
        boolean canWrite = (o.access & OpenFiles.ACCESS_WRITE) != 0;
        boolean wantWrite = want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG
                || want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_ANY_DELEG;
        boolean wantRead = want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_READ_DELEG
                || want == Nfs4Const.OPEN4_SHARE_ACCESS_WANT_ANY_DELEG;
        for (DelegState d : delegations.values()) {
            if (d.clientId == m.clientId && d.live()) {
                // the client holds one already: the same one again, if it is what was asked
                if (d.recallNo == 0 && (d.write || !wantWrite || !canWrite)) {
                    return new Delegation(d.write ? Nfs4Const.OPEN_DELEGATE_WRITE : Nfs4Const.OPEN_DELEGATE_READ,
                            d.stateid(), 0);
                }
                return Delegation.none(Nfs4Const.WND4_NOT_SUPP_UPGRADE);
            }
        }
        boolean otherOpens = false;
        boolean otherWriters = false;
        for (OpenState x : opensById.values()) {
            if (x.owner.clientId() != m.clientId) {
                otherOpens = true;
                otherWriters |= (x.access & OpenFiles.ACCESS_WRITE) != 0;
            }
        }
        boolean otherDelegs = false;
        boolean recalling = false;
        for (DelegState d : delegations.values()) {
            if (d.live()) {
                otherDelegs = true;
                recalling |= d.recallNo != 0;
            }
        }
        if (recalling) {
            return Delegation.none(Nfs4Const.WND4_CONTENTION);
        }
        if (wantWrite && canWrite && !otherOpens && !otherDelegs) {
            return grantDelegation(m, true);
        }
        if (wantRead && !otherWriters && !otherWriteDelegation()) {
            return grantDelegation(m, false);
        }
        return Delegation.none(Nfs4Const.WND4_CONTENTION);
    }

    private boolean otherWriteDelegation() {
        for (DelegState d : delegations.values()) {
            if (d.live() && d.write) {
                return true;
            }
        }
        return false;
    }

    private Delegation grantDelegation(Open m, boolean write) {
        DelegState d = new DelegState(newOther(m.clientId), m.clientId, m.client, write, m.delegation.fh());
        delegations.put(key(d.other), d);
        delegationCounts.granted(write);
        m.client.tell(new ClientActor.StateAdded(m.clientId, d.other, file));
        return new Delegation(write ? Nfs4Const.OPEN_DELEGATE_WRITE : Nfs4Const.OPEN_DELEGATE_READ, d.stateid(), 0);
    }

    /**
     * Recalls every live delegation of another client that access of this kind conflicts with:
     * writing (or denying others to read) conflicts with any delegation, reading with a write
     * delegation. True when there was one: the request must wait (NFS4ERR_DELAY) until it is
     * returned or revoked.
     */
    private boolean recallConflicting(long clientId, boolean write, boolean denyRead) {
        java.util.Set<Long> courtesyHolders = new java.util.HashSet<>();
        boolean conflict = false;
        for (DelegState d : delegations.values()) {
            if (d.clientId != clientId && d.live() && (d.write || write || denyRead)) {
                if (courtesy.contains(d.clientId)) {
                    // a client whose lease ran out cannot be asked: it goes
                    courtesyHolders.add(d.clientId);
                } else {
                    conflict = true;
                    recall(d);
                }
            }
        }
        expireCourtesyClients(courtesyHolders);
        return conflict;
    }

    /**
     * If every client in {@code clients} is a courtesy client: releases their state on this file,
     * has them expired, and returns true (the request they were in the way of may go on).
     */
    private boolean expireCourtesyClients(java.util.Set<Long> clients) {
        if (clients.isEmpty() || !courtesy.containsAll(clients)) {
            return clients.isEmpty();
        }
        for (long c : clients) {
            ActorRef<ClientActor.Command> ref = clientRef(c);
            onReleaseClient(new ReleaseClient(c));
            courtesy.remove(c);
            if (ref != null) {
                ref.tell(new ClientActor.ExpireCourtesy(c));
            }
        }
        return true;
    }

    private ActorRef<ClientActor.Command> clientRef(long clientId) {
        for (OpenState o : opensById.values()) {
            if (o.owner.clientId() == clientId) {
                return o.client;
            }
        }
        for (DelegState d : delegations.values()) {
            if (d.clientId == clientId) {
                return d.client;
            }
        }
        return null;
    }

    /** The first lock in the way that is not a courtesy client's (whose state goes instead). */
    private Denied conflictExpiringCourtesy(OwnerKey owner, boolean write, long first, long last) {
        while (true) {
            Denied d = conflict(owner, write, first, last);
            if (d == null || !courtesy.contains(d.clientId()) || !expireCourtesyClients(java.util.Set.of(d.clientId()))) {
                return d;
            }
        }
    }

    private void recall(DelegState d) {
        if (d.recallNo != 0) {
            return;
        }
        d.recallNo = ++recalls;
        String k = key(d.other);
        ActorRef<BackChannel.Result> answer = getContext().messageAdapter(BackChannel.Result.class,
                r -> new RecallAnswered(k, r));
        d.client.tell(new ClientActor.Callback(d.clientId,
                List.of(new CB_RECALL4args(new Stateid4(d.seqid, d.other), false, d.fh)), answer));
        getContext().scheduleOnce(recallTimeout, getContext().getSelf(), new RecallDeadline(k, d.recallNo));
    }

    private Behavior<Command> onRecallAnswered(RecallAnswered m) {
        DelegState d = delegations.get(m.other);
        if (d != null && d.live() && m.result.status() != NfsStat4.NFS4_OK) {
            // the client keeps the delegation's lease time to come back and return it (§10.4.4):
            // a revocation now would lose a write delegation's cached data for a short outage
            LOG.debug("CB_RECALL of {} on {} failed ({}); it is revoked unless returned within {}",
                    m.other, file, m.result.status(), recallTimeout);
        }
        return this;
    }

    private Behavior<Command> onRecallDeadline(RecallDeadline m) {
        DelegState d = delegations.get(m.other);
        if (d != null && d.live() && d.recallNo == m.recallNo) {
            LOG.info("client {} did not return its {} delegation on {} within {} of the recall: revoked",
                    Long.toHexString(d.clientId), d.write ? "write" : "read", file, recallTimeout);
            d.revoked = true;
            delegationCounts.ended(d.write);
            d.client.tell(new ClientActor.DelegationRevoked(d.clientId, d.other));
        }
        return this;
    }

    private Behavior<Command> onReturnDelegation(ReturnDelegation m) {
        String k = key(m.stateid.other());
        DelegState d = delegations.get(k);
        int st = checkDelegation(d, m.clientId, m.stateid);
        if (st == NfsStat4.NFS4_OK) {
            delegations.remove(k);
            delegationCounts.ended(d.write);
            d.client.tell(new ClientActor.StateRemoved(d.clientId, d.other));
        }
        m.replyTo.tell(new StateReply(st, null));
        return this;
    }

    private Behavior<Command> onHolderAttrs(HolderAttrs m) {
        for (DelegState d : delegations.values()) {
            if (d.write && d.live() && d.clientId != m.clientId) {
                ActorRef<HolderView> to = m.replyTo;
                ActorRef<BackChannel.Result> answer = getContext().messageAdapter(BackChannel.Result.class,
                        r -> new CbGetattrAnswered(r, to));
                d.client.tell(new ClientActor.Callback(d.clientId,
                        List.of(new CB_GETATTR4args(d.fh, Bitmap4.of(Nfs4Const.FATTR4_CHANGE, Nfs4Const.FATTR4_SIZE))),
                        answer));
                return this;
            }
        }
        m.replyTo.tell(new HolderView(null, null));
        return this;
    }

    private Behavior<Command> onCbGetattrAnswered(CbGetattrAnswered m) {
        Long change = null;
        Long size = null;
        if (m.result.status() == NfsStat4.NFS4_OK && !m.result.results().isEmpty()
                && m.result.results().get(0) instanceof CB_GETATTR4res r && r.status() == NfsStat4.NFS4_OK) {
            try {
                NfsAttrs a = NfsAttrs.decode(r.objAttributes());
                change = a.change();
                size = a.size();
            } catch (RuntimeException e) {
                LOG.debug("undecodable CB_GETATTR reply on {}: {}", file, e.toString());
            }
        }
        m.replyTo.tell(new HolderView(change, size));
        return this;
    }

    private static int checkDelegation(DelegState d, long clientId, StateId given) {
        if (d == null || d.clientId != clientId) {
            return NfsStat4.NFS4ERR_BAD_STATEID;
        }
        if (d.revoked) {
            return NfsStat4.NFS4ERR_DELEG_REVOKED;
        }
        return checkSeq(given.seqid(), d.seqid);
    }

    private Behavior<Command> onDowngrade(OpenDowngrade m) {
        OpenState o = opensById.get(key(m.stateid.other()));
        int st = checkOpen(o, m.clientId, m.stateid);
        if (st != NfsStat4.NFS4_OK) {
            m.replyTo.tell(new StateReply(st, null));
            return this;
        }
        // the new modes must be ones this owner opened with and not widen the current ones
        if ((m.access & ~o.access) != 0 || (m.deny & ~o.deny) != 0
                || (o.accessSeen & (1 << m.access)) == 0 || (o.denySeen & (1 << m.deny)) == 0) {
            m.replyTo.tell(new StateReply(NfsStat4.NFS4ERR_INVAL, null));
            return this;
        }
        o.access = m.access;
        o.deny = m.deny;
        o.accessSeen = 1 << m.access;
        o.denySeen = 1 << m.deny;
        o.seqid++;
        m.replyTo.tell(new StateReply(NfsStat4.NFS4_OK, o.stateid()));
        return this;
    }

    private Behavior<Command> onClose(Close m) {
        OpenState o = opensById.get(key(m.stateid.other()));
        int st = checkOpen(o, m.clientId, m.stateid);
        if (st != NfsStat4.NFS4_OK) {
            m.replyTo.tell(new StateReply(st, null));
            return this;
        }
        for (LockState l : locksByOwner.values()) {
            if (l.open == o && (ranges.holdsAny(l.owner) || busy.containsKey(l.owner))) {
                m.replyTo.tell(new StateReply(NfsStat4.NFS4ERR_LOCKS_HELD, null));
                return this;
            }
        }
        removeOpen(o);
        // RFC 8881 §18.2.4: the stateid returned by CLOSE is meaningless; send the invalid one
        m.replyTo.tell(new StateReply(NfsStat4.NFS4_OK, new StateId(-1, new byte[12])));
        return this;
    }

    private void removeOpen(OpenState o) {
        // every lock state derived from it, granted ones and ones whose first lock was refused
        for (Iterator<LockState> it = locksByOwner.values().iterator(); it.hasNext(); ) {
            LockState l = it.next();
            if (l.open == o) {
                ranges.releaseOwner(l.owner);
                InFlight f = busy.get(l.owner);
                if (f != null) {
                    f.cancelled = true;
                }
                // queued before the handles are retired below, so it runs while they are open
                releaseBackend(l);
                it.remove();
                if (locksById.remove(key(l.other)) != null) {
                    o.client.tell(new ClientActor.StateRemoved(o.owner.clientId(), l.other));
                }
            }
        }
        opensById.remove(key(o.other));
        opensByOwner.remove(o.owner);
        o.ios.forEach(SharedIo::retire);
        o.ios.clear();
        o.client.tell(new ClientActor.StateRemoved(o.owner.clientId(), o.other));
    }

    // ------------------------------------------------------------------ I/O

    private Behavior<Command> onUseForIo(UseForIo m) {
        if (m.stateid.isSpecial()) {
            // the all-ones stateid lets READ bypass deny modes (§8.2.3) and is no stateid for
            // anything else: it must not become a way around a deny of writing
            if (m.stateid.isBypass() && m.write) {
                m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_BAD_STATEID, null));
                return this;
            }
            // I/O without state by another client: a delegation it conflicts with comes back first
            if (recallConflicting(m.clientId, m.write, false)) {
                m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_DELAY, null));
                return this;
            }
            // I/O without state must still respect other clients' deny modes
            if (!m.stateid.isBypass()) {
                int need = m.write ? OpenFiles.ACCESS_WRITE : OpenFiles.ACCESS_READ;
                java.util.Set<Long> denying = new java.util.HashSet<>();
                for (OpenState o : opensById.values()) {
                    if ((o.deny & need) != 0) {
                        denying.add(o.owner.clientId());
                    }
                }
                if (!denying.isEmpty() && !expireCourtesyClients(denying)) {
                    m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_LOCKED, null));
                    return this;
                }
            }
            m.replyTo.tell(new IoGrant(NfsStat4.NFS4_OK, null));
            return this;
        }
        String k = key(m.stateid.other());
        DelegState dl = delegations.get(k);
        if (dl != null) {
            // I/O under a delegation: the client's own handle serves it
            int st = checkDelegation(dl, m.clientId, m.stateid);
            if (st == NfsStat4.NFS4_OK && m.write && !dl.write) {
                st = NfsStat4.NFS4ERR_OPENMODE;
            }
            m.replyTo.tell(new IoGrant(st, null));
            return this;
        }
        OpenState o = opensById.get(k);
        int st;
        if (o != null) {
            st = checkOpen(o, m.clientId, m.stateid);
        } else {
            LockState l = locksById.get(k);
            st = checkLock(l, m.clientId, m.stateid);
            o = l == null ? null : l.open;
        }
        if (st != NfsStat4.NFS4_OK) {
            m.replyTo.tell(new IoGrant(st, null));
            return this;
        }
        if (m.write && (o.access & OpenFiles.ACCESS_WRITE) == 0) {
            m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_OPENMODE, null));
            return this;
        }
        SharedIo io = acquireFor(o, m.write);
        m.replyTo.tell(io != null ? new IoGrant(NfsStat4.NFS4_OK, io) : new IoGrant(NfsStat4.NFS4ERR_OPENMODE, null));
        return this;
    }

    /** One of the open's back-end handles that allows the I/O, acquired; null when none does (or all are retiring). */
    private static SharedIo acquireFor(OpenState o, boolean write) {
        int want = write ? Filesystem.Access.WRITE : Filesystem.Access.READ;
        for (SharedIo io : o.ios) {
            if ((io.handle().accessMask() & want) != 0 && io.acquire()) {
                return io;
            }
        }
        return null;
    }

    /**
     * A file's opens as READ and WRITE see them without a message to its actor (which would cost
     * two hand-offs between threads per call): the actor's own map of opens by stateid, written
     * only by the actor, each open's seqid, access and handles readable from any thread. It
     * answers only what is certainly so — an open stateid of this client, current, allowing the
     * I/O, with a handle acquired — and leaves everything else (special, lock and delegation
     * stateids, errors) to the actor. A call racing a CLOSE or OPEN_DOWNGRADE of the same open is
     * ordered before it, as if it had arrived first: a client sends them concurrently or not at
     * all (a retired handle is not acquired, and what the actor did before it answered is seen).
     */
    public static final class IoView {
        final Map<String, OpenState> opens = new java.util.concurrent.ConcurrentHashMap<>();

        /** The open's handle for this I/O, acquired (release it when done); null: ask the actor. */
        public SharedIo grant(long clientId, StateId stateid, boolean write) {
            if (stateid.isSpecial()) {
                return null;
            }
            OpenState o = opens.get(key(stateid.other()));
            if (o == null || checkOpen(o, clientId, stateid) != NfsStat4.NFS4_OK
                    || (write && (o.access & OpenFiles.ACCESS_WRITE) == 0)) {
                return null;
            }
            return acquireFor(o, write);
        }
    }

    // ------------------------------------------------------------------ byte-range locks

    private Behavior<Command> onLock(Lock m) {
        // one back-end call per owner and file at a time: a busy owner's requests wait their turn
        OwnerKey who = m.lockStateid != null ? ownerOf(m.lockStateid) : new OwnerKey(m.clientId, m.lockOwner);
        if (who != null && busy.containsKey(who)) {
            defer(who, m);
            return this;
        }
        Long last = ByteRangeLocks.lastByte(m.offset, m.length);
        if (last == null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_INVAL, null, null));
            return this;
        }
        LockState ls;
        if (m.lockStateid != null) {
            ls = locksById.get(key(m.lockStateid.other()));
            int st = checkLock(ls, m.clientId, m.lockStateid);
            if (st != NfsStat4.NFS4_OK) {
                m.replyTo.tell(new LockReply(st, null, null));
                return this;
            }
        } else {
            OpenState o = opensById.get(key(m.openStateid.other()));
            int st = checkOpen(o, m.clientId, m.openStateid);
            if (st != NfsStat4.NFS4_OK) {
                m.replyTo.tell(new LockReply(st, null, null));
                return this;
            }
            OwnerKey lo = new OwnerKey(m.clientId, m.lockOwner);
            ls = locksByOwner.get(lo);
            if (ls == null) {
                ls = new LockState(newOther(m.clientId), lo, o);
                // known from now on (so a retry finds the same one), granted only once it holds a lock
                locksByOwner.put(lo, ls);
            }
        }
        // a write lock needs the file open for writing (RFC 8881 §18.10.3)
        if (m.write && (ls.open.access & OpenFiles.ACCESS_WRITE) == 0) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_OPENMODE, null, null));
            return this;
        }
        Denied d = conflictExpiringCourtesy(ls.owner, m.write, m.offset, last);
        if (d != null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_DENIED, null, d));
            return this;
        }
        if (m.backend != null && ls.backend == null) {
            ls.backend = m.backend;
        }
        if (ls.backend != null && m.offset >= 0 && pinIo(ls, m.write)) {
            reserve(ls, m, last);
            return this;
        }
        grant(ls, m.clientId, m.client, m.write, m.offset, last, m.replyTo);
        return this;
    }

    /** Records a lock both sides agreed on and answers with the lock stateid. */
    private void grant(LockState ls, long clientId, ActorRef<ClientActor.Command> client, boolean write, long first,
                       long last, ActorRef<LockReply> replyTo) {
        ByteRangeLocks.Lock c = ranges.lock(ls.owner, write, first, last);
        if (c != null) {
            // cannot happen: the range was free of conflicts, and reserved while the back end was asked
            getContext().getLog().error("lock of {} on {} conflicts with {} after the back end granted it", ls.owner, file, c);
            replyTo.tell(new LockReply(NfsStat4.NFS4ERR_SERVERFAULT, null, null));
            return;
        }
        if (!locksById.containsKey(key(ls.other))) {
            locksById.put(key(ls.other), ls);
            locksByOwner.put(ls.owner, ls);
            client.tell(new ClientActor.StateAdded(clientId, ls.other, file, true, ls.backend != null));
        } else {
            ls.seqid++;
        }
        replyTo.tell(new LockReply(NfsStat4.NFS4_OK, ls.stateid(), null));
    }

    /**
     * Chooses the handle the owner's back-end locks go through: kept once chosen, except that a
     * write lock may move an owner that holds nothing from a handle without write access to one
     * with it (under a new back-end id, the old one released). False when the open has no handle.
     */
    private boolean pinIo(LockState ls, boolean write) {
        int want = write ? Filesystem.Access.WRITE : Filesystem.Access.READ;
        if (ls.io != null && ((ls.io.handle().accessMask() & want) != 0 || ranges.holdsAny(ls.owner))) {
            return true;
        }
        SharedIo best = null;
        int bestScore = -1;
        for (SharedIo io : ls.open.ios) {
            int mask = io.handle().accessMask();
            int score = ((mask & want) != 0 ? 4 : 0) + ((mask & Filesystem.Access.READ) != 0 ? 1 : 0)
                    + ((mask & Filesystem.Access.WRITE) != 0 ? 1 : 0);
            if (score > bestScore) {
                best = io;
                bestScore = score;
            }
        }
        if (ls.io != null && (best == null || (best.handle().accessMask() & want) == 0)) {
            return true; // nothing better: let the back end decide
        }
        if (best == null) {
            return false;
        }
        if (ls.io != best) {
            releaseBackend(ls);
            ls.io = best;
            ls.backendOwner = BACKEND_OWNER_IDS.incrementAndGet();
        }
        return true;
    }

    /** Reserves the range for the owner and asks the back end on the I/O pool. */
    private void reserve(LockState ls, Lock m, long last) {
        SharedIo io = ls.io;
        if (!io.acquire()) {
            // retired: only when its open is gone, which the checks above rule out
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_BAD_STATEID, null, null));
            return;
        }
        InFlight f = new InFlight(++tickets, ls, false, m.write, m.offset, last, m.client, m.replyTo, null);
        inFlight.put(f.ticket, f);
        busy.put(ls.owner, f);
        ls.backendUsed = true;
        Filesystem.ByteRangeLocker locker = ls.backend.locker();
        long owner = ls.backendOwner;
        boolean write = m.write;
        long offset = m.offset;
        long length = m.length;
        long ticket = f.ticket;
        runOnIo(ls.backend, io, ticket, () -> {
            IoHandle h = io.handle();
            // a refusal is reported with the lock in the way; if that went meanwhile, try once more
            for (int attempt = 0; ; attempt++) {
                if (locker.tryLock(h, owner, write, offset, length)) {
                    return new BackendDone(ticket, true, null, null);
                }
                Filesystem.ByteRangeLocker.Conflict c = locker.test(h, owner, write, offset, length);
                if (c != null || attempt == 1) {
                    return new BackendDone(ticket, false,
                            c != null ? c : new Filesystem.ByteRangeLocker.Conflict(write, offset, length), null);
                }
            }
        });
    }

    /** Runs a back-end call holding a use of {@code io}; its answer comes back as a message. */
    private void runOnIo(LockBackend backend, SharedIo io, long ticket, java.util.function.Supplier<BackendDone> call) {
        CompletionStage<BackendDone> done;
        try {
            done = backend.submit(io.handle().file(), () -> {
                try {
                    return call.get();
                } finally {
                    io.release();
                }
            });
        } catch (RuntimeException e) {
            io.release();
            done = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(done, (r, e) -> r != null ? r : new BackendDone(ticket, false, null, e));
    }

    private Behavior<Command> onBackendDone(BackendDone d) {
        InFlight f = inFlight.remove(d.ticket);
        if (f == null) {
            return this;
        }
        busy.remove(f.ls.owner, f);
        if (f.unlock) {
            finishUnlock(f, d);
        } else {
            finishLock(f, d);
        }
        runDeferred(f.ls.owner);
        return this;
    }

    private void finishLock(InFlight f, BackendDone d) {
        LockState ls = f.ls;
        if (f.cancelled) {
            // its open went meanwhile; the release queued then runs after this call (same I/O worker)
            f.lockReply.tell(new LockReply(NfsStat4.NFS4ERR_BAD_STATEID, null, null));
            return;
        }
        if (d.error != null) {
            getContext().getLog().warn("back-end lock of {} on {} failed: {}", ls.owner, file, d.error.toString());
            f.lockReply.tell(new LockReply(lockError(d.error), null, null));
            return;
        }
        if (!d.granted) {
            f.lockReply.tell(new LockReply(NfsStat4.NFS4ERR_DENIED, null, backendDenied(d.conflict)));
            return;
        }
        grant(ls, ls.owner.clientId(), f.client, f.write, f.first, f.last, f.lockReply);
    }

    /** A failed back-end call as nfsstat4; a lock type the back end's descriptor does not allow is OPENMODE. */
    private static int lockError(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof FsException e && e.error() == FsError.ACCES) {
            return NfsStat4.NFS4ERR_OPENMODE;
        }
        return Errors.status(c);
    }

    /** The first lock or reservation of another owner in the way, or null. */
    private Denied conflict(OwnerKey owner, boolean write, long first, long last) {
        ByteRangeLocks.Lock c = ranges.conflict(owner, write, first, last);
        if (c != null) {
            return denied(c);
        }
        for (InFlight f : inFlight.values()) {
            if (!f.unlock && !f.ls.owner.equals(owner) && (write || f.write) && f.overlaps(first, last)) {
                return new Denied(f.ls.owner.clientId(), f.ls.owner.owner(), f.write, f.first, f.length());
            }
        }
        return null;
    }

    private Behavior<Command> onLockTest(LockTest m) {
        Long last = ByteRangeLocks.lastByte(m.offset, m.length);
        if (last == null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_INVAL, null, null));
            return this;
        }
        OwnerKey who = new OwnerKey(m.clientId, m.lockOwner);
        Denied d = conflictExpiringCourtesy(who, m.write, m.offset, last);
        if (d != null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_DENIED, null, d));
            return this;
        }
        if (m.backend == null || m.offset < 0) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4_OK, null, null));
            return this;
        }
        // through the owner's own handle and id, so that its own locks do not count; else through
        // any handle of the file as owner 0, which holds nothing
        SharedIo io = null;
        long owner = 0;
        LockState own = locksByOwner.get(who);
        if (own != null && own.backendUsed && own.io != null && own.io.acquire()) {
            io = own.io;
            owner = own.backendOwner;
        } else {
            outer:
            for (OpenState o : opensById.values()) {
                for (SharedIo x : o.ios) {
                    if (x.acquire()) {
                        io = x;
                        break outer;
                    }
                }
            }
        }
        if (io == null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4_OK, null, null, true));
            return this;
        }
        SharedIo use = io;
        long id = owner;
        Filesystem.ByteRangeLocker locker = m.backend.locker();
        CompletionStage<Filesystem.ByteRangeLocker.Conflict> tested;
        try {
            tested = m.backend.submit(io.handle().file(), () -> {
                try {
                    return locker.test(use.handle(), id, m.write, m.offset, m.length);
                } finally {
                    use.release();
                }
            });
        } catch (RuntimeException e) {
            use.release();
            tested = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        // nothing here changes: the answer goes straight to the asker
        tested.whenComplete((c, e) -> {
            if (e != null) {
                m.replyTo.tell(new LockReply(lockError(e), null, null));
            } else if (c != null) {
                m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_DENIED, null, backendDenied(c)));
            } else {
                m.replyTo.tell(new LockReply(NfsStat4.NFS4_OK, null, null));
            }
        });
        return this;
    }

    private Behavior<Command> onUnlock(Unlock m) {
        OwnerKey who = ownerOf(m.lockStateid);
        if (who != null && busy.containsKey(who)) {
            defer(who, m);
            return this;
        }
        LockState ls = locksById.get(key(m.lockStateid.other()));
        int st = checkLock(ls, m.clientId, m.lockStateid);
        if (st != NfsStat4.NFS4_OK) {
            m.replyTo.tell(new StateReply(st, null));
            return this;
        }
        Long last = ByteRangeLocks.lastByte(m.offset, m.length);
        if (last == null) {
            m.replyTo.tell(new StateReply(NfsStat4.NFS4ERR_INVAL, null));
            return this;
        }
        // the back end holds what the table holds (in the ranges it can express): only a range
        // the owner holds something of needs it
        if (ls.backendUsed && m.offset >= 0 && ranges.holdsIn(ls.owner, m.offset, last) && ls.io.acquire()) {
            SharedIo io = ls.io;
            InFlight f = new InFlight(++tickets, ls, true, false, m.offset, last, null, null, m.replyTo);
            inFlight.put(f.ticket, f);
            busy.put(ls.owner, f);
            Filesystem.ByteRangeLocker locker = ls.backend.locker();
            long owner = ls.backendOwner;
            long offset = m.offset;
            long length = m.length;
            long ticket = f.ticket;
            runOnIo(ls.backend, io, ticket, () -> {
                locker.unlock(io.handle(), owner, offset, length);
                return new BackendDone(ticket, true, null, null);
            });
            return this;
        }
        ranges.unlock(ls.owner, m.offset, last);
        ls.seqid++;
        m.replyTo.tell(new StateReply(NfsStat4.NFS4_OK, ls.stateid()));
        return this;
    }

    private void finishUnlock(InFlight f, BackendDone d) {
        LockState ls = f.ls;
        if (f.cancelled || !locksById.containsKey(key(ls.other))) {
            f.unlockReply.tell(new StateReply(NfsStat4.NFS4ERR_BAD_STATEID, null));
            return;
        }
        if (d.error != null) {
            // the table keeps the range: the back end may still hold it
            getContext().getLog().warn("back-end unlock of {} on {} failed: {}", ls.owner, file, d.error.toString());
            f.unlockReply.tell(new StateReply(lockError(d.error), null));
            return;
        }
        ranges.unlock(ls.owner, f.first, f.last);
        ls.seqid++;
        f.unlockReply.tell(new StateReply(NfsStat4.NFS4_OK, ls.stateid()));
    }

    /**
     * The owner is done with the file: its back-end locks and resources are released on the I/O
     * pool, through the handle it locked through (queued now, so before a close of that handle
     * the caller queues later; if the handle is closing already, that drops its locks).
     */
    private void releaseBackend(LockState ls) {
        if (!ls.backendUsed || ls.io == null) {
            return;
        }
        ls.backendUsed = false;
        SharedIo io = ls.io;
        if (!io.acquire()) {
            return;
        }
        Filesystem.ByteRangeLocker locker = ls.backend.locker();
        long owner = ls.backendOwner;
        OwnerKey who = ls.owner;
        FileHandle f = io.handle().file();
        try {
            ls.backend.submit(f, () -> {
                try {
                    locker.release(io.handle(), owner);
                } catch (RuntimeException e) {
                    LOG.warn("releasing the back-end locks of {} on {} failed (closing the handle drops them): {}",
                            who, file, e.toString());
                } finally {
                    io.release();
                }
                return null;
            });
        } catch (RuntimeException e) {
            io.release();
            LOG.warn("could not queue the release of the back-end locks of {} on {}: {}", who, file, e.toString());
        }
    }

    /** The owner of a lock stateid this entity knows, or null. */
    private OwnerKey ownerOf(StateId lockStateid) {
        LockState ls = locksById.get(key(lockStateid.other()));
        return ls == null ? null : ls.owner;
    }

    private void defer(OwnerKey who, Command c) {
        deferred.computeIfAbsent(who, k -> new ArrayDeque<>()).add(c);
    }

    /** Takes up the owner's waiting requests, until one of them makes it busy again. */
    private void runDeferred(OwnerKey who) {
        ArrayDeque<Command> q = deferred.get(who);
        while (q != null && !q.isEmpty() && !busy.containsKey(who)) {
            Command c = q.poll();
            if (c instanceof Lock l) {
                onLock(l);
            } else if (c instanceof Unlock u) {
                onUnlock(u);
            }
        }
        if (q != null && q.isEmpty()) {
            deferred.remove(who);
        }
    }

    private static Denied denied(ByteRangeLocks.Lock c) {
        return new Denied(c.owner().clientId(), c.owner().owner(), c.write(), c.first(), c.length());
    }

    // ------------------------------------------------------------------ TEST_STATEID / FREE_STATEID

    private Behavior<Command> onTest(TestState m) {
        String k = key(m.stateid.other());
        DelegState d = delegations.get(k);
        if (d != null) {
            m.replyTo.tell(new Status(checkDelegation(d, m.clientId, m.stateid)));
            return this;
        }
        OpenState o = opensById.get(k);
        int st = o != null ? checkOpen(o, m.clientId, m.stateid) : checkLock(locksById.get(k), m.clientId, m.stateid);
        m.replyTo.tell(new Status(st));
        return this;
    }

    private Behavior<Command> onFree(FreeState m) {
        String k = key(m.stateid.other());
        DelegState d = delegations.get(k);
        if (d != null) {
            int st = d.clientId != m.clientId ? NfsStat4.NFS4ERR_BAD_STATEID
                    // a delegation in force is ended by DELEGRETURN; a revoked one is forgotten here
                    : !d.revoked ? NfsStat4.NFS4ERR_LOCKS_HELD : NfsStat4.NFS4_OK;
            if (st == NfsStat4.NFS4_OK) {
                delegations.remove(k);
                d.client.tell(new ClientActor.StateRemoved(d.clientId, d.other));
            }
            m.replyTo.tell(new Status(st));
            return this;
        }
        OpenState o = opensById.get(k);
        if (o != null) {
            int st = checkOpen(o, m.clientId, m.stateid);
            // an open is ended by CLOSE, not FREE_STATEID (§18.38.3)
            m.replyTo.tell(new Status(st == NfsStat4.NFS4_OK ? NfsStat4.NFS4ERR_LOCKS_HELD : st));
            return this;
        }
        LockState l = locksById.get(k);
        int st = checkLock(l, m.clientId, m.stateid);
        if (st == NfsStat4.NFS4_OK) {
            if (ranges.holdsAny(l.owner) || busy.containsKey(l.owner)) {
                st = NfsStat4.NFS4ERR_LOCKS_HELD;
            } else {
                locksById.remove(k);
                locksByOwner.remove(l.owner);
                releaseBackend(l);
                l.open.client.tell(new ClientActor.StateRemoved(m.clientId, l.other));
            }
        }
        m.replyTo.tell(new Status(st));
        return this;
    }

    private Behavior<Command> onReleaseClient(ReleaseClient m) {
        List<OpenState> gone = new ArrayList<>();
        for (OpenState o : opensById.values()) {
            if (o.owner.clientId() == m.clientId) {
                gone.add(o);
            }
        }
        gone.forEach(this::removeOpen);
        delegations.values().removeIf(d -> {
            if (d.clientId != m.clientId) {
                return false;
            }
            if (d.live()) {
                delegationCounts.ended(d.write);
            }
            return true;
        });
        ranges.releaseClient(m.clientId);
        locksById.values().removeIf(l -> l.owner.clientId() == m.clientId);
        locksByOwner.keySet().removeIf(k -> k.clientId() == m.clientId);
        return this;
    }

    // ------------------------------------------------------------------ stateid checks (§8.2)

    private static int checkOpen(OpenState o, long clientId, StateId given) {
        if (o == null || o.owner.clientId() != clientId) {
            return NfsStat4.NFS4ERR_BAD_STATEID;
        }
        return checkSeq(given.seqid(), o.seqid);
    }

    private static int checkLock(LockState l, long clientId, StateId given) {
        if (l == null || l.owner.clientId() != clientId) {
            return NfsStat4.NFS4ERR_BAD_STATEID;
        }
        return checkSeq(given.seqid(), l.seqid);
    }

    /** In NFSv4.1 a seqid of 0 means "the current one" (§8.2.2). */
    private static int checkSeq(int given, int current) {
        if (given == 0 || given == current) {
            return NfsStat4.NFS4_OK;
        }
        return Integer.compareUnsigned(given, current) > 0 ? NfsStat4.NFS4ERR_BAD_STATEID : NfsStat4.NFS4ERR_OLD_STATEID;
    }

    private byte[] newOther(long clientId) {
        return Ids.stateOther(clientId, serial, ++counter);
    }

    private static String key(byte[] other) {
        return java.util.HexFormat.of().formatHex(other);
    }
}
