package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.time.Duration;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/**
 * Lease expiry (RFC 8881 §8.3, §8.4.3), on a 3 s lease: a client that stops renewing keeps its
 * state by courtesy only until another client needs it; then it loses everything.
 */
class LeaseExpiryTest extends GatewayTestBase {
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Override
    protected Duration lease() {
        return LEASE;
    }

    @Test
    void aSilentClientComesBackToItsStateWhenNobodyNeededIt() throws Exception {
        Session silent = newSession("courtesy");
        Session other = newSession("courtesy-other");
        String file = unique("courtesy");
        // an open with a share reservation (locks would be in the back end too: no courtesy for those)
        Stateid4 open = Res.openStateid(Res.ok(silent.seq(list(root("rw"),
                openCreate(silent.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_WRITE, unchecked())))));
        // well past its lease, while another client works on other files
        String elsewhere = unique("courtesy-elsewhere");
        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            Res.ok(other.seq(list(root("rw"), openCreate(other.owner("o"), elsewhere, OPEN4_SHARE_ACCESS_BOTH,
                    OPEN4_SHARE_DENY_NONE, unchecked()))));
            Thread.sleep(500);
        }
        // the same session and open still work
        byte[] fh = Res.fh(Res.ok(silent.seq(list(root("rw"), lookup(file), getfh()))));
        Res.ok(silent.seq(putfh(fh), write(open, 0, "still mine")));
        Res.ok(silent.seq(putfh(fh), close(open)));
        assertThat(gw.clientIds()).contains(silent.clientIdHex());
    }

    @Test
    void aSilentClientLosesItsStateSessionAndRecord() throws Exception {
        Session silent = newSession("silent");
        Session alive = newSession("alive");
        String file = unique("lease");
        Stateid4 open = Res.openStateid(Res.ok(silent.seq(list(root("rw"),
                openCreate(silent.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_WRITE, unchecked())))));
        // the silent client's last request: its lease runs from here
        long start = System.nanoTime();
        Res.ok(silent.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 0, NFS4_UINT64_MAX, open, silent.owner("l")))));
        assertThat(gw.clientIds()).contains(silent.clientIdHex(), alive.clientIdHex());
        // clients learn the lease from the lease_time attribute
        assertThat(Res.attrs(Res.ok(alive.seq(putrootfh(), getattr(FATTR4_LEASE_TIME)))).leaseTime()).isEqualTo(3);

        // while the silent client's lease runs, it blocks the other one
        assertFailed(alive.seq(list(root("rw"), open(alive.owner("a"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);

        // the other client keeps renewing (every SEQUENCE does) until the silent one's state is gone
        Stateid4[] got = new Stateid4[1];
        await().atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            COMPOUND4res r = alive.seq(list(root("rw"),
                    open(alive.owner("a"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)));
            if (r.status() == NfsStat4.NFS4_OK) {
                got[0] = Res.openStateid(r);
                return true;
            }
            assertThat(Res.status(r)).isEqualTo("NFS4ERR_SHARE_DENIED");
            return false;
        });
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(took).as("not before the lease ran out (ms)").isGreaterThanOrEqualTo(LEASE.toMillis() - 100);

        // its byte-range lock no longer stands in the way
        assertOk(alive.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 0, 10, got[0], alive.owner("la")))));
        // its session is gone
        assertFailed(silent.seq(putrootfh()), OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
        // and management no longer lists it; the renewing client is still there
        await().atMost(Duration.ofSeconds(5)).until(() -> !gw.clientIds().contains(silent.clientIdHex()));
        assertThat(gw.clientIds()).contains(alive.clientIdHex());
        assertOk(alive.seq(putrootfh()));
    }
}
