package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.LOCK4denied;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.LOCKT4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN_DOWNGRADE4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/** Share reservations (RFC 8881 §9.7, §18.16, §18.18) and byte-range locks (§9, §18.10-18.12) between two clients. */
class ShareAndLockTest extends GatewayTestBase {

    private static Stateid4 openOk(Session s, String owner, String file, int access, int deny) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root("rw"), openCreate(s.owner(owner), file, access, deny, unchecked())))));
    }

    private static COMPOUND4res openAttempt(Session s, String owner, String file, int access, int deny) throws IOException {
        return s.seq(list(root("rw"), open(s.owner(owner), file, access, deny)));
    }

    // ------------------------------------------------------------------ share reservations

    @Test
    void denyWriteKeepsOtherWritersOutButLetsReadersIn() throws IOException {
        Session a = newSession("share-a");
        Session b = newSession("share-b");
        String file = unique("share");
        Stateid4 sidA = openOk(a, "a", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_WRITE);

        assertFailed(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE), OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);
        assertFailed(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE), OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);
        // B may not deny A's reading either
        assertFailed(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_READ), OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);
        Stateid4 sidB = Res.openStateid(Res.ok(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)));
        // stateless writes are kept out by the deny mode too
        assertFailed(b.seq(list(root("rw"), lookup(file), write(Stateid4.ANONYMOUS, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_LOCKED);
        // B's read open does not allow writing
        assertFailed(b.seq(list(root("rw"), lookup(file), write(sidB, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_OPENMODE);

        assertOk(a.seq(list(root("rw"), lookup(file), close(sidA))));
        Stateid4 upgraded = Res.openStateid(Res.ok(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)));
        assertThat(upgraded.other()).isEqualTo(sidB.other());
        assertOk(b.seq(list(root("rw"), lookup(file), write(upgraded, 0, "written by B"))));
    }

    @Test
    void theSameOwnerIsNotDeniedByItself() throws IOException {
        Session a = newSession("share-self");
        String file = unique("share-self");
        openOk(a, "a", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_WRITE);
        // a second owner of the same client is another opener, and is denied
        assertFailed(openAttempt(a, "a2", file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE), OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);
        assertOk(openAttempt(a, "a", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE));
    }

    @Test
    void openDowngradeOnlyToModesTheOwnerOpenedWith() throws IOException {
        Session a = newSession("downgrade");
        Session b = newSession("downgrade-b");
        String file = unique("downgrade");
        Stateid4 v1 = openOk(a, "a", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE);
        Stateid4 v2 = Res.openStateid(Res.ok(openAttempt(a, "a", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_WRITE)));

        // WRITE alone and DENY_NONE with BOTH were never asked for
        assertFailed(a.seq(list(root("rw"), lookup(file), openDowngrade(v2, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_WRITE))),
                OP_OPEN_DOWNGRADE, NfsStat4.NFS4ERR_INVAL);
        // wider than what is held
        assertFailed(a.seq(list(root("rw"), lookup(file), openDowngrade(v2, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_BOTH))),
                OP_OPEN_DOWNGRADE, NfsStat4.NFS4ERR_INVAL);
        assertFailed(a.seq(list(root("rw"), lookup(file), openDowngrade(v1, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN_DOWNGRADE, NfsStat4.NFS4ERR_OLD_STATEID);
        assertFailed(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE), OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);

        COMPOUND4res down = a.seq(list(root("rw"), lookup(file), openDowngrade(v2, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)));
        assertOk(down);
        Stateid4 v3 = Res.get(down, OPEN_DOWNGRADE4res.class).openStateid();
        assertThat(v3.seqid()).isEqualTo(3);
        assertThat(v3.other()).isEqualTo(v1.other());
        // the deny is gone and the write access with it
        assertOk(openAttempt(b, "b", file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE));
        assertFailed(a.seq(list(root("rw"), lookup(file), write(v3, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_OPENMODE);
    }

    // ------------------------------------------------------------------ byte-range locks

    @Test
    void conflictingLocksAreDeniedWithTheHolder() throws IOException {
        Session a = newSession("lock-a");
        Session b = newSession("lock-b");
        String file = unique("lock");
        Stateid4 openA = openOk(a, "a", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        Stateid4 openB = openOk(b, "b", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);

        Stateid4 lockA = Res.lockStateid(Res.ok(a.seq(list(root("rw"), lookup(file),
                lockNew(WRITE_LT, 0, 100, openA, a.owner("lock-owner-a"))))));

        COMPOUND4res denied = b.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 50, 10, openB, b.owner("lock-owner-b"))));
        assertFailed(denied, OP_LOCK, NfsStat4.NFS4ERR_DENIED);
        LOCK4denied d = Res.get(denied, LOCK4res.class).denied();
        assertThat(d.offset()).isZero();
        assertThat(d.length()).isEqualTo(100);
        assertThat(d.locktype()).isEqualTo(WRITE_LT);
        assertThat(d.owner().clientid()).isEqualTo(a.clientId());
        assertThat(new String(d.owner().owner(), StandardCharsets.UTF_8)).isEqualTo("lock-owner-a");
        // a read lock conflicts with a write lock as well
        assertFailed(b.seq(list(root("rw"), lookup(file), lockNew(READ_LT, 99, 1, openB, b.owner("lock-owner-b")))),
                OP_LOCK, NfsStat4.NFS4ERR_DENIED);

        COMPOUND4res test = b.seq(list(root("rw"), lookup(file), lockt(WRITE_LT, 10, 1, b.owner("lock-owner-b"))));
        assertFailed(test, OP_LOCKT, NfsStat4.NFS4ERR_DENIED);
        LOCK4denied td = Res.get(test, LOCKT4res.class).denied();
        assertThat(td.offset()).isZero();
        assertThat(td.length()).isEqualTo(100);
        assertThat(td.owner().clientid()).isEqualTo(a.clientId());
        assertThat(td.owner().owner()).isEqualTo("lock-owner-a".getBytes(StandardCharsets.UTF_8));
        // the holder itself is never in its own way
        assertOk(a.seq(list(root("rw"), lookup(file), lockt(WRITE_LT, 10, 1, a.owner("lock-owner-a")))));

        // outside the range both hold locks
        Stateid4 lockB = Res.lockStateid(Res.ok(b.seq(list(root("rw"), lookup(file),
                lockNew(WRITE_LT, 100, 100, openB, b.owner("lock-owner-b"))))));
        assertOk(b.seq(list(root("rw"), lookup(file), lockt(WRITE_LT, 200, NFS4_UINT64_MAX, b.owner("lock-owner-b")))));

        // A unlocks: B's lock on the middle is granted
        assertOk(a.seq(list(root("rw"), lookup(file), locku(WRITE_LT, lockA, 0, 100))));
        COMPOUND4res granted = b.seq(list(root("rw"), lookup(file), lock(WRITE_LT, 50, 10, lockB)));
        assertOk(granted);
        assertThat(Res.lockStateid(granted).seqid()).isEqualTo(lockB.seqid() + 1);
        // and now A is the one denied, seeing B
        COMPOUND4res aDenied = a.seq(list(root("rw"), lookup(file), lockt(READ_LT, 0, 60, a.owner("lock-owner-a"))));
        assertFailed(aDenied, OP_LOCKT, NfsStat4.NFS4ERR_DENIED);
        assertThat(Res.get(aDenied, LOCKT4res.class).denied().owner().clientid()).isEqualTo(b.clientId());
    }

    @Test
    void readLocksShareAndCloseWithLocksHeldIsRefused() throws IOException {
        Session a = newSession("rlock-a");
        Session b = newSession("rlock-b");
        String file = unique("rlock");
        Stateid4 openA = openOk(a, "a", file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE);
        Stateid4 openB = openOk(b, "b", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        Stateid4 lockA = Res.lockStateid(Res.ok(a.seq(list(root("rw"), lookup(file), lockNew(READ_LT, 0, 10, openA, a.owner("la"))))));
        Stateid4 lockB = Res.lockStateid(Res.ok(b.seq(list(root("rw"), lookup(file), lockNew(READ_LT, 0, 10, openB, b.owner("lb"))))));
        // a write lock needs a write open
        assertFailed(a.seq(list(root("rw"), lookup(file), lock(WRITE_LT, 100, 10, lockA))), OP_LOCK, NfsStat4.NFS4ERR_OPENMODE);

        assertFailed(a.seq(list(root("rw"), lookup(file), close(openA))), OP_CLOSE, NfsStat4.NFS4ERR_LOCKS_HELD);
        assertFailed(b.seq(list(root("rw"), lookup(file), close(openB))), OP_CLOSE, NfsStat4.NFS4ERR_LOCKS_HELD);
        // unlocked, the open can close
        assertOk(a.seq(list(root("rw"), lookup(file), locku(READ_LT, lockA, 0, 10), close(openA))));
        // with B's read lock alone left, B may upgrade it
        assertOk(b.seq(list(root("rw"), lookup(file), lock(WRITE_LT, 0, 10, lockB))));
    }

    @Test
    void invalidRangesAreRefused() throws IOException {
        Session a = newSession("range");
        String file = unique("range");
        Stateid4 open = openOk(a, "a", file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE);
        assertFailed(a.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 0, 0, open, a.owner("l")))),
                OP_LOCK, NfsStat4.NFS4ERR_INVAL);
        // offset + length beyond 2^64 - 1 (and length not all ones)
        assertFailed(a.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, -16, 100, open, a.owner("l")))),
                OP_LOCK, NfsStat4.NFS4ERR_INVAL);
        assertFailed(a.seq(list(root("rw"), lookup(file), lockt(WRITE_LT, 0, 0, a.owner("l")))),
                OP_LOCKT, NfsStat4.NFS4ERR_INVAL);
    }
}
