package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/** EXCHANGE_ID (RFC 8881 §18.35.5) and CREATE_SESSION (§18.36) as a client sees them. */
class ClientIdTest extends GatewayTestBase {

    // ------------------------------------------------------------------ EXCHANGE_ID

    @Test
    void aNewOwnerGetsAnUnconfirmedClientId() throws IOException {
        Session s = new Session(connect(), unique("new-owner"));
        EXCHANGE_ID4res r = s.exchangeId();
        assertThat(Res.name(r.status())).isEqualTo("NFS4_OK");
        assertThat(r.resok().flags() & EXCHGID4_FLAG_CONFIRMED_R).as("not confirmed yet").isZero();
        assertThat(r.resok().flags() & EXCHGID4_FLAG_USE_NON_PNFS).isNotZero();
        assertThat(r.resok().clientid()).isNotZero();

        Session other = new Session(connect(), unique("new-owner"));
        assertThat(other.exchangeId().resok().clientid()).as("another owner, another clientid").isNotEqualTo(r.resok().clientid());
    }

    @Test
    void theSameOwnerAndVerifierGetTheSameClientIdConfirmed() throws IOException {
        Session s = Session.open(connect(), unique("same"));
        long id = s.clientId();
        assertThat(s.exchangeFlags() & EXCHGID4_FLAG_CONFIRMED_R).isZero();

        EXCHANGE_ID4res again = s.exchangeId();
        assertThat(Res.name(again.status())).isEqualTo("NFS4_OK");
        assertThat(again.resok().clientid()).isEqualTo(id);
        assertThat(again.resok().flags() & EXCHGID4_FLAG_CONFIRMED_R).as("confirmed by CREATE_SESSION").isNotZero();
        // and the session is still there
        assertOk(s.seq(putrootfh()));
    }

