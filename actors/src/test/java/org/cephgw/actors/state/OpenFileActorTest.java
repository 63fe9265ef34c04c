package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.io.FakeIoHandle;
import org.cephgw.actors.io.IoPool;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.actors.state.OpenFileActor.Denied;
import org.cephgw.actors.state.OpenFileActor.IoGrant;
import org.cephgw.actors.state.OpenFileActor.LockReply;
import org.cephgw.actors.state.OpenFileActor.OpenReply;
import org.cephgw.actors.state.OpenFileActor.StateReply;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Share reservations, stateids and byte-range locks of one file, through {@link OpenFiles}. */
class OpenFileActorTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final IoPool pool = IoPool.spawn(kit.system(), 2);

    private static final long C1 = Ids.clientId(1, 5, 1);
    private static final long C2 = Ids.clientId(1, 5, 2);
    private static final FileKey FILE = new FileKey(1, new FileHandle(new byte[] {1, 2, 3}));
    private static final FileKey OTHER_FILE = new FileKey(1, new FileHandle(new byte[] {7, 7}));

    private static final int R = OpenFiles.ACCESS_READ;
    private static final int W = OpenFiles.ACCESS_WRITE;
    private static final int RW = R | W;
    private static final int NONE = 0;
    private static final long EOF = ByteRangeLocks.MAX;

    private static final StateId ANONYMOUS = new StateId(0, new byte[12]);
    private static final StateId BYPASS = new StateId(-1, filled(12, (byte) -1));

    private ActorRef<OpenFiles.Command> openFiles;
    private IoViews views;
    private TestProbe<ClientActor.Command> client1;
    private TestProbe<ClientActor.Command> client2;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        views = new IoViews();
        openFiles = kit.spawn(OpenFiles.create(Duration.ofSeconds(60), new DelegationCounts(), views));
        client1 = kit.createTestProbe();
        client2 = kit.createTestProbe();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private TestProbe<ClientActor.Command> probe(long clientId) {
        return clientId == C1 ? client1 : client2;
    }

    private void tell(FileKey file, OpenFileActor.Command c) {
        openFiles.tell(new OpenFiles.Forward(file, c));
    }

    private OpenReply open(long cid, String owner, int access, int deny, SharedIo io) {
        return open(FILE, cid, owner, access, deny, io);
    }

    private OpenReply open(FileKey file, long cid, String owner, int access, int deny, SharedIo io) {
        TestProbe<OpenReply> p = kit.createTestProbe();
        tell(file, new OpenFileActor.Open(cid, probe(cid).ref(), b(owner), access, deny, io, p.ref()));
        return p.receiveMessage();
    }

    private StateId opened(long cid, String owner, int access, int deny) {
        OpenReply r = open(cid, owner, access, deny, null);
        assertThat(r.status()).as("open by %s", owner).isEqualTo(NfsStat4.NFS4_OK);
        return r.stateid();
    }

    private StateReply downgrade(long cid, StateId sid, int access, int deny) {
        TestProbe<StateReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.OpenDowngrade(cid, sid, access, deny, p.ref()));
        return p.receiveMessage();
    }

    private StateReply close(long cid, StateId sid) {
        TestProbe<StateReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.Close(cid, sid, p.ref()));
        return p.receiveMessage();
    }

    private IoGrant use(FileKey file, long cid, StateId sid, boolean write) {
        TestProbe<IoGrant> p = kit.createTestProbe();
        tell(file, new OpenFileActor.UseForIo(cid, sid, write, p.ref()));
        return p.receiveMessage();
    }

    private IoGrant use(long cid, StateId sid, boolean write) {
        return use(FILE, cid, sid, write);
    }

    private LockReply lockNew(long cid, StateId open, String lockOwner, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.Lock(cid, probe(cid).ref(), open, b(lockOwner), null, write, off, len, p.ref()));
        return p.receiveMessage();
    }

    private LockReply lockMore(long cid, StateId lock, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.Lock(cid, probe(cid).ref(), null, null, lock, write, off, len, p.ref()));
        return p.receiveMessage();
    }

    private LockReply lockt(long cid, String owner, boolean write, long off, long len) {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.LockTest(cid, b(owner), write, off, len, p.ref()));
        return p.receiveMessage();
    }

    private StateReply locku(long cid, StateId lock, long off, long len) {
        TestProbe<StateReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.Unlock(cid, lock, off, len, p.ref()));
        return p.receiveMessage();
    }

    private int free(long cid, StateId sid) {
        TestProbe<Status> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.FreeState(cid, sid, p.ref()));
        return p.receiveMessage().status();
    }

    private int test(long cid, StateId sid) {
        TestProbe<Status> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.TestState(cid, sid, p.ref()));
        return p.receiveMessage().status();
    }

    private int entities() {
        TestProbe<Integer> p = kit.createTestProbe();
        openFiles.tell(new OpenFiles.Count(p.ref()));
        return p.receiveMessage();
    }

    private static StateId seq(StateId s, int seqid) {
        return new StateId(seqid, s.other());
    }

    private static SharedIo io(int mask) {
        return new SharedIo(new FakeIoHandle(FILE.handle(), mask), pool);
    }

    private static void assertAdded(ClientActor.Command m, long cid, StateId sid) {
        assertThat(m).isInstanceOf(ClientActor.StateAdded.class);
        ClientActor.StateAdded a = (ClientActor.StateAdded) m;
        assertThat(a.clientId()).isEqualTo(cid);
        assertThat(a.other()).isEqualTo(sid.other());
        assertThat(a.file()).isEqualTo(FILE);
    }

    private static void assertRemoved(ClientActor.Command m, long cid, StateId sid) {
        assertThat(m).isInstanceOf(ClientActor.StateRemoved.class);
        ClientActor.StateRemoved r = (ClientActor.StateRemoved) m;
        assertThat(r.clientId()).isEqualTo(cid);
        assertThat(r.other()).isEqualTo(sid.other());
    }

    // ------------------------------------------------------------------ I/O without asking the actor

    @Test
    void ioFindsAnOpenWithoutAskingItsActorAndOnlyWhereTheActorWouldGrantIt() {
        SharedIo rw = io(RW);
        StateId first = open(C1, "o-view", RW, NONE, rw).stateid();
        SharedIo g = views.grant(FILE, C1, first, true);
        assertThat(g).isSameAs(rw);
        g.release();
        // another OPEN by the owner: the new seqid and "the current one" (0) are granted, the old is the actor's to refuse
        StateId sid = opened(C1, "o-view", R, NONE);
        g = views.grant(FILE, C1, seq(sid, 0), false);
        assertThat(g).isSameAs(rw);
        g.release();
        assertThat(views.grant(FILE, C1, first, false)).isNull();
        assertThat(use(C1, first, false).status()).isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        // another client's use of the stateid, a seqid from the future, the special stateids: never here
        assertThat(views.grant(FILE, C2, sid, false)).isNull();
        assertThat(views.grant(FILE, C1, seq(sid, sid.seqid() + 1), false)).isNull();
        assertThat(views.grant(FILE, C1, ANONYMOUS, false)).isNull();
        assertThat(views.grant(FILE, C1, BYPASS, false)).isNull();
        // downgraded to reading: a WRITE is refused by the actor, not granted here
        StateReply down = downgrade(C1, sid, R, NONE);
        assertThat(down.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(views.grant(FILE, C1, down.stateid(), true)).isNull();
        assertThat(use(C1, down.stateid(), true).status()).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
        g = views.grant(FILE, C1, down.stateid(), false);
        assertThat(g).isSameAs(rw);
        g.release();
        // closed: gone here, and the actor says why
        assertThat(close(C1, down.stateid()).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(views.grant(FILE, C1, seq(down.stateid(), 0), false)).isNull();
        assertThat(use(C1, seq(down.stateid(), 0), false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void aFileWhoseEntityStoppedHasNoOpensForIo() {
        StateId sid = open(C1, "o-gone", R, NONE, io(R)).stateid();
        assertThat(close(C1, sid).status()).isEqualTo(NfsStat4.NFS4_OK);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> entities() == 0);
        assertThat(views.grant(FILE, C1, seq(sid, 0), false)).isNull();
    }

    // ------------------------------------------------------------------ share reservations

    @Test
    void aFailedEntityLosesItsStateButTheFileServesAgainAtOnce() {
        StateId sid = opened(C1, "o1", RW, W);
        assertThat(lockNew(C1, sid, "l1", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(open(C2, "o2", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);

        tell(FILE, new OpenFileActor.Fail("test"));
        // the holder hears that its open is gone (its lock too), as from any removal
        java.util.Set<String> removed = new java.util.HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (removed.size() < 2 && System.nanoTime() < deadline) {
            // StateAdded of the open and the lock come first
            if (client1.receiveMessage(Duration.ofSeconds(5)) instanceof ClientActor.StateRemoved r) {
                removed.add(java.util.HexFormat.of().formatHex(r.other()));
            }
        }
        assertThat(removed).contains(java.util.HexFormat.of().formatHex(sid.other()));
        // OpenFiles forgets the failed entity (until it hears of its end, a request may still go
        // there and get no answer: one timeout, not one per request for ever)
        TestProbe<Integer> count = kit.createTestProbe();
        count.awaitAssert(Duration.ofSeconds(5), () -> {
            openFiles.tell(new OpenFiles.Count(count.ref()));
            assertThat(count.receiveMessage()).as("files with an entity after the failure").isZero();
            return null;
        });
        // every later request is answered, and the file is free: the crashed entity's share
        // reservation and lock are gone
        assertThat(use(C1, sid, false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        StateId other = opened(C2, "o2", W, NONE);
        assertThat(lockNew(C2, other, "l2", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void aFailedEntityClosesItsHandlesWhichDropsItsBackEndLocks() throws InterruptedException {
        SharedIo rw = io(Access.READ | Access.WRITE);
        StateId w = open(C1, "writer", RW, NONE, rw).stateid();
        assertThat(lockNew(C1, w, "l1", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        tell(FILE, new OpenFileActor.Fail("test"));
        assertThat(((FakeIoHandle) rw.handle()).awaitClose(3000)).as("closed after the failure").isTrue();
    }

    /**
     * The head stops (hands off, its node is downed or shuts down): the back end keeps the
     * file's handles and locks for the head's successor, whose clients reclaim them; released
     * here, the lock would be free for another client before that grace period began.
     */
    @Test
    void stoppedByItsParentTheEntityLeavesTheBackEndAsItIs() throws InterruptedException {
        SharedIo rw = io(Access.READ | Access.WRITE);
        StateId w = open(C1, "writer", RW, NONE, rw).stateid();
        assertThat(lockNew(C1, w, "l1", true, 0, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        kit.stop(openFiles);
        assertThat(((FakeIoHandle) rw.handle()).awaitClose(500)).as("closed by the stop").isFalse();
    }

    @Test
    void shareReservationsConflictAcrossOwnersAndClients() {
        StateId a = opened(C1, "a", R, W);
        // access against deny, and deny against access
        assertThat(open(C2, "b", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        assertThat(open(C2, "b", R, R, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        StateId b = opened(C2, "b", R, NONE);
        assertThat(b.other()).isNotEqualTo(a.other());
        // another owner of the same client is another owner
        assertThat(open(C1, "c", R, R, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        assertThat(open(C1, "c", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        // the same owner upgrades: its own deny does not stand in its way
        OpenReply up = open(C1, "a", RW, W, null);
        assertThat(up.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(up.stateid().other()).isEqualTo(a.other());
        assertThat(up.stateid().seqid()).isEqualTo(2);
        // now the upgraded access conflicts with a deny of write
        assertThat(open(C2, "d", R, W, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        // ...but b's upgrade to deny read would conflict with a's read access
        assertThat(open(C2, "b", R, R, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        // reservations are per file
        assertThat(open(OTHER_FILE, C2, "b", RW, RW, null).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void theEntityKeepsTheHandleOfASuccessfulOpenOnly() throws Exception {
        SharedIo mine = io(Access.READ);
        OpenReply ok = open(C1, "a", R, RW, mine);
        assertThat(ok.ioKept()).isTrue();
        SharedIo theirs = io(Access.READ);
        OpenReply denied = open(C2, "b", R, NONE, theirs);
        assertThat(denied.status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        assertThat(denied.ioKept()).isFalse();
        assertThat(close(C1, ok.stateid()).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(((FakeIoHandle) mine.handle()).awaitClose(3000)).as("retired at CLOSE").isTrue();
        assertThat(((FakeIoHandle) theirs.handle()).isClosed()).as("not the entity's to close").isFalse();
    }

    @Test
    void openDowngradeOnlyToModesTheOwnerOpenedWith() {
        StateId s = opened(C1, "a", R, NONE);
        s = opened(C1, "a", RW, NONE);
        assertThat(s.seqid()).isEqualTo(2);
        // write alone was never asked for, nor any deny
        assertThat(downgrade(C1, s, W, NONE).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(downgrade(C1, s, R, R).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(downgrade(C1, s, 0, NONE).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        StateReply r = downgrade(C1, s, R, NONE);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.stateid().seqid()).isEqualTo(3);
        assertThat(r.stateid().other()).isEqualTo(s.other());
        // no way back up by downgrading
        assertThat(downgrade(C1, r.stateid(), RW, NONE).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(downgrade(C1, s, R, NONE).status()).as("seqid 2 is old").isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(downgrade(C2, r.stateid(), R, NONE).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        // the downgraded open may not write any more, and others may now
        assertThat(use(C1, r.stateid(), true).status()).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
        StateId d = opened(C1, "deny", R, W);
        assertThat(d.seqid()).isEqualTo(1);
    }

    @Test
    void openDowngradeOfDenyModes() {
        StateId s = opened(C1, "a", R, RW);
        s = opened(C1, "a", R, W);
        assertThat(downgrade(C1, s, R, W).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(open(C2, "b", R, NONE, null).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(open(C2, "c", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
    }

    // ------------------------------------------------------------------ stateids

    @Test
    void stateidSequenceRules() {
        StateId s = opened(C1, "a", R, NONE);
        s = opened(C1, "a", R, NONE);
        assertThat(s.seqid()).isEqualTo(2);
        assertThat(test(C1, seq(s, 0))).as("0: the current one").isEqualTo(NfsStat4.NFS4_OK);
        assertThat(test(C1, s)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(test(C1, seq(s, 1))).isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(test(C1, seq(s, 3))).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C1, seq(s, -1))).as("unsigned: far in the future").isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C2, s)).as("another client's").isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C1, new StateId(1, Ids.stateOther(C1, 12345, 1)))).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(close(C1, seq(s, 1)).status()).isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(close(C2, s).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        StateReply closed = close(C1, seq(s, 0));
        assertThat(closed.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(closed.stateid()).as("the invalid special stateid").isEqualTo(new StateId(-1, new byte[12]));
    }

    @Test
    void stateAddedAndRemovedAreReportedToTheClient() {
        StateId s = opened(C1, "a", RW, NONE);
        assertAdded(client1.receiveMessage(), C1, s);
        opened(C1, "a", RW, NONE);
        LockReply l = lockNew(C1, seq(s, 0), "lo", true, 0, 10);
        assertAdded(client1.receiveMessage(), C1, l.stateid());
        lockMore(C1, l.stateid(), false, 20, 10);
        client1.expectNoMessage(Duration.ofMillis(50));
        assertThat(locku(C1, seq(l.stateid(), 0), 0, EOF).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(close(C1, seq(s, 0)).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertRemoved(client1.receiveMessage(), C1, l.stateid());
        assertRemoved(client1.receiveMessage(), C1, s);
        client2.expectNoMessage(Duration.ofMillis(50));
    }

    // ------------------------------------------------------------------ byte-range locks

    @Test
    void lockFromAnOpenThenByTheLockStateid() {
        StateId o1 = opened(C1, "o1", RW, NONE);
        LockReply first = lockNew(C1, o1, "lo1", true, 0, 100);
        assertThat(first.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(first.stateid().seqid()).isEqualTo(1);
        assertThat(first.stateid().other()).isNotEqualTo(o1.other());
        LockReply second = lockMore(C1, first.stateid(), false, 200, 10);
        assertThat(second.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(second.stateid().seqid()).isEqualTo(2);
        assertThat(second.stateid().other()).isEqualTo(first.stateid().other());
        assertThat(lockMore(C1, first.stateid(), false, 300, 1).status()).as("seqid 1 is old")
                .isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(lockMore(C2, second.stateid(), false, 300, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(lockMore(C1, second.stateid(), false, 300, 0).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(lockMore(C1, second.stateid(), false, EOF, 2).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        // the same lock-owner through the open again gets the same lock stateid
        LockReply again = lockNew(C1, o1, "lo1", false, 400, 1);
        assertThat(again.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(again.stateid().other()).isEqualTo(first.stateid().other());
        // an open stateid of another client cannot start a lock-owner
        assertThat(lockNew(C2, o1, "lo2", false, 500, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void conflictsAreDeniedWithTheHolder() {
        StateId o1 = opened(C1, "o1", RW, NONE);
        StateId l1 = lockNew(C1, o1, "lo1", true, 0, 100).stateid();
        l1 = lockMore(C1, l1, false, 200, 10).stateid();
        StateId o2 = opened(C2, "o2", R, NONE);
        LockReply denied = lockNew(C2, o2, "lo2", false, 50, 10);
        assertThat(denied.status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        assertThat(denied.stateid()).isNull();
        assertDenied(denied.denied(), C1, "lo1", true, 0, 100);
        // a write lock needs an open for writing
        assertThat(lockNew(C2, o2, "lo2", true, 300, 1).status()).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
        // read locks share
        LockReply shared = lockNew(C2, o2, "lo2", false, 205, 1);
        assertThat(shared.status()).isEqualTo(NfsStat4.NFS4_OK);
        // LOCKT
        assertDenied(lockt(C2, "lo2", false, 50, 10).denied(), C1, "lo1", true, 0, 100);
        assertThat(lockt(C1, "lo1", true, 50, 10).status()).as("own locks never conflict").isEqualTo(NfsStat4.NFS4_OK);
        assertThat(lockt(C2, "x", false, 150, 10).status()).isEqualTo(NfsStat4.NFS4_OK);
        LockReply t = lockt(C2, "x", true, 200, 1);
        assertThat(t.status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        assertDenied(t.denied(), C1, "lo1", false, 200, 10);
        assertThat(lockt(C1, "lo1", true, 205, 1).denied().clientId()).isEqualTo(C2);
        assertThat(lockt(C2, "x", true, 0, 0).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        // to end of file is reported with length all ones
        lockMore(C1, l1, true, 1000, EOF);
        assertDenied(lockt(C2, "x", false, 5000, 1).denied(), C1, "lo1", true, 1000, EOF);
    }

    @Test
    void unlockSplitsARange() {
        StateId o1 = opened(C1, "o1", RW, NONE);
        StateId l = lockNew(C1, o1, "lo1", true, 0, 100).stateid();
        StateReply u = locku(C1, seq(l, 0), 40, 10);
        assertThat(u.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(u.stateid().seqid()).isEqualTo(2);
        assertThat(lockt(C2, "x", true, 45, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertDenied(lockt(C2, "x", true, 30, 1).denied(), C1, "lo1", true, 0, 40);
        assertDenied(lockt(C2, "x", true, 60, 1).denied(), C1, "lo1", true, 50, 50);
        assertThat(locku(C1, l, 0, 1).status()).as("seqid 1 is old").isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(locku(C2, u.stateid(), 0, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(locku(C1, u.stateid(), 0, 0).status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(locku(C1, o1, 0, 1).status()).as("an open stateid is no lock stateid")
                .isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void closeWhileLocksAreHeldIsRefused() {
        StateId o = opened(C1, "o", RW, NONE);
        StateId l = lockNew(C1, o, "lo", false, 10, 10).stateid();
        assertThat(close(C1, o).status()).isEqualTo(NfsStat4.NFS4ERR_LOCKS_HELD);
        l = locku(C1, l, 0, EOF).stateid();
        assertThat(close(C1, o).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(test(C1, l)).as("lock state goes with its open").isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
    }

    private static void assertDenied(Denied d, long cid, String owner, boolean write, long off, long len) {
        assertThat(d).isNotNull();
        assertThat(d.clientId()).isEqualTo(cid);
        assertThat(d.owner()).isEqualTo(b(owner));
        assertThat(d.write()).isEqualTo(write);
        assertThat(d.offset()).isEqualTo(off);
        assertThat(d.length()).isEqualTo(len);
    }

    // ------------------------------------------------------------------ FREE_STATEID, TEST_STATEID, release

    @Test
    void freeStateidOnlyForLockStateidsWithoutLocks() {
        StateId o = opened(C1, "o", RW, NONE);
        client1.receiveMessage();
        StateId l = lockNew(C1, o, "lo", true, 0, 1).stateid();
        client1.receiveMessage();
        assertThat(free(C1, o)).as("opens end with CLOSE").isEqualTo(NfsStat4.NFS4ERR_LOCKS_HELD);
        assertThat(free(C1, l)).isEqualTo(NfsStat4.NFS4ERR_LOCKS_HELD);
        assertThat(free(C2, l)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        l = locku(C1, l, 0, 1).stateid();
        assertThat(test(C1, l)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(free(C1, seq(l, 1))).isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(free(C1, l)).isEqualTo(NfsStat4.NFS4_OK);
        assertRemoved(client1.receiveMessage(), C1, l);
        assertThat(test(C1, l)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(free(C1, l)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C1, o)).isEqualTo(NfsStat4.NFS4_OK);
        // the lock-owner starts afresh from its open
        LockReply again = lockNew(C1, o, "lo", true, 0, 1);
        assertThat(again.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(again.stateid().other()).isNotEqualTo(l.other());
    }

    @Test
    void testStateidOfLockStateids() {
        StateId o = opened(C1, "o", RW, NONE);
        StateId l = lockNew(C1, o, "lo", true, 0, 1).stateid();
        l = lockMore(C1, l, true, 5, 1).stateid();
        assertThat(test(C1, seq(l, 0))).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(test(C1, seq(l, 1))).isEqualTo(NfsStat4.NFS4ERR_OLD_STATEID);
        assertThat(test(C1, seq(l, 3))).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C2, l)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void releaseClientDropsEverythingOfThatClientOnly() throws Exception {
        SharedIo io1 = io(Access.READ);
        StateId o1 = open(C1, "o1", R, W, io1).stateid();
        StateId l1 = lockNew(C1, o1, "lo1", false, 0, 10).stateid();
        StateId o2 = opened(C2, "o2", R, NONE);
        assertThat(open(C2, "o3", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4ERR_SHARE_DENIED);
        assertThat(lockt(C2, "x", true, 5, 1).status()).isEqualTo(NfsStat4.NFS4ERR_DENIED);
        openFiles.tell(new OpenFiles.ReleaseClient(FILE, C1));
        assertThat(test(C1, o1)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C1, l1)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C2, o2)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(lockt(C2, "x", true, 5, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(open(C2, "o3", W, NONE, null).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(((FakeIoHandle) io1.handle()).awaitClose(3000)).isTrue();
        // releasing a client without state here, or a file without an entity, does nothing
        openFiles.tell(new OpenFiles.ReleaseClient(FILE, C1));
        openFiles.tell(new OpenFiles.ReleaseClient(OTHER_FILE, C2));
        assertThat(test(C2, o2)).isEqualTo(NfsStat4.NFS4_OK);
    }

    // ------------------------------------------------------------------ I/O

    @Test
    void ioIsGrantedAnAcquiredHandleWithTheRightAccess() throws Exception {
        SharedIo readOnly = io(Access.READ);
        StateId r = open(C1, "reader", R, NONE, readOnly).stateid();
        IoGrant g = use(C1, r, false);
        assertThat(g.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(g.io()).isSameAs(readOnly);
        g.io().release();
        assertThat(use(C1, r, true).status()).isEqualTo(NfsStat4.NFS4ERR_OPENMODE);
        assertThat(use(C2, r, false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(use(C1, seq(r, 2), false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);

        SharedIo rw = io(Access.READ | Access.WRITE);
        StateId w = open(C1, "writer", RW, NONE, rw).stateid();
        StateId lock = lockNew(C1, w, "lo", true, 0, 1).stateid();
        IoGrant viaLock = use(C1, lock, true);
        assertThat(viaLock.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(viaLock.io()).isSameAs(rw);
        viaLock.io().release();
        IoGrant held = use(C1, w, true);
        assertThat(held.io()).isSameAs(rw);
        // CLOSE while the I/O is still running: the handle closes only once it is released
        locku(C1, lock, 0, 1);
        assertThat(close(C1, w).status()).isEqualTo(NfsStat4.NFS4_OK);
        FakeIoHandle fake = (FakeIoHandle) rw.handle();
        assertThat(fake.awaitClose(200)).isFalse();
        held.io().release();
        assertThat(fake.awaitClose(3000)).isTrue();
        assertThat(use(C1, w, false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(((FakeIoHandle) readOnly.handle()).isClosed()).isFalse();
    }

    @Test
    void ioWithTheSpecialStateidsRespectsDenyModes() {
        // no state at all on the file
        IoGrant free = use(C1, ANONYMOUS, true);
        assertThat(free.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(free.io()).as("the caller opens a handle of its own").isNull();
        assertThat(use(C1, BYPASS, true).status()).as("all ones: READ only").isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(use(C1, new StateId(1, Ids.stateOther(C1, 1, 1)), false).status())
                .isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        opened(C2, "o", R, W);
        assertThat(use(C1, ANONYMOUS, true).status()).isEqualTo(NfsStat4.NFS4ERR_LOCKED);
        assertThat(use(C1, ANONYMOUS, false).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(use(C1, BYPASS, false).status()).isEqualTo(NfsStat4.NFS4_OK);
        // the all-ones stateid bypasses deny modes for READ only (RFC 8881 §8.2.3)
        assertThat(use(C1, BYPASS, true).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        // deny read
        opened(OTHER_FILE, C2, "o", RW, RW);
        assertThat(use(OTHER_FILE, C1, ANONYMOUS, false).status()).isEqualTo(NfsStat4.NFS4ERR_LOCKED);
        assertThat(use(OTHER_FILE, C1, BYPASS, false).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    private StateId opened(FileKey file, long cid, String owner, int access, int deny) {
        OpenReply r = open(file, cid, owner, access, deny, null);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        return r.stateid();
    }

    // ------------------------------------------------------------------ passivation

    @Test
    void theEntityStopsAfterTheLastCloseAndANewOneStartsFresh() {
        assertThat(entities()).isZero();
        StateId a = opened(C1, "a", R, NONE);
        StateId b = opened(C2, "b", R, NONE);
        assertThat(entities()).isEqualTo(1);
        assertThat(close(C1, a).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(entities()).as("b still holds state").isEqualTo(1);
        assertThat(close(C2, b).status()).isEqualTo(NfsStat4.NFS4_OK);
        TestProbe<Integer> p = kit.createTestProbe();
        p.awaitAssert(() -> {
            assertThat(entities()).isZero();
            return null;
        });
        // without an entity, stateids are unknown
        assertThat(test(C1, a)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(close(C1, a).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(use(C1, a, false).status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(lockt(C2, "x", true, 0, EOF).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(entities()).isZero();
        // a new OPEN starts a fresh entity whose stateids differ from the old one's
        StateId a2 = opened(C1, "a", R, NONE);
        assertThat(a2.seqid()).isEqualTo(1);
        assertThat(a2.other()).isNotEqualTo(a.other());
        assertThat(test(C1, a)).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(test(C1, a2)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(entities()).isEqualTo(1);
    }

    @Test
    void aFailedFirstOpenOrLockLeavesNoEntity() {
        TestProbe<LockReply> p = kit.createTestProbe();
        tell(FILE, new OpenFileActor.Lock(C1, client1.ref(), new StateId(1, Ids.stateOther(C1, 3, 3)), b("lo"),
                null, true, 0, 1, p.ref()));
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BAD_STATEID);
        kit.createTestProbe().awaitAssert(() -> {
            assertThat(entities()).isZero();
            return null;
        });
    }
}
