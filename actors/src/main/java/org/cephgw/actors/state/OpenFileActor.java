package org.cephgw.actors.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * All NFSv4 state of one file: the share reservations and open stateids of every open-owner,
 * the lock stateids of every lock-owner and their byte-range locks. One entity per file for the
 * whole head (and, with sharding, the whole cluster), so reservations of different clients are
 * checked against each other in one place. Holds the back-end handles of its opens.
 */
public final class OpenFileActor extends AbstractBehavior<OpenFileActor.Command> {

    public sealed interface Command {
    }

    /**
     * OPEN by an open-owner: a new open or an upgrade of the owner's existing one. {@code io} is
     * the back-end handle opened for this request (kept when the open succeeds).
     */
    public record Open(long clientId, ActorRef<ClientActor.Command> client, byte[] owner, int access, int deny,
                       SharedIo io, ActorRef<OpenReply> replyTo) implements Command {
    }

    /** {@code ioKept}: the entity took over the handle of the request (else the caller retires it). */
    public record OpenReply(int status, StateId stateid, boolean ioKept) {
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
                       StateId lockStateid, boolean write, long offset, long length,
                       ActorRef<LockReply> replyTo) implements Command {
    }

    public record LockReply(int status, StateId stateid, Denied denied) {
    }

    /** The lock that stands in the way (LOCK4denied). */
    public record Denied(long clientId, byte[] owner, boolean write, long offset, long length) {
    }

    public record LockTest(long clientId, byte[] lockOwner, boolean write, long offset, long length,
                           ActorRef<LockReply> replyTo) implements Command {
    }

    public record Unlock(long clientId, StateId lockStateid, long offset, long length, ActorRef<StateReply> replyTo)
            implements Command {
    }

    public record FreeState(long clientId, StateId stateid, ActorRef<Status> replyTo) implements Command {
    }

    public record TestState(long clientId, StateId stateid, ActorRef<Status> replyTo) implements Command {
    }

    /** The client is gone (lease expired, destroyed, replaced): drop all its state here. */
    public record ReleaseClient(long clientId) implements Command {
    }

    private static final class OpenState {
        final byte[] other;
        final OwnerKey owner;
        final ActorRef<ClientActor.Command> client;
        int seqid = 1;
        int access;
        int deny;
        /** every access and deny value the owner's OPENs used: OPEN_DOWNGRADE may only return to these */
        int accessSeen;
        int denySeen;
        final List<SharedIo> ios = new ArrayList<>();

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
    private final Map<String, OpenState> opensById = new HashMap<>();
    private final Map<OwnerKey, OpenState> opensByOwner = new HashMap<>();
    private final Map<String, LockState> locksById = new HashMap<>();
    private final Map<OwnerKey, LockState> locksByOwner = new HashMap<>();
    private final ByteRangeLocks ranges = new ByteRangeLocks();
    private int counter;
    private int processed;

    public static Behavior<Command> create(FileKey file, int serial, ActorRef<OpenFiles.Command> parent) {
        return Behaviors.setup(ctx -> new OpenFileActor(ctx, file, serial, parent));
    }

    private OpenFileActor(ActorContext<Command> ctx, FileKey file, int serial, ActorRef<OpenFiles.Command> parent) {
        super(ctx);
        this.file = file;
        this.serial = serial;
        this.parent = parent;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
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
                .build();
    }

    /** Every command came through the parent; say when idle so it can passivate us. */
    private Behavior<Command> done(Behavior<Command> b) {
        processed++;
        if (opensById.isEmpty() && locksById.isEmpty()) {
            parent.tell(new OpenFiles.Idle(file, getContext().getSelf(), processed));
        }
        return b;
    }

    // ------------------------------------------------------------------ OPEN / OPEN_DOWNGRADE / CLOSE

