package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.util.List;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.DESTROY_CLIENTID4args;
import org.cephgw.protocol.nfs4.DESTROY_SESSION4args;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/**
 * DESTROY_SESSION (RFC 8881 §18.37) and DESTROY_CLIENTID (§18.50): a client that cleans up
 * leaves nothing behind. Its own gateway, so that GET /clients sees no other test's clients.
 */
class DestroyTest extends GatewayTestBase {

    @Test
    void destroySessionThenDestroyClientIdLeavesNoClient() throws Exception {
        assertThat(gw.clients().get("count").asInt()).isZero();
        Session s = newSession("destroy");
        String file = unique("destroy");
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        assertThat(gw.clients().get("count").asInt()).isEqualTo(1);
        assertThat(gw.clientIds()).containsExactly(s.clientIdHex());

        // a client with a session cannot go; nor one with state
        assertFailed(s.destroyClientId(), OP_DESTROY_CLIENTID, NfsStat4.NFS4ERR_CLIENTID_BUSY);
        // DESTROY_CLIENTID after SEQUENCE of the client's own session: the session is live
        assertFailed(s.seq(new DESTROY_CLIENTID4args(s.clientId())), OP_DESTROY_CLIENTID, NfsStat4.NFS4ERR_CLIENTID_BUSY);
        assertOk(s.seq(list(root("rw"), lookup(file), close(sid))));

        assertOk(s.destroySession());
        assertFailed(s.seq(putrootfh()), OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
        assertFailed(s.destroySession(), OP_DESTROY_SESSION, NfsStat4.NFS4ERR_BADSESSION);
        assertOk(s.destroyClientId());
        assertThat(gw.clients().get("count").asInt()).isZero();
        assertFailed(s.destroyClientId(), OP_DESTROY_CLIENTID, NfsStat4.NFS4ERR_STALE_CLIENTID);

        // the owner can come back as a new client
        Session again = new Session(s.client(), s.ownerId(), s.verifier());
        again.establish();
        assertThat(again.clientId()).isNotEqualTo(s.clientId());
        again.destroy();
        assertThat(gw.clients().get("count").asInt()).isZero();
    }

    @Test
    void destroySessionInsideItsOwnSessionWorks() throws Exception {
        Session s = newSession("destroy-self");
        COMPOUND4res r = s.seq(new DESTROY_SESSION4args(s.sessionId()));
        assertOk(r);
        assertFailed(s.seq(putrootfh()), OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
        assertOk(s.destroyClientId());
        assertThat(gw.clientIds()).doesNotContain(s.clientIdHex());
    }

    @Test
    void aClientThatOnlyExchangedIdsCanBeDestroyed() throws IOException, InterruptedException {
        Session s = new Session(connect(), unique("destroy-unconfirmed"));
        s.exchangeId();
        assertThat(gw.clientIds()).contains(s.clientIdHex());
        assertOk(s.client().compound(1, List.of(new DESTROY_CLIENTID4args(s.clientId()))));
        assertThat(gw.clientIds()).doesNotContain(s.clientIdHex());
        assertThat(Res.name(s.createSession().status())).isEqualTo("NFS4ERR_STALE_CLIENTID");
    }
}
