package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.NfsOpnum4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reclaim after a crash, over real TCP (grace-db.md "A head's life", RFC 8881 §8.4.2): a gateway
 * with the local grace store serves clients that open and lock; it is killed (no clean-shutdown
 * step) and started again on the same state directory. The restarted gateway is in grace: its
 * previous clients reclaim their opens and locks with new clientids, new state is refused with
 * NFS4ERR_GRACE, strangers' reclaims are NFS4ERR_RECLAIM_BAD, and once every previous client sent
 * RECLAIM_COMPLETE the grace period ends long before the grace time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraceReclaimTest {
    private static final Duration LEASE = Duration.ofSeconds(20);
    /** much longer than the test waits for the early lift: a lift seen at all is an early one */
    private static final Duration GRACE = Duration.ofSeconds(90);

    @TempDir
    Path base;

    private TestGateway gw;
    private final List<NfsClient> connections = new ArrayList<>();

    @AfterEach
    void stop() {
        connections.forEach(NfsClient::close);
        if (gw != null) {
            gw.close();
        }
    }

    private NfsClient connect() throws IOException {
        NfsClient c = gw.connect();
        connections.add(c);
        return c;
    }

    /** EXCHANGE_ID and CREATE_SESSION only: a client that has not said RECLAIM_COMPLETE. */
    private Session reconnect(byte[] owner) throws IOException {
        Session s = new Session(connect(), owner, Session.randomVerifier());
        assertThat(NfsStat4.name(s.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(NfsStat4.name(s.createSession().status())).isEqualTo("NFS4_OK");
        return s;
    }

    private static void assertFailed(COMPOUND4res res, int opnum, int status) {
        NfsResop last = Res.last(res);
        assertThat(NfsOpnum4.name(last.opnum())).as("failing operation in %s", Res.describe(res)).isEqualTo(NfsOpnum4.name(opnum));
        assertThat(NfsStat4.name(last.status())).as("status of %s", Res.describe(res)).isEqualTo(NfsStat4.name(status));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientReclaimsItsOpenAndLockAfterACrashWhileNewStateWaitsForTheGracePeriod() throws Exception {
        byte[] ownerA = b("grace-client-a");
        byte[] ownerB = b("grace-client-b");
        gw = TestGateway.start(base, LEASE, GRACE);
        assertThat(gw.grace().get("state").asText()).isEqualTo("serving");

        // ---- before the crash: A opens and locks, B just mounts
        Session a = new Session(connect(), ownerA, Session.randomVerifier()).establish();
        COMPOUND4res opened = Res.ok(a.seq(list(root("rw"),
                openCreate(a.owner("open-a"), "reclaimed", OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()),
                getfh())));
        byte[] fh = Res.fh(opened);
        Stateid4 openA = Res.openStateid(opened);
        Res.ok(a.seq(list(putfh(fh), write(openA, 0, "before the crash"))));
        Res.ok(a.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 100, openA, a.owner("lock-a")))));
        new Session(connect(), ownerB, Session.randomVerifier()).establish();
        Res.ok(a.seq(list(root("rw"), openCreate(a.owner("open-a"), "other", OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))));

        // ---- crash and restart on the same state directory
        connections.forEach(NfsClient::close);
        connections.clear();
        gw.crash();
        gw = TestGateway.start(base, LEASE, GRACE);
        JsonNode grace = gw.grace();
        assertThat(grace.get("state").asText()).isEqualTo("in-grace");
        assertThat(grace.get("allowListSize").asInt()).isEqualTo(2);
        assertThat(grace.get("rec").asLong()).isNotZero();

        // A comes back (same owner, new verifier: a new clientid) and reclaims its open and its lock
        Session a2 = reconnect(ownerA);
        COMPOUND4res reopened = a2.seq(list(putfh(fh),
                openPrevious(a2.owner("open-a"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)));
        Res.ok(reopened);
        Stateid4 openA2 = Res.openStateid(reopened);
        COMPOUND4res relocked = a2.seq(list(putfh(fh), lockReclaim(WRITE_LT, 0, 100, openA2, a2.owner("lock-a"))));
        Res.ok(relocked);
        Stateid4 lockA2 = Res.lockStateid(relocked);
        // I/O on reclaimed state goes on during the grace period
        assertThat(Res.readString(Res.ok(a2.seq(list(putfh(fh), read(openA2, 0, 100)))))).isEqualTo("before the crash");
        Res.ok(a2.seq(list(putfh(fh), write(lockA2, 0, "after the restart"))));
        // a new lock (not a reclaim) waits for the grace period
        assertFailed(a2.seq(list(putfh(fh), lockNew(WRITE_LT, 200, 10, openA2, a2.owner("lock-a-new")))),
                OP_LOCK, NfsStat4.NFS4ERR_GRACE);

        // a client the gateway never knew: its reclaim is bad, its new OPEN waits
        Session stranger = reconnect(b("grace-client-stranger"));
        assertFailed(stranger.seq(list(putfh(fh), openPrevious(stranger.owner("s"), OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE))), OP_OPEN, NfsStat4.NFS4ERR_RECLAIM_BAD);
        Session c = new Session(connect(), b("grace-client-c"), Session.randomVerifier()).establish();
        assertFailed(c.seq(list(root("rw"), openCreate(c.owner("c"), "new-during-grace", OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))), OP_OPEN, NfsStat4.NFS4ERR_GRACE);
        assertFailed(c.seq(list(root("rw"), open(c.owner("c"), "other", OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_GRACE);

        // A is done; B has not come back yet, so the grace period goes on
        Res.ok(a2.reclaimComplete());
        assertFailed(a2.seq(list(putfh(fh), openPrevious(a2.owner("open-a"), OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE))), OP_OPEN, NfsStat4.NFS4ERR_NO_GRACE);
        assertFailed(c.seq(list(root("rw"), openCreate(c.owner("c"), "new-during-grace", OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))), OP_OPEN, NfsStat4.NFS4ERR_GRACE);
        assertThat(gw.grace().get("state").asText()).isEqualTo("in-grace");

        // B comes back and has nothing to reclaim: every previous client is done, the grace ends early
        Session b2 = reconnect(ownerB);
        Res.ok(b2.reclaimComplete());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        COMPOUND4res created;
        while (true) {
            created = c.seq(list(root("rw"), openCreate(c.owner("c"), "new-after-grace", OPEN4_SHARE_ACCESS_BOTH,
                    OPEN4_SHARE_DENY_NONE, unchecked())));
            if (Res.last(created).status() != NfsStat4.NFS4ERR_GRACE || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        Res.ok(created);
        grace = gw.grace();
        assertThat(grace.get("state").asText()).isEqualTo("serving");
        assertThat(grace.get("rec").asLong()).isZero();
        assertThat(grace.get("reclaims").get("opens").asLong()).isEqualTo(1);
        assertThat(grace.get("reclaims").get("locks").asLong()).isEqualTo(1);

        // the reclaimed lock is held: C is denied, and sees A's new clientid as the holder
        Stateid4 openC = Res.openStateid(Res.ok(c.seq(list(putfh(fh),
                openFh(c.owner("c"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)))));
        COMPOUND4res denied = c.seq(list(putfh(fh), lockNew(WRITE_LT, 50, 10, openC, c.owner("lock-c"))));
        assertFailed(denied, OP_LOCK, NfsStat4.NFS4ERR_DENIED);
        assertThat(Res.get(denied, LOCK4res.class).denied().owner().clientid()).isEqualTo(a2.clientId());
        // and reclaims are over for everyone
        assertFailed(stranger.seq(list(putfh(fh), openPrevious(stranger.owner("s"), OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE))), OP_OPEN, NfsStat4.NFS4ERR_NO_GRACE);
        // A's new lock is granted now
        Res.ok(a2.seq(list(putfh(fh), lockNew(WRITE_LT, 200, 10, openA2, a2.owner("lock-a-new")))));
    }
}