    private Behavior<Command> onOpen(Open m) {
        OwnerKey owner = new OwnerKey(m.clientId, m.owner);
        for (OpenState o : opensById.values()) {
            if (!o.owner.equals(owner) && ((m.access & o.deny) != 0 || (m.deny & o.access) != 0)) {
                m.replyTo.tell(new OpenReply(NfsStat4.NFS4ERR_SHARE_DENIED, null, false));
                return this;
            }
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
        m.replyTo.tell(new OpenReply(NfsStat4.NFS4_OK, o.stateid(), kept));
        return this;
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
        for (LockState l : locksById.values()) {
            if (l.open == o && ranges.holdsAny(l.owner)) {
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
        for (Iterator<LockState> it = locksById.values().iterator(); it.hasNext(); ) {
            LockState l = it.next();
            if (l.open == o) {
                ranges.releaseOwner(l.owner);
                locksByOwner.remove(l.owner);
                it.remove();
                o.client.tell(new ClientActor.StateRemoved(o.owner.clientId(), l.other));
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
            // I/O without state must still respect other clients' deny modes
            if (!m.stateid.isBypass()) {
                int need = m.write ? OpenFiles.ACCESS_WRITE : OpenFiles.ACCESS_READ;
                for (OpenState o : opensById.values()) {
                    if ((o.deny & need) != 0) {
                        m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_LOCKED, null));
                        return this;
                    }
                }
            }
            m.replyTo.tell(new IoGrant(NfsStat4.NFS4_OK, null));
            return this;
        }
        String k = key(m.stateid.other());
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
        int want = m.write ? Filesystem.Access.WRITE : Filesystem.Access.READ;
        for (SharedIo io : o.ios) {
            if ((io.handle().accessMask() & want) != 0 && io.acquire()) {
                m.replyTo.tell(new IoGrant(NfsStat4.NFS4_OK, io));
                return this;
            }
        }
        m.replyTo.tell(new IoGrant(NfsStat4.NFS4ERR_OPENMODE, null));
        return this;
    }

    // ------------------------------------------------------------------ byte-range locks

    private Behavior<Command> onLock(Lock m) {
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
            }
        }
        // a write lock needs the file open for writing (RFC 8881 §18.10.3)
        if (m.write && (ls.open.access & OpenFiles.ACCESS_WRITE) == 0) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_OPENMODE, null, null));
            return this;
        }
        ByteRangeLocks.Lock c = ranges.lock(ls.owner, m.write, m.offset, last);
        if (c != null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_DENIED, null, denied(c)));
            return this;
        }
        if (!locksById.containsKey(key(ls.other))) {
            locksById.put(key(ls.other), ls);
            locksByOwner.put(ls.owner, ls);
            m.client.tell(new ClientActor.StateAdded(m.clientId, ls.other, file, true));
        } else {
            ls.seqid++;
        }
        m.replyTo.tell(new LockReply(NfsStat4.NFS4_OK, ls.stateid(), null));
        return this;
    }

    private Behavior<Command> onLockTest(LockTest m) {
        Long last = ByteRangeLocks.lastByte(m.offset, m.length);
        if (last == null) {
            m.replyTo.tell(new LockReply(NfsStat4.NFS4ERR_INVAL, null, null));
            return this;
        }
        ByteRangeLocks.Lock c = ranges.conflict(new OwnerKey(m.clientId, m.lockOwner), m.write, m.offset, last);
        m.replyTo.tell(c == null ? new LockReply(NfsStat4.NFS4_OK, null, null)
                : new LockReply(NfsStat4.NFS4ERR_DENIED, null, denied(c)));
        return this;
    }

    private Behavior<Command> onUnlock(Unlock m) {
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
        ranges.unlock(ls.owner, m.offset, last);
        ls.seqid++;
        m.replyTo.tell(new StateReply(NfsStat4.NFS4_OK, ls.stateid()));
        return this;
    }

    private static Denied denied(ByteRangeLocks.Lock c) {
        return new Denied(c.owner().clientId(), c.owner().owner(), c.write(), c.first(), c.length());
    }

    // ------------------------------------------------------------------ TEST_STATEID / FREE_STATEID

    private Behavior<Command> onTest(TestState m) {
        String k = key(m.stateid.other());
        OpenState o = opensById.get(k);
        int st = o != null ? checkOpen(o, m.clientId, m.stateid) : checkLock(locksById.get(k), m.clientId, m.stateid);
        m.replyTo.tell(new Status(st));
        return this;
    }

    private Behavior<Command> onFree(FreeState m) {
        String k = key(m.stateid.other());
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
            if (ranges.holdsAny(l.owner)) {
                st = NfsStat4.NFS4ERR_LOCKS_HELD;
            } else {
                locksById.remove(k);
                locksByOwner.remove(l.owner);
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
