package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.file.Files;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.TEST_STATEID4res;
import org.junit.jupiter.api.Test;

/** Stateids (RFC 8881 §8.2, §16.2.3.1.2, §18.38, §18.48) and RECLAIM_COMPLETE (§18.51). */
class StateidTest extends GatewayTestBase {

    private Stateid4 create(Session s, String owner, String file, int access, int deny) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root("rw"), openCreate(s.owner(owner), file, access, deny, unchecked())))));
    }

    @Test
    void aMadeUpStateidIsBad() throws IOException {
        Session s = newSession("madeup");
        String file = unique("madeup");
        Stateid4 real = create(s, "o", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        byte[] other = real.other().clone();
        other[11] ^= 0x33;
        Stateid4 bogus = new Stateid4(1, other);
        assertFailed(s.seq(list(root("rw"), lookup(file), read(bogus, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(s.seq(list(root("rw"), lookup(file), write(bogus, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_BAD_STATEID);
        // on a file that holds no state at all
        String plain = unique("madeup-plain");
        Files.writeString(gw.rw.resolve(plain), "data");
        assertFailed(s.seq(list(root("rw"), lookup(plain), read(bogus, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
        // the special stateids need no state
        assertThat(Res.readString(Res.ok(s.seq(list(root("rw"), lookup(plain), read(Stateid4.ANONYMOUS, 0, 10))))))
                .isEqualTo("data");
        assertThat(Res.readString(Res.ok(s.seq(list(root("rw"), lookup(plain), read(Stateid4.READ_BYPASS, 0, 10))))))
                .isEqualTo("data");
    }

    @Test
    void anOlderSeqidAfterAnUpgradeIsOldAndZeroMeansCurrent() throws IOException {
        Session s = newSession("old");
        String file = unique("old");
        Stateid4 v1 = create(s, "o", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE);
        assertThat(v1.seqid()).isEqualTo(1);
        Stateid4 v2 = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                open(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)))));
        assertThat(v2.other()).as("the same open").isEqualTo(v1.other());
        assertThat(v2.seqid()).isEqualTo(2);

        assertFailed(s.seq(list(root("rw"), lookup(file), read(v1, 0, 10))), OP_READ, NfsStat4.NFS4ERR_OLD_STATEID);
        assertOk(s.seq(list(root("rw"), lookup(file), write(v2, 0, "new"), read(v2, 0, 10))));
        Stateid4 zero = new Stateid4(0, v1.other());
        assertThat(Res.readString(Res.ok(s.seq(list(root("rw"), lookup(file), read(zero, 0, 10)))))).isEqualTo("new");
        // a seqid the server never issued is bad, not old
        assertFailed(s.seq(list(root("rw"), lookup(file), read(new Stateid4(7, v1.other()), 0, 10))),
                OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(s.seq(list(root("rw"), lookup(file), close(v1))), OP_CLOSE, NfsStat4.NFS4ERR_OLD_STATEID);
        assertOk(s.seq(list(root("rw"), lookup(file), close(zero))));
    }

    @Test
    void anotherClientsStateidIsBad() throws IOException {
        Session a = newSession("mine");
        Session b = newSession("theirs");
        String file = unique("theirs");
        Stateid4 sidA = create(a, "o", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        assertFailed(b.seq(list(root("rw"), lookup(file), read(sidA, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(b.seq(list(root("rw"), lookup(file), write(sidA, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(b.seq(list(root("rw"), lookup(file), close(sidA))), OP_CLOSE, NfsStat4.NFS4ERR_BAD_STATEID);
        TEST_STATEID4res t = Res.get(Res.ok(b.seq(testStateid(sidA))), TEST_STATEID4res.class);
        assertThat(Res.name(t.statusCodes()[0])).isEqualTo("NFS4ERR_BAD_STATEID");
        // A's open is untouched
        assertOk(a.seq(list(root("rw"), lookup(file), write(sidA, 0, "x"), close(sidA))));
    }

    @Test
    void theCurrentStateidFlowsThroughACompound() throws IOException {
        Session s = newSession("current");
        String file = unique("current");
        COMPOUND4res res = s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()),
                write(Stateid4.CURRENT, 0, "via current"),
                read(Stateid4.CURRENT, 0, 100),
                close(Stateid4.CURRENT)));
        assertOk(res);
        assertThat(Res.readString(res)).isEqualTo("via current");
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("via current");
        // the open really is closed: its stateid is unknown now
        Stateid4 sid = Res.openStateid(res);
        assertFailed(s.seq(list(root("rw"), lookup(file), read(sid, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
        // without an operation that set one, the current stateid is not there
        assertFailed(s.seq(list(root("rw"), lookup(file), read(Stateid4.CURRENT, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void testStateidJudgesEachStateid() throws IOException {
        Session s = newSession("test");
        String file = unique("test");
        Stateid4 open = create(s, "o", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        Stateid4 lock = Res.lockStateid(Res.ok(s.seq(list(root("rw"), lookup(file),
                lockNew(WRITE_LT, 0, 10, open, s.owner("l"))))));
        String gone = unique("test-closed");
        Stateid4 closed = create(s, "o2", gone, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE);
        assertOk(s.seq(list(root("rw"), lookup(gone), close(closed))));
        byte[] other = open.other().clone();
        other[0] ^= 1;
        Stateid4 madeUp = new Stateid4(1, other);

        TEST_STATEID4res t = Res.get(Res.ok(s.seq(testStateid(open, lock, closed, madeUp, Stateid4.ANONYMOUS,
                new Stateid4(0, open.other())))), TEST_STATEID4res.class);
        assertThat(java.util.Arrays.stream(t.statusCodes()).mapToObj(Res::name).toList()).containsExactly(
                "NFS4_OK", "NFS4_OK", "NFS4ERR_BAD_STATEID", "NFS4ERR_BAD_STATEID", "NFS4ERR_BAD_STATEID", "NFS4_OK");
    }

    @Test
    void freeStateidOfALockStateidOnlyWithoutLocks() throws IOException {
        Session s = newSession("free");
        String file = unique("free");
        Stateid4 open = create(s, "o", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        Stateid4 lock = Res.lockStateid(Res.ok(s.seq(list(root("rw"), lookup(file),
                lockNew(WRITE_LT, 0, 100, open, s.owner("l"))))));
        assertFailed(s.seq(freeStateid(lock)), OP_FREE_STATEID, NfsStat4.NFS4ERR_LOCKS_HELD);
        // an open stateid is ended by CLOSE, not FREE_STATEID
        assertFailed(s.seq(freeStateid(open)), OP_FREE_STATEID, NfsStat4.NFS4ERR_LOCKS_HELD);

        Stateid4 unlocked = Res.get(Res.ok(s.seq(list(root("rw"), lookup(file), locku(WRITE_LT, lock, 0, 100)))),
                org.cephgw.protocol.nfs4.LOCKU4res.class).lockStateid();
        assertThat(unlocked.seqid()).isEqualTo(lock.seqid() + 1);
        assertOk(s.seq(freeStateid(unlocked)));
        TEST_STATEID4res t = Res.get(Res.ok(s.seq(testStateid(unlocked, open))), TEST_STATEID4res.class);
        assertThat(Res.name(t.statusCodes()[0])).as("freed").isEqualTo("NFS4ERR_BAD_STATEID");
        assertThat(Res.name(t.statusCodes()[1])).isEqualTo("NFS4_OK");
        assertFailed(s.seq(freeStateid(unlocked)), OP_FREE_STATEID, NfsStat4.NFS4ERR_BAD_STATEID);
        // with the lock-owner gone, CLOSE is allowed
        assertOk(s.seq(list(root("rw"), lookup(file), close(open))));
    }

    @Test
    void allocateTakesTheSpecialStateidsLikeWrite() throws IOException {
        Session s = newSession("alloc-special");
        String file = unique("alloc-special");
        Stateid4 open = create(s, "o", file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE);
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        // pynfs ALLOC3: the all-ones stateid counts as the anonymous one in a write (RFC 8881 §8.2.3)
        assertOk(s.seqMinor(2, putfh(fh), allocate(Stateid4.READ_BYPASS, 0, 1)));
        assertThat(Files.size(gw.rw.resolve(file))).isEqualTo(1);
        assertOk(s.seqMinor(2, putfh(fh), allocate(Stateid4.ANONYMOUS, 0, 4096)));
        assertThat(Files.size(gw.rw.resolve(file))).isEqualTo(4096);
        assertOk(s.seqMinor(2, putfh(fh), write(Stateid4.READ_BYPASS, 0, "bypass")));
        assertOk(s.seqMinor(2, putfh(fh), deallocate(Stateid4.READ_BYPASS, 0, 6)));
        assertOk(s.seq(putfh(fh), close(open)));
        // but it bypasses no deny mode for writing: another client's DENY_WRITE stops it
        Session other = newSession("alloc-special-deny");
        Res.ok(other.seq(list(root("rw"), open(other.owner("d"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_WRITE))));
        assertFailed(s.seqMinor(2, putfh(fh), allocate(Stateid4.READ_BYPASS, 0, 8192)), OP_ALLOCATE, NfsStat4.NFS4ERR_LOCKED);
        assertFailed(s.seqMinor(2, putfh(fh), allocate(Stateid4.ANONYMOUS, 0, 8192)), OP_ALLOCATE, NfsStat4.NFS4ERR_LOCKED);
        assertThat(Files.size(gw.rw.resolve(file))).isEqualTo(4096);
    }

    // ------------------------------------------------------------------ RECLAIM_COMPLETE

    @Test
    void openBeforeReclaimCompleteIsGraceAndReclaimCompleteTwiceIsAlreadyComplete() throws IOException {
        Session s = new Session(connect(), unique("reclaim"));
        s.exchangeId();
        s.createSession();
        String file = unique("reclaim");
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))), OP_OPEN, NfsStat4.NFS4ERR_GRACE);
        assertThat(Files.exists(gw.rw.resolve(file))).as("nothing created").isFalse();

        assertOk(s.reclaimComplete());
        assertFailed(s.reclaimComplete(), OP_RECLAIM_COMPLETE, NfsStat4.NFS4ERR_COMPLETE_ALREADY);
        assertOk(s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))));
        // a second session of the same client knows it too
        Session again = new Session(s.client(), s.ownerId(), s.verifier());
        again.exchangeId();
        assertThat(Res.name(again.createSession().status())).isEqualTo("NFS4_OK");
        assertFailed(again.reclaimComplete(), OP_RECLAIM_COMPLETE, NfsStat4.NFS4ERR_COMPLETE_ALREADY);
    }
}