    @Test
    void aRestartedClientGetsANewClientIdAndItsOldStateGoesWhenConfirmed() throws IOException {
        Session before = newSession("restart");
        String file = unique("restart-file");
        Stateid4 sid = Res.openStateid(Res.ok(before.seq(list(root("rw"),
                openCreate(before.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_BOTH, unchecked())))));
        Session rival = newSession("restart-rival");
        assertFailed(rival.seq(list(root("rw"), open(rival.owner("r"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);

        // same owner, new verifier: a new incarnation of the client (case 5), on a new connection
        Session after = new Session(connect(), before.ownerId(), Session.randomVerifier());
        EXCHANGE_ID4res r = after.exchangeId();
        assertThat(Res.name(r.status())).isEqualTo("NFS4_OK");
        assertThat(r.resok().clientid()).isNotEqualTo(before.clientId());
        assertThat(r.resok().flags() & EXCHGID4_FLAG_CONFIRMED_R).isZero();
        // until the new one is confirmed, the old incarnation keeps its session and state
        assertOk(before.seq(list(root("rw"), lookup(file), read(sid, 0, 10))));

        assertThat(Res.name(after.createSession().status())).isEqualTo("NFS4_OK");
        assertFailed(before.seq(putrootfh()), OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
        // the deny reservation of the old incarnation is gone
        assertOk(rival.seq(list(root("rw"), open(rival.owner("r"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE))));
        // and the new incarnation does not own the old stateid
        assertOk(after.reclaimComplete());
        assertFailed(after.seq(list(root("rw"), lookup(file), read(sid, 0, 10))), OP_READ, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void anUpdateWithoutAConfirmedRecordIsNoent() throws IOException {
        Session s = new Session(connect(), unique("update-none"));
        EXCHANGE_ID4res r = s.exchangeId(s.verifier(), EXCHGID4_FLAG_UPD_CONFIRMED_REC_A);
        assertThat(Res.name(r.status())).isEqualTo("NFS4ERR_NOENT");
        // nor does an unconfirmed record count
        assertThat(Res.name(s.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(Res.name(s.exchangeId(s.verifier(), EXCHGID4_FLAG_UPD_CONFIRMED_REC_A).status())).isEqualTo("NFS4ERR_NOENT");
    }

    @Test
    void anUpdateWithAnotherVerifierIsNotSame() throws IOException {
        Session s = newSession("update-verf");
        long id = s.clientId();
        EXCHANGE_ID4res r = s.exchangeId(Session.randomVerifier(), EXCHGID4_FLAG_UPD_CONFIRMED_REC_A);
        assertThat(Res.name(r.status())).isEqualTo("NFS4ERR_NOT_SAME");
        // the right verifier updates the confirmed record
        EXCHANGE_ID4res ok = s.exchangeId(s.verifier(), EXCHGID4_FLAG_UPD_CONFIRMED_REC_A);
        assertThat(Res.name(ok.status())).isEqualTo("NFS4_OK");
        assertThat(ok.resok().clientid()).isEqualTo(id);
        assertThat(ok.resok().flags() & EXCHGID4_FLAG_CONFIRMED_R).isNotZero();
    }

    @Test
    void anotherPrincipalCannotTakeAnOwnerThatHoldsState() throws IOException {
        Session s = newSession("principal");
        Res.ok(s.seq(list(root("rw"), openCreate(s.owner("o"), unique("clid-inuse"), OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))));
        NfsClient intruder = connect().authSys(1000, 1000);
        Session other = new Session(intruder, s.ownerId(), s.verifier());
        assertThat(Res.name(other.exchangeId().status())).isEqualTo("NFS4ERR_CLID_INUSE");
        // the holder is unaffected
        assertOk(s.seq(putrootfh()));
        assertThat(Res.name(s.exchangeId().status())).isEqualTo("NFS4_OK");
    }

    @Test
    void anUnsupportedStateProtectionOrServerOnlyFlagIsRefused() throws IOException {
        Session s = new Session(connect(), unique("flags"));
        assertThat(Res.name(s.exchangeId(s.verifier(), EXCHGID4_FLAG_CONFIRMED_R).status())).isEqualTo("NFS4ERR_INVAL");
    }

    @Test
    void undefinedExchangeIdFlagsAreInval() throws IOException {
        Session s = new Session(connect(), unique("eid-flags"));
        // RFC 8881 §18.35.3: bits not defined for eia_flags MUST be refused (pynfs EID4 sends 0x4,
        // which NFSv4.2 defines only as a pNFS data server's eir_flags announcement)
        for (int flags : new int[] {0x4, 0x8, 0x200, 0x00080000, 0x20000000}) {
            for (int minor : new int[] {1, 2}) {
                s.minorVersion(minor);
                assertThat(Res.name(s.exchangeId(s.verifier(), flags).status()))
                        .as("eia_flags 0x%x, minor version %d", flags, minor).isEqualTo("NFS4ERR_INVAL");
            }
        }
        s.minorVersion(1);
        // the defined ones are accepted
        int defined = EXCHGID4_FLAG_SUPP_MOVED_REFER | EXCHGID4_FLAG_SUPP_MOVED_MIGR | EXCHGID4_FLAG_BIND_PRINC_STATEID
                | EXCHGID4_FLAG_USE_NON_PNFS;
        assertThat(Res.name(s.exchangeId(s.verifier(), defined).status())).isEqualTo("NFS4_OK");
    }

    @Test
    void undefinedCreateSessionFlagsAreInvalAndUseUpNoSequence() throws IOException {
        Session s = new Session(connect(), unique("cs-flags"));
        s.exchangeId();
        int seq = s.createSessionSequence();
        // PERSIST, CONN_BACK_CHAN and CONN_RDMA are 0x1..0x4; pynfs CSESS15 sends 0xf
        for (int flags : new int[] {0xf, 0x8, 0x100, 0x80000000}) {
            CREATE_SESSION4res r = s.createSession(s.clientId(), seq, flags, Session.DEFAULT_FORE);
            assertThat(Res.name(r.status())).as("csa_flags 0x%x", flags).isEqualTo("NFS4ERR_INVAL");
        }
        // the defined ones are fine, persistence and RDMA just not granted
        CREATE_SESSION4res ok = s.createSession(s.clientId(), seq,
                CREATE_SESSION4_FLAG_PERSIST | CREATE_SESSION4_FLAG_CONN_RDMA, Session.DEFAULT_FORE);
        assertThat(Res.name(ok.status())).isEqualTo("NFS4_OK");
        assertThat(ok.resok().sequence()).isEqualTo(seq);
        assertThat(ok.resok().flags() & (CREATE_SESSION4_FLAG_PERSIST | CREATE_SESSION4_FLAG_CONN_RDMA)).isZero();
    }

    // ------------------------------------------------------------------ CREATE_SESSION

    @Test
    void aReplayedCreateSessionReturnsTheSameSession() throws IOException {
        Session s = new Session(connect(), unique("cs-replay"));
        s.exchangeId();
        int seq = s.createSessionSequence();
        CREATE_SESSION4res first = s.createSession(s.clientId(), seq, Session.DEFAULT_FORE);
        assertThat(Res.name(first.status())).isEqualTo("NFS4_OK");
        CREATE_SESSION4res replay = s.createSession(s.clientId(), seq, Session.DEFAULT_FORE);
        assertThat(Res.name(replay.status())).isEqualTo("NFS4_OK");
        assertThat(replay.resok().sessionid()).isEqualTo(first.resok().sessionid());
        assertThat(replay.resok().sequence()).isEqualTo(seq);
        // the next sequence makes a second session; both work
        CREATE_SESSION4res second = s.createSession(s.clientId(), seq + 1, Session.DEFAULT_FORE);
        assertThat(Res.name(second.status())).isEqualTo("NFS4_OK");
        assertThat(second.resok().sessionid()).isNotEqualTo(first.resok().sessionid());
        assertOk(s.seq(putrootfh()));
    }

    @Test
    void aCreateSessionOutOfSequenceIsMisordered() throws IOException {
        Session s = new Session(connect(), unique("cs-seq"));
        s.exchangeId();
        int seq = s.createSessionSequence();
        assertThat(Res.name(s.createSession(s.clientId(), seq + 1, Session.DEFAULT_FORE).status()))
                .as("unconfirmed, sequence ahead").isEqualTo("NFS4ERR_SEQ_MISORDERED");
        assertThat(Res.name(s.createSession(s.clientId(), seq, Session.DEFAULT_FORE).status())).isEqualTo("NFS4_OK");
        assertThat(Res.name(s.createSession(s.clientId(), seq + 5, Session.DEFAULT_FORE).status()))
                .as("confirmed, sequence ahead").isEqualTo("NFS4ERR_SEQ_MISORDERED");
        assertThat(Res.name(s.createSession(s.clientId(), seq - 1, Session.DEFAULT_FORE).status()))
                .as("confirmed, sequence behind the replay").isEqualTo("NFS4ERR_SEQ_MISORDERED");
    }

    @Test
    void aCreateSessionForAnUnknownClientIdIsStale() throws IOException {
        Session s = new Session(connect(), unique("cs-stale"));
        s.exchangeId();
        CREATE_SESSION4res r = s.createSession(s.clientId() ^ 0x00ffff0000000000L, 1, Session.DEFAULT_FORE);
        assertThat(Res.name(r.status())).isEqualTo("NFS4ERR_STALE_CLIENTID");
        assertThat(Res.name(s.createSession(0x7777777777777777L, 1, Session.DEFAULT_FORE).status()))
                .isEqualTo("NFS4ERR_STALE_CLIENTID");
    }

    @Test
    void channelAttributesAreNegotiatedDownToTheServersLimits() throws IOException {
        Session s = new Session(connect(), unique("cs-attrs"));
        s.exchangeId();
        ChannelAttrs4 greedy = new ChannelAttrs4(0, 64 << 20, 64 << 20, 64 << 20, 1000, 1000, null);
        CREATE_SESSION4res r = s.createSession(greedy);
        assertThat(Res.name(r.status())).isEqualTo("NFS4_OK");
        ChannelAttrs4 f = r.resok().foreChanAttrs();
        assertThat(f.maxrequests()).isEqualTo(TestGateway.MAX_SLOTS);
        assertThat(f.maxoperations()).isEqualTo(TestGateway.MAX_OPERATIONS);
        assertThat(f.maxrequestsize()).isEqualTo(TestGateway.MAX_RECORD);
        assertThat(f.maxresponsesize()).isEqualTo(TestGateway.MAX_RECORD);
        assertThat(f.maxresponsesizeCached()).isLessThan(64 << 20).isPositive();
        assertThat(f.headerpadsize()).isZero();

        // and a modest client keeps its own, lower values
        Session modest = new Session(connect(), unique("cs-attrs-modest"));
        modest.exchangeId();
        ChannelAttrs4 small = new ChannelAttrs4(0, 8192, 8192, 4096, 4, 2, null);
        ChannelAttrs4 got = modest.createSession(small).resok().foreChanAttrs();
        assertThat(got.maxrequests()).isEqualTo(2);
        assertThat(got.maxoperations()).isEqualTo(4);
        assertThat(got.maxrequestsize()).isEqualTo(8192);
        assertThat(got.maxresponsesize()).isEqualTo(8192);
        assertThat(got.maxresponsesizeCached()).isEqualTo(4096);
    }

    @Test
    void destroyClientIdOfAClientWithASessionIsBusy() throws IOException {
        Session s = newSession("busy");
        COMPOUND4res r = s.destroyClientId();
        assertFailed(r, OP_DESTROY_CLIENTID, NfsStat4.NFS4ERR_CLIENTID_BUSY);
        assertOk(s.seq(putrootfh()));
    }
}
