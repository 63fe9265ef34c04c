package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.actors.state.SequenceGate.Result;
import org.awaitility.Awaitility;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One session actor with a probe as its client actor; SEQUENCEs through its gate. */
class SessionActorTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final long CLIENT = Ids.clientId(1, 2, 3);
    private static final byte[] SID = Ids.sessionId(CLIENT, 1, 99);
    /** caches COMPOUND4res of up to 16 bytes: ca_maxresponsesize_cached counts the RPC reply header too */
    private static final ChannelLimits FORE = new ChannelLimits(1 << 20, 1 << 20, 16 + ChannelLimits.RPC_REPLY_HEADER, 8, 4);

    private TestProbe<ClientActor.Command> client;
    private TestProbe<Status> status;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        client = kit.createTestProbe();
        status = kit.createTestProbe();
    }

    private SequenceGate gate;

    private ActorRef<SessionActor.Command> session(boolean backChannel, FakeConnection creator) {
        gate = new SequenceGate(FORE, new ClientLease(), () -> client.ref().tell(new ClientActor.Renew(CLIENT)), false);
        return kit.spawn(SessionActor.create(client.ref(), CLIENT, SID, gate, backChannel, 0x40000000, creator));
    }

    private Result sequence(int slot, int seq, long hash) {
        return gate.sequence(slot, seq, hash, SequenceGate.Demand.NONE);
    }

    private int destroy(ActorRef<SessionActor.Command> s, int callerSlot) {
        s.tell(new SessionActor.Destroy(callerSlot, new FakeConnection(5), status.ref()));
        return status.receiveMessage().status();
    }

    @Test
    void destroyWaitsForBusySlotsButNotTheCallersOwn() {
        ActorRef<SessionActor.Command> s = session(false, null);
        sequence(0, 1, 1);
        sequence(1, 1, 1);
        assertThat(destroy(s, -1)).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        assertThat(destroy(s, 1)).as("slot 0 is still busy").isEqualTo(NfsStat4.NFS4ERR_DELAY);
        gate.complete(0, 1, new byte[] {1});
        assertThat(destroy(s, 1)).isEqualTo(NfsStat4.NFS4_OK);
        client.fishForMessage(Duration.ofSeconds(3), m -> m instanceof ClientActor.SessionEnded e
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        // the client actor has not stopped us yet: everything is refused meanwhile
        assertThat(sequence(2, 1, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(destroy(s, -1)).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        TestProbe<SessionActor.BindReply> bind = kit.createTestProbe();
        s.tell(new SessionActor.BindConnection(new FakeConnection(9), true, true, bind.ref()));
        assertThat(bind.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        s.tell(new SessionActor.Stop());
        // stopped, it still answers for a while: requests routed to it just before get BADSESSION, not silence
        s.tell(new SessionActor.BindConnection(new FakeConnection(9), true, true, bind.ref()));
        assertThat(bind.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void aSessionStoppedWithItsClientClosesItsGate() {
        ActorRef<SessionActor.Command> s = session(false, null);
        assertThat(sequence(0, 1, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
        kit.stop(s);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(gate::closed);
        gate.complete(0, 1, new byte[] {1});
        assertThat(sequence(0, 2, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void destroyOfAnIdleSessionTellsTheClient() {
        ActorRef<SessionActor.Command> s = session(false, null);
        assertThat(destroy(s, -1)).isEqualTo(NfsStat4.NFS4_OK);
        ClientActor.Command m = client.receiveMessage();
        assertThat(m).isInstanceOf(ClientActor.SessionEnded.class);
        assertThat(((ClientActor.SessionEnded) m).sessionId()).isEqualTo(SID);
    }

    @Test
    void theBackChannelPathIsReportedDownWithoutAConnectionForIt() {
        ActorRef<SessionActor.Command> s = session(true, null);
        SequenceGate withBack = gate;
        // the actor publishes the flags once it has started
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> flags(withBack, 0, 1) != 0);
        assertThat(flags(withBack, 0, 2)).isEqualTo(Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION);
        TestProbe<SessionActor.BindReply> bind = kit.createTestProbe();
        FakeConnection back = new FakeConnection(7);
        s.tell(new SessionActor.BindConnection(back, false, true, bind.ref()));
        SessionActor.BindReply br = bind.receiveMessage();
        assertThat(br.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(br.back()).isTrue();
        assertThat(flags(withBack, 0, 3)).isZero();
        s.tell(new SessionActor.ConnectionClosed(new FakeConnection(7)));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> flags(withBack, 1, 1) != 0);
        assertThat(flags(withBack, 1, 2)).isEqualTo(Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION);
        // without a back channel asked for, none is granted and nothing is reported
        ActorRef<SessionActor.Command> fore = session(false, null);
        fore.tell(new SessionActor.BindConnection(back, false, true, bind.ref()));
        SessionActor.BindReply none = bind.receiveMessage();
        assertThat(none.back()).isFalse();
        assertThat(none.fore()).isTrue();
        assertThat(flags(gate, 0, 1)).isZero();
    }

    /** sr_status_flags of a new request on {@code slot} with {@code seq}, completed at once. */
    private static int flags(SequenceGate g, int slot, int seq) {
        Result r = g.sequence(slot, seq, seq, SequenceGate.Demand.NONE);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        g.complete(slot, seq, new byte[] {1});
        return r.statusFlags();
    }
}
