package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.actors.state.SessionActor.SequenceReply;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One session actor with a probe as its client actor. */
class SessionActorTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final long CLIENT = Ids.clientId(1, 2, 3);
    private static final byte[] SID = Ids.sessionId(CLIENT, 1, 99);
    /** caches COMPOUND4res of up to 16 bytes: ca_maxresponsesize_cached counts the RPC reply header too */
    private static final ChannelLimits FORE = new ChannelLimits(1 << 20, 1 << 20, 16 + ChannelLimits.RPC_REPLY_HEADER, 8, 4);

    private TestProbe<ClientActor.Command> client;
    private TestProbe<SequenceReply> replies;
    private TestProbe<Status> status;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        client = kit.createTestProbe();
        replies = kit.createTestProbe();
        status = kit.createTestProbe();
    }

    private ActorRef<SessionActor.Command> session(boolean backChannel, FakeConnection creator) {
        return kit.spawn(SessionActor.create(client.ref(), CLIENT, SID, FORE, backChannel, 0x40000000, creator, false));
    }

    private SequenceReply sequence(ActorRef<SessionActor.Command> s, int slot, int seq, long hash) {
        s.tell(new SessionActor.Sequence(slot, seq, FORE.maxRequests() - 1, hash, new FakeConnection(5), replies.ref()));
        return replies.receiveMessage();
    }

    private SequenceReply sequence(ActorRef<SessionActor.Command> s, int slot, int seq, SessionActor.Demand demand) {
        s.tell(new SessionActor.Sequence(slot, seq, FORE.maxRequests() - 1, 10, new FakeConnection(5), replies.ref(), demand));
        return replies.receiveMessage();
    }

    private int destroy(ActorRef<SessionActor.Command> s, int callerSlot) {
        s.tell(new SessionActor.Destroy(callerSlot, new FakeConnection(5), status.ref()));
        return status.receiveMessage().status();
    }

    @Test
    void aNewRequestIsExecutedAndRenewsTheLease() {
        ActorRef<SessionActor.Command> s = session(false, new FakeConnection(1));
        SequenceReply r = sequence(s, 0, 1, 10);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.replay()).isNull();
        assertThat(r.highestSlotId()).isEqualTo(3);
        assertThat(r.targetHighestSlotId()).isEqualTo(3);
        assertThat(r.statusFlags()).isZero();
        assertThat(r.reclaimComplete()).isFalse();
        assertThat(client.receiveMessage()).isEqualTo(new ClientActor.Renew(CLIENT));
    }

    @Test
    void aCompoundBeyondTheChannelLimitsFailsAtSequenceAndLeavesSlotAndLeaseAlone() {
        ActorRef<SessionActor.Command> s = session(false, null);
        int big = 1 << 20;
        int cached = FORE.maxResponseSizeCached();
        assertThat(sequence(s, 0, 1, new SessionActor.Demand(9, 100, 100, false)).status())
                .isEqualTo(NfsStat4.NFS4ERR_TOO_MANY_OPS);
        assertThat(sequence(s, 0, 1, new SessionActor.Demand(8, big + 1, 100, false)).status())
                .isEqualTo(NfsStat4.NFS4ERR_REQ_TOO_BIG);
        assertThat(sequence(s, 0, 1, new SessionActor.Demand(8, big, big + 1, false)).status())
                .isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(sequence(s, 0, 1, new SessionActor.Demand(8, big, cached + 1, true)).status())
                .isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        client.expectNoMessage(Duration.ofMillis(50));
        // the slot still expects seqid 1; at the limits the request runs
        assertThat(sequence(s, 0, 1, new SessionActor.Demand(8, big, cached, true)).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(client.receiveMessage()).isEqualTo(new ClientActor.Renew(CLIENT));
    }

    @Test
    void completedRequestsAreReplayedAndJudgedThroughTheActor() {
        ActorRef<SessionActor.Command> s = session(false, null);
        sequence(s, 2, 1, 10);
        // in progress
        assertThat(sequence(s, 2, 1, 10).status()).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        s.tell(new SessionActor.Complete(2, 1, new byte[] {4, 2}));
        SequenceReply replay = sequence(s, 2, 1, 10);
        assertThat(replay.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(replay.replay()).containsExactly(4, 2);
        assertThat(sequence(s, 2, 1, 11).status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
        assertThat(sequence(s, 2, 3, 12).status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(sequence(s, 4, 1, 12).status()).isEqualTo(NfsStat4.NFS4ERR_BADSLOT);
        // a reply larger than ca_maxresponsesize_cached (16 bytes after the RPC header) is not kept
        sequence(s, 2, 2, 13);
        s.tell(new SessionActor.Complete(2, 2, new byte[17]));
        assertThat(sequence(s, 2, 2, 13).status()).isEqualTo(NfsStat4.NFS4ERR_RETRY_UNCACHED_REP);
        // only the executed requests renewed the lease
        assertThat(client.receiveMessage()).isEqualTo(new ClientActor.Renew(CLIENT));
        assertThat(client.receiveMessage()).isEqualTo(new ClientActor.Renew(CLIENT));
        client.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void destroyWaitsForBusySlotsButNotTheCallersOwn() {
        ActorRef<SessionActor.Command> s = session(false, null);
        sequence(s, 0, 1, 1);
        sequence(s, 1, 1, 1);
        assertThat(destroy(s, -1)).isEqualTo(NfsStat4.NFS4ERR_DELAY);
        assertThat(destroy(s, 1)).as("slot 0 is still busy").isEqualTo(NfsStat4.NFS4ERR_DELAY);
        s.tell(new SessionActor.Complete(0, 1, new byte[] {1}));
        assertThat(destroy(s, 1)).isEqualTo(NfsStat4.NFS4_OK);
        client.fishForMessage(Duration.ofSeconds(3), m -> m instanceof ClientActor.SessionEnded e
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        // the client actor has not stopped us yet: everything is refused meanwhile
        assertThat(sequence(s, 2, 1, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(sequence(s, 0, 2, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        assertThat(destroy(s, -1)).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        TestProbe<SessionActor.BindReply> bind = kit.createTestProbe();
        s.tell(new SessionActor.BindConnection(new FakeConnection(9), true, true, bind.ref()));
        assertThat(bind.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
        s.tell(new SessionActor.Stop());
        // stopped, it still answers for a while: requests routed to it just before get BADSESSION, not silence
        assertThat(sequence(s, 3, 1, 1).status()).isEqualTo(NfsStat4.NFS4ERR_BADSESSION);
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
        assertThat(sequence(s, 0, 1, 1).statusFlags()).isEqualTo(Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION);
        s.tell(new SessionActor.Complete(0, 1, new byte[] {1}));
        TestProbe<SessionActor.BindReply> bind = kit.createTestProbe();
        FakeConnection back = new FakeConnection(7);
        s.tell(new SessionActor.BindConnection(back, false, true, bind.ref()));
        SessionActor.BindReply br = bind.receiveMessage();
        assertThat(br.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(br.back()).isTrue();
        assertThat(sequence(s, 0, 2, 2).statusFlags()).isZero();
        s.tell(new SessionActor.Complete(0, 2, new byte[] {1}));
        s.tell(new SessionActor.ConnectionClosed(new FakeConnection(7)));
        assertThat(sequence(s, 0, 3, 3).statusFlags()).isEqualTo(Nfs4Const.SEQ4_STATUS_CB_PATH_DOWN_SESSION);
        // without a back channel asked for, none is granted and nothing is reported
        ActorRef<SessionActor.Command> fore = session(false, null);
        fore.tell(new SessionActor.BindConnection(back, false, true, bind.ref()));
        SessionActor.BindReply none = bind.receiveMessage();
        assertThat(none.back()).isFalse();
        assertThat(none.fore()).isTrue();
        assertThat(sequence(fore, 0, 1, 1).statusFlags()).isZero();
    }

    @Test
    void reclaimCompleteIsReportedOnLaterSequences() {
        ActorRef<SessionActor.Command> s = session(false, null);
        assertThat(sequence(s, 0, 1, 1).reclaimComplete()).isFalse();
        s.tell(new SessionActor.Complete(0, 1, new byte[] {1}));
        s.tell(new SessionActor.ReclaimCompleted());
        assertThat(sequence(s, 0, 2, 2).reclaimComplete()).isTrue();
    }
}
