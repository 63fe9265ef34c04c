package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.io.FakeIoHandle;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.actors.state.OpenFileActor.Denied;
import org.cephgw.actors.state.OpenFileActor.LockReply;
import org.cephgw.actors.state.OpenFileActor.StateReply;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LOCK, LOCKT, LOCKU and the release of lock state when the back end has a lock manager: the
 * {@link OpenFileActor} takes each lock in the back end too, on the I/O pool, without blocking.
 * The back end here is {@link FakeLocker}, a mock of the back end's lock manager (these unit tests
 * have no CephFS): its "foreign" locks stand in for locks held by another CephFS client (another
 * gateway node, a kernel client), and it records every call the gateway makes.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class BackendLocksTest {
    // one kit per test class (the immediate variant runs these tests again in a kit of its own)
    private final ActorTestKit kit = TestKits.create();
    private final IoPool pool = IoPool.spawn(kit.system(), 2);

    private static final long C1 = Ids.clientId(1, 9, 1);
    private static final long C2 = Ids.clientId(1, 9, 2);
    private static final FileKey FILE = new FileKey(1, new FileHandle(new byte[] {4, 5, 6}));
    private static final int R = OpenFiles.ACCESS_READ;
    private static final int RW = OpenFiles.ACCESS_READ | OpenFiles.ACCESS_WRITE;
    private static final long EOF = ByteRangeLocks.MAX;

    private ActorRef<OpenFiles.Command> openFiles;
    private TestProbe<ClientActor.Command> client1;
    private TestProbe<ClientActor.Command> client2;
    private FakeLocker locker;
    private LockBackend backend;

    @AfterAll
    void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        openFiles = kit.spawn(OpenFiles.create());
        client1 = kit.createTestProbe();
        client2 = kit.createTestProbe();
        locker = new FakeLocker(immediateLocker());
        backend = new LockBackend(locker, pool);
    }

    /** Whether the fake answers at once, as the local back end's fcntl does (calls made on the file's actor). */
    protected boolean immediateLocker() {
        return false;
    }

    @AfterEach
    void openGate() {
        locker.open(); // never leave an I/O worker waiting
    }

    // ------------------------------------------------------------------ the fake back end

    /**
     * A mock of the back end's lock manager. {@link #foreign} are locks of another client of the
     * back end (another CephFS client): they make {@code tryLock} fail and {@code test} report
     * them. The gateway's own owners never conflict here (the gateway's table decides between
     * them first). With {@link #hold()} every tryLock waits until {@link #open()}: a slow back end.
     */
    static final class FakeLocker implements Filesystem.ByteRangeLocker {
        record Call(String op, IoHandle io, long owner, boolean write, long offset, long length) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<Conflict> foreign = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);
        volatile RuntimeException failure;
        private final boolean immediate;

        FakeLocker(boolean immediate) {
            this.immediate = immediate;
        }

        @Override
        public boolean immediate() {
            return immediate;
        }

        /** A slow back end: only one that is not immediate may be (the file's actor would wait on it). */
        void hold() {
            org.junit.jupiter.api.Assumptions.assumeFalse(immediate, "an immediate back end is never slow");
            gate = new CountDownLatch(1);
        }

        void open() {
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
        }

        List<Call> calls(String op) {
            List<Call> out = new ArrayList<>();
            for (Call c : calls) {
                if (c.op.equals(op)) {
                    out.add(c);
                }
            }
            return out;
        }

        private Conflict conflict(boolean write, long offset, long length) {
            long last = length == -1 ? Long.MAX_VALUE : offset + length - 1;
            for (Conflict f : foreign) {
                long fLast = f.length() == -1 ? Long.MAX_VALUE : f.offset() + f.length() - 1;
                if ((write || f.write()) && f.offset() <= last && offset <= fLast) {
                    return f;
                }
            }
            return null;
        }

        @Override
        public boolean tryLock(IoHandle io, long owner, boolean write, long offset, long length) {
            calls.add(new Call("tryLock", io, owner, write, offset, length));
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return conflict(write, offset, length) == null;
        }

        @Override
        public void unlock(IoHandle io, long owner, long offset, long length) {
            calls.add(new Call("unlock", io, owner, false, offset, length));
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Conflict test(IoHandle io, long owner, boolean write, long offset, long length) {
            calls.add(new Call("test", io, owner, write, offset, length));
            return conflict(write, offset, length);
        }

        @Override
        public void release(IoHandle io, long owner) {
            calls.add(new Call("release", io, owner, false, 0, -1));
            if (((FakeIoHandle) io).isClosed()) {
                throw new AssertionError("release through a closed handle");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private TestProbe<ClientActor.Command> probe(long cid) {
        return cid == C1 ? client1 : client2;
    }

    private void tell(OpenFileActor.Command c) {
        openFiles.tell(new OpenFiles.Forward(FILE, c));
    }

    private SharedIo io(int mask) {
        return new SharedIo(new FakeIoHandle(FILE.handle(), mask), pool);
    }

    private StateId open(long cid, String owner, int access, SharedIo io) {
        TestProbe<OpenFileActor.OpenReply> p = kit.createTestProbe();
        tell(new OpenFileActor.Open(cid, probe(cid).ref(), b(owner), access, 0, io, p.ref()));
        OpenFileActor.OpenReply r = p.receiveMessage();
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        return r.stateid();
    }

    private TestProbe<LockReply> sendLockNew(long cid, StateId open, String lockOwner, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(new OpenFileActor.Lock(cid, probe(cid).ref(), open, b(lockOwner), null, write, off, len, backend, p.ref()));
        return p;
    }

    private LockReply lockNew(long cid, StateId open, String lockOwner, boolean write, long off, long len) {
        return sendLockNew(cid, open, lockOwner, write, off, len).receiveMessage();
    }

    private TestProbe<LockReply> sendLockMore(long cid, StateId lock, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(new OpenFileActor.Lock(cid, probe(cid).ref(), null, null, lock, write, off, len, backend, p.ref()));
        return p;
    }

    private LockReply lockMore(long cid, StateId lock, boolean write, long off, long len) {
        return sendLockMore(cid, lock, write, off, len).receiveMessage();
    }

    private LockReply lockt(long cid, String owner, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(new OpenFileActor.LockTest(cid, b(owner), write, off, len, backend, p.ref()));
        return p.receiveMessage();
    }

    private StateReply locku(long cid, StateId lock, long off, long len) {
        TestProbe<StateReply> p = kit.createTestProbe();
        tell(new OpenFileActor.Unlock(cid, lock, off, len, p.ref()));
        return p.receiveMessage();
    }

    private StateReply close(long cid, StateId open) {
        TestProbe<StateReply> p = kit.createTestProbe();
        tell(new OpenFileActor.Close(cid, open, p.ref()));
        return p.receiveMessage();
    }

    private int free(long cid, StateId sid) {
        TestProbe<Status> p = kit.createTestProbe();
        tell(new OpenFileActor.FreeState(cid, sid, p.ref()));
        return p.receiveMessage().status();
    }

    private int testState(long cid, StateId sid) {
        TestProbe<Status> p = kit.createTestProbe();
        tell(new OpenFileActor.TestState(cid, sid, p.ref()));
        return p.receiveMessage().status();
    }

    private static void assertDenied(Denied d, long cid, String owner, boolean write, long off, long len) {
        assertThat(d).isNotNull();
        assertThat(d.clientId()).isEqualTo(cid);
        assertThat(new String(d.owner(), StandardCharsets.UTF_8)).isEqualTo(owner);
        assertThat(d.write()).isEqualTo(write);
        assertThat(d.offset()).isEqualTo(off);
        assertThat(d.length()).isEqualTo(len);
    }

    /** Waits until every call already queued on the file's I/O worker has run. */
    private void drainIo(SharedIo io) throws Exception {
        ((FakeIoHandle) io.handle()).awaitQueued(pool);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aLockHeldByAnotherClientOfTheBackEndIsDeniedAndNothingIsRecorded() throws Exception {
        locker.foreign.add(new Filesystem.ByteRangeLocker.Conflict(true, 0, 100));
        SharedIo io = io(Access.READ | Access.WRITE);
        StateId o = open(C1, "o", RW, io);
        client1.receiveMessage(); // StateAdded of the open
        LockReply r = lockNew(C1, o, "lo", false, 50, 10);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        assertThat(r.stateid()).isNull();
        assertDenied(r.denied(), OpenFileActor.BACKEND_CLIENT, OpenFileActor.BACKEND_OWNER, true, 0, 100);
        assertThat(locker.calls("tryLock")).hasSize(1);
        // nothing recorded: no lock stateid reported, no lock in the gateway's table, CLOSE is fine
        client1.expectNoMessage(Duration.ofMillis(100));
        locker.foreign.clear();
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(new OpenFileActor.LockTest(C2, b("x"), true, 0, EOF, p.ref())); // the gateway's table only
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(close(C1, o).status()).isEqualTo(NfsStat4.NFS4_OK);
        // the refused owner's back-end state went with its open
        drainIo(io);
        assertThat(locker.calls("release")).hasSize(1);
        assertThat(((FakeIoHandle) io.handle()).awaitClose(3000)).isTrue();
    }

    @Test
    void aGrantedLockIsRecordedAndTakenThroughTheOpensHandleUnderAStableOwnerId() {
        SharedIo io1 = io(Access.READ | Access.WRITE);
        SharedIo io2 = io(Access.READ | Access.WRITE);
        StateId o1 = open(C1, "o1", RW, io1);
        StateId o2 = open(C2, "o2", RW, io2);
        LockReply first = lockNew(C1, o1, "lo1", true, 0, 10);
        assertThat(first.status()).isEqualTo(NfsStat4.NFS4_OK);
        LockReply second = lockMore(C1, first.stateid(), false, 20, EOF);
        assertThat(second.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(second.stateid().seqid()).isEqualTo(2);
        LockReply other = lockNew(C1, o1, "lo2", false, 100, 1);
        LockReply ofC2 = lockNew(C2, o2, "lo1", false, 200, 1);
        assertThat(other.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(ofC2.status()).isEqualTo(NfsStat4.NFS4_OK);

        List<FakeLocker.Call> t = locker.calls("tryLock");
        assertThat(t).hasSize(4);
        assertThat(t.get(0)).isEqualTo(new FakeLocker.Call("tryLock", io1.handle(), t.get(0).owner(), true, 0, 10));
        assertThat(t.get(1)).isEqualTo(new FakeLocker.Call("tryLock", io1.handle(), t.get(0).owner(), false, 20, EOF));
        assertThat(t.get(0).owner()).as("not nobody's id").isNotZero();
        // another lock-owner of the same open: same handle, another id; another client's: its own open's handle
        assertThat(t.get(2).io()).isSameAs(io1.handle());
        assertThat(t.get(2).owner()).isNotEqualTo(t.get(0).owner());
        assertThat(t.get(3).io()).isSameAs(io2.handle());
        assertThat(t.get(3).owner()).isNotIn(t.get(0).owner(), t.get(2).owner());
        // recorded in the gateway's table: a conflict names the NFS owner, without asking the back end
        int before = locker.calls.size();
        LockReply d = lockNew(C2, o2, "lo1", true, 5, 1);
        assertDenied(d.denied(), C1, "lo1", true, 0, 10);
        assertThat(locker.calls).hasSize(before);
        assertThat(testState(C1, second.stateid())).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void unlockGoesToTheBackEndFirstThenTheTable() {
        SharedIo io = io(Access.READ | Access.WRITE);
        StateId o = open(C1, "o", RW, io);
        StateId l = lockNew(C1, o, "lo", true, 0, 100).stateid();
        long id = locker.calls("tryLock").get(0).owner();
        StateReply u = locku(C1, l, 40, 10);
        assertThat(u.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(u.stateid().seqid()).isEqualTo(2);
        assertThat(locker.calls("unlock")).containsExactly(new FakeLocker.Call("unlock", io.handle(), id, false, 40, 10));
        assertThat(lockt(C2, "x", true, 45, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(lockt(C2, "x", true, 39, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        // a range it holds nothing of needs no back-end call
        assertThat(locku(C1, u.stateid(), 200, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(locker.calls("unlock")).hasSize(1);
        // a failing back-end unlock keeps the range in the table
        locker.failure = new FsException(FsError.IO, "injected");
        StateReply failed = locku(C1, seq(u.stateid(), 0), 0, EOF);
        assertThat(failed.status()).isEqualTo(NfsStat4.NFS4ERR_IO);
        assertThat(lockt(C2, "x", false, 0, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
    }

    @Test
    void closeReleasesTheOwnersBackEndLocksBeforeTheHandleCloses() throws Exception {
        SharedIo io = io(Access.READ | Access.WRITE);
        FakeIoHandle fake = (FakeIoHandle) io.handle();
        List<String> order = new CopyOnWriteArrayList<>();
        fake.onClose(() -> order.add("close after " + locker.calls("release").size() + " release(s)"));
        StateId o = open(C1, "o", RW, io);
        StateId l = lockNew(C1, o, "lo", true, 0, 10).stateid();
        long id = locker.calls("tryLock").get(0).owner();
        assertThat(close(C1, o).status()).isEqualTo(NfsStat4.NFS4ERR_LOCKS_HELD);
        l = locku(C1, l, 0, EOF).stateid();
        assertThat(close(C1, o).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(fake.awaitClose(3000)).isTrue();
        assertThat(locker.calls("release")).containsExactly(new FakeLocker.Call("release", io.handle(), id, false, 0, -1));
        assertThat(order).containsExactly("close after 1 release(s)");
    }

    @Test
    void freeStateidReleasesTheOwnersBackEndState() throws Exception {
        SharedIo io = io(Access.READ | Access.WRITE);
        StateId o = open(C1, "o", RW, io);
        StateId l = lockNew(C1, o, "lo", true, 0, 10).stateid();
        l = locku(C1, l, 0, 10).stateid();
        assertThat(free(C1, l)).isEqualTo(NfsStat4.NFS4_OK);
        drainIo(io);
        assertThat(locker.calls("release")).hasSize(1);
        assertThat(((FakeIoHandle) io.handle()).isClosed()).as("the open still uses the handle").isFalse();
        // the lock-owner starts afresh: a new back-end id
        assertThat(lockNew(C1, o, "lo", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        List<FakeLocker.Call> t = locker.calls("tryLock");
        assertThat(t.get(1).owner()).isNotEqualTo(t.get(0).owner());
    }

    @Test
    void leaseExpiryReleasesTheBackEndLocksOfThatClientOnly() throws Exception {
        SharedIo io1 = io(Access.READ | Access.WRITE);
        SharedIo io2 = io(Access.READ | Access.WRITE);
        FakeIoHandle fake1 = (FakeIoHandle) io1.handle();
        List<Long> releasedBeforeClose = new CopyOnWriteArrayList<>();
        fake1.onClose(() -> locker.calls("release").forEach(c -> releasedBeforeClose.add(c.owner())));
        StateId o1 = open(C1, "o1", RW, io1);
        StateId o2 = open(C2, "o2", RW, io2);
        lockNew(C1, o1, "a", true, 0, 10);
        lockNew(C1, o1, "b", false, 20, 10);
        lockNew(C2, o2, "c", false, 20, 10);
        List<FakeLocker.Call> t = locker.calls("tryLock");
        openFiles.tell(new OpenFiles.ReleaseClient(FILE, C1));
        assertThat(fake1.awaitClose(3000)).isTrue();
        assertThat(releasedBeforeClose).containsExactlyInAnyOrder(t.get(0).owner(), t.get(1).owner());
        assertThat(locker.calls("release")).allSatisfy(c -> assertThat(c.io()).isSameAs(io1.handle()));
        // the other client's lock stays, the expired client's ranges are free
        assertThat(lockNew(C2, o2, "c", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(((FakeIoHandle) io2.handle()).isClosed()).isFalse();
    }

    @Test
    void twoClientsRacingForOneRangeWhileTheBackEndIsSlowOnlyOneWins() throws Exception {
        SharedIo io1 = io(Access.READ | Access.WRITE);
        SharedIo io2 = io(Access.READ | Access.WRITE);
        StateId o1 = open(C1, "o1", RW, io1);
        StateId o2 = open(C2, "o2", RW, io2);
        locker.hold();
        TestProbe<LockReply> first = sendLockNew(C1, o1, "lo", true, 0, 100);
        assertThat(locker.entered.await(3, TimeUnit.SECONDS)).as("the first LOCK reached the back end").isTrue();
        // the reservation counts as held: the second is refused at once, naming the first
        LockReply second = lockNew(C2, o2, "lo", false, 50, 1);
        assertThat(second.status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        assertDenied(second.denied(), C1, "lo", true, 0, 100);
        assertThat(lockt(C2, "lo", false, 99, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        // a non-conflicting lock of another owner goes on meanwhile (to the back end, which holds it too)
        TestProbe<LockReply> elsewhere = sendLockNew(C2, o2, "lo", false, 500, 1);
        // the same owner's next request waits for its turn
        TestProbe<LockReply> sameOwner = sendLockNew(C1, o1, "lo", true, 100, 1);
        first.expectNoMessage(Duration.ofMillis(100));
        sameOwner.expectNoMessage(Duration.ZERO);
        locker.open();
        LockReply won = first.receiveMessage();
        assertThat(won.status()).isEqualTo(NfsStat4.NFS4_OK);
        LockReply next = sameOwner.receiveMessage();
        assertThat(next.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(next.stateid().other()).isEqualTo(won.stateid().other());
        assertThat(next.stateid().seqid()).isEqualTo(2);
        assertThat(elsewhere.receiveMessage().status()).isEqualTo(NfsStat4.NFS4_OK);
        // the loser never reached the back end
        assertThat(locker.calls("tryLock")).noneSatisfy(c -> assertThat(c.offset()).isEqualTo(50));
        assertThat(lockNew(C2, o2, "lo", false, 50, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
    }

    @Test
    void aReservationTheBackEndRefusesIsFreedForTheNext() throws Exception {
        SharedIo io1 = io(Access.READ | Access.WRITE);
        SharedIo io2 = io(Access.READ | Access.WRITE);
        StateId o1 = open(C1, "o1", RW, io1);
        StateId o2 = open(C2, "o2", RW, io2);
        locker.foreign.add(new Filesystem.ByteRangeLocker.Conflict(false, 0, 1));
        locker.hold();
        TestProbe<LockReply> first = sendLockNew(C1, o1, "lo", true, 0, 100);
        assertThat(locker.entered.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(lockNew(C2, o2, "lo", true, 10, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        locker.open();
        LockReply refused = first.receiveMessage();
        assertDenied(refused.denied(), OpenFileActor.BACKEND_CLIENT, OpenFileActor.BACKEND_OWNER, false, 0, 1);
        assertThat(lockNew(C2, o2, "lo", true, 10, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void theClientGoingAwayWhileTheBackEndDecidesRecordsNothing() throws Exception {
        SharedIo io = io(Access.READ | Access.WRITE);
        FakeIoHandle fake = (FakeIoHandle) io.handle();
        StateId o = open(C1, "o", RW, io);
        locker.hold();
        TestProbe<LockReply> pending = sendLockNew(C1, o, "lo", true, 0, 100);
        assertThat(locker.entered.await(3, TimeUnit.SECONDS)).isTrue();
        openFiles.tell(new OpenFiles.ReleaseClient(FILE, C1));
        // (taken up by the entity after the release: the same path)
        assertThat(testState(C1, o)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        locker.open();
        assertThat(pending.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        // the back end granted it, then the release queued at expiry ran, then the handle closed
        assertThat(fake.awaitClose(3000)).isTrue();
        assertThat(locker.calls.stream().map(FakeLocker.Call::op).toList()).containsExactly("tryLock", "release");
        SharedIo io2 = io(Access.READ | Access.WRITE);
        StateId o2 = open(C2, "o2", RW, io2);
        assertThat(lockNew(C2, o2, "lo", true, 0, 100).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void locktAsksTheBackEndAfterTheTable() {
        SharedIo io = io(Access.READ | Access.WRITE);
        // no open handle at all: the caller must ask the back end itself
        LockReply none = lockt(C2, "x", true, 0, EOF);
        assertThat(none.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(none.backendUnchecked()).isTrue();
        StateId o = open(C1, "o", RW, io);
        StateId l = lockNew(C1, o, "lo", true, 0, 10).stateid();
        long id = locker.calls("tryLock").get(0).owner();
        locker.foreign.add(new Filesystem.ByteRangeLocker.Conflict(false, 1000, EOF));
        // the gateway's own holder first, named
        assertDenied(lockt(C2, "x", false, 5, 1).denied(), C1, "lo", true, 0, 10);
        // then the back end, through any handle as nobody (id 0)
        LockReply foreign = lockt(C2, "x", true, 2000, 1);
        assertDenied(foreign.denied(), OpenFileActor.BACKEND_CLIENT, OpenFileActor.BACKEND_OWNER, false, 1000, EOF);
        assertThat(lastTest()).isEqualTo(new FakeLocker.Call("test", io.handle(), 0, true, 2000, 1));
        // an owner with locks here asks as itself (its own locks do not count)
        assertThat(lockt(C1, "lo", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(lastTest()).isEqualTo(new FakeLocker.Call("test", io.handle(), id, true, 0, 10));
        assertThat(lockt(C2, "x", false, 2000, 1).status()).as("read locks share").isEqualTo(NfsStat4.NFS4_OK);
        assertThat(locku(C1, l, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void rangesBeyond2To63AreTheGatewaysAloneAndErrorsRecordNothing() {
        SharedIo io = io(Access.READ | Access.WRITE);
        StateId o = open(C1, "o", RW, io);
        LockReply high = lockNew(C1, o, "lo", true, 1L << 63, 10);
        assertThat(high.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(locker.calls).isEmpty();
        assertThat(locku(C1, high.stateid(), 1L << 63, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(locker.calls).isEmpty();
        locker.failure = new FsException(FsError.IO, "injected");
        assertThat(lockMore(C1, seq(high.stateid(), 0), true, 0, 10).status()).isEqualTo(NfsStat4.NFS4ERR_IO);
        locker.failure = null;
        assertThat(lockt(C2, "x", true, 0, 10).status()).as("nothing recorded").isEqualTo(NfsStat4.NFS4_OK);
        // a lock type the back end's descriptor cannot take (local back end: EBADF) is OPENMODE
        locker.failure = new FsException(FsError.ACCES, "injected");
        assertThat(lockMore(C1, seq(high.stateid(), 0), true, 0, 10).status()).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
    }

    @Test
    void aWriteLockMovesAnOwnerWithoutLocksToAWritableHandle() throws Exception {
        SharedIo ro = io(Access.READ);
        StateId o = open(C1, "o", R, ro);
        StateId l = lockNew(C1, o, "lo", false, 0, 10).stateid();
        long firstId = locker.calls("tryLock").get(0).owner();
        assertThat(locker.calls("tryLock").get(0).io()).isSameAs(ro.handle());
        // the open is upgraded with a handle that can write
        SharedIo rw = io(Access.READ | Access.WRITE);
        assertThat(open(C1, "o", RW, rw).other()).isEqualTo(o.other());
        // while it holds a read lock through the read-only handle, it stays there
        l = lockMore(C1, l, true, 20, 10).stateid();
        assertThat(locker.calls("tryLock").get(1).io()).isSameAs(ro.handle());
        assertThat(locker.calls("tryLock").get(1).owner()).isEqualTo(firstId);
        l = locku(C1, l, 0, EOF).stateid();
        // holding nothing, a write lock moves it (under a new id; the old one is released)
        assertThat(lockMore(C1, l, true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        FakeLocker.Call moved = locker.calls("tryLock").get(2);
        assertThat(moved.io()).isSameAs(rw.handle());
        assertThat(moved.owner()).isNotEqualTo(firstId);
        drainIo(ro);
        assertThat(locker.calls("release")).containsExactly(new FakeLocker.Call("release", ro.handle(), firstId, false, 0, -1));
    }

    private FakeLocker.Call lastTest() {
        List<FakeLocker.Call> t = locker.calls("test");
        assertThat(t).isNotEmpty();
        return t.get(t.size() - 1);
    }

    private static StateId seq(StateId s, int seqid) {
        return new StateId(seqid, s.other());
    }
}
