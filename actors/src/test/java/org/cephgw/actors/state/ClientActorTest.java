package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.actors.state.ClientProtocol.ClientInfo;
import org.cephgw.actors.state.ClientProtocol.CreateSessionRequest;
import org.cephgw.actors.state.ClientProtocol.CreateSessionResult;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdRequest;
import org.cephgw.actors.state.ClientProtocol.ExchangeIdResult;
import org.cephgw.actors.state.ClientProtocol.SessionHandle;
import org.cephgw.actors.state.ClientProtocol.StateLocation;
import org.cephgw.actors.state.ClientProtocol.Status;
import org.cephgw.fsal.FileHandle;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client records through the {@link ClientRegistry} and its {@link ClientActor}s: EXCHANGE_ID
 * (RFC 8881 §18.35.5, cases 1-9), CREATE_SESSION (§18.36.4), DESTROY_CLIENTID, leases. A probe
 * stands in for the OpenFiles actor to see what state is given back.
 */
class ClientActorTest {
    private static final ActorTestKit kit = TestKits.create();
    private static final int HEAD = 3;
    private static final int BOOT = 0x00abcdef;
    private static final ChannelLimits FORE = new ChannelLimits(1 << 20, 1 << 20, 4096, 16, 8);
    private static final InetSocketAddress ADDR = new InetSocketAddress("10.0.0.1", 800);
    private static final FileKey FILE = new FileKey(1, new FileHandle(new byte[] {1, 2, 3}));
    private static final FileKey FILE2 = new FileKey(1, new FileHandle(new byte[] {4, 5, 6}));

    private TestProbe<OpenFiles.Command> openFiles;
    private ActorRef<ClientRegistry.Command> registry;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        openFiles = kit.createTestProbe();
        registry = kit.spawn(ClientRegistry.create(HEAD, BOOT, Duration.ofSeconds(60), openFiles.ref()));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long issued(int n) {
        return Ids.clientId(HEAD, BOOT, n);
    }

    private ExchangeIdResult eid(String owner, String verifier, String principal, boolean update) {
        return eid(registry, owner, verifier, principal, update);
    }

    private static ExchangeIdResult eid(ActorRef<ClientRegistry.Command> reg, String owner, String verifier,
                                        String principal, boolean update) {
        TestProbe<ExchangeIdResult> p = kit.createTestProbe();
        reg.tell(new ClientRegistry.ExchangeId(new ExchangeIdRequest(b(owner), b(verifier), principal, update, ADDR),
                p.ref()));
        return p.receiveMessage();
    }

    private CreateSessionResult cs(long clientId, int seq, String principal) {
        return cs(registry, clientId, seq, principal);
    }

    private static CreateSessionResult cs(ActorRef<ClientRegistry.Command> reg, long clientId, int seq, String principal) {
        TestProbe<CreateSessionResult> p = kit.createTestProbe();
        reg.tell(new ClientRegistry.CreateSession(new CreateSessionRequest(clientId, seq, principal, false, FORE, FORE,
                0x40000000, new FakeConnection(1)), p.ref()));
        return p.receiveMessage();
    }

    private int destroyClientId(long clientId) {
        TestProbe<Status> p = kit.createTestProbe();
        registry.tell(new ClientRegistry.DestroyClientId(clientId, p.ref()));
        return p.receiveMessage().status();
    }

    private static Optional<SessionHandle> findSession(ActorRef<ClientRegistry.Command> reg, byte[] sid) {
        TestProbe<Optional<SessionHandle>> p = kit.createTestProbe();
        reg.tell(new ClientRegistry.FindSession(sid, p.ref()));
        return p.receiveMessage();
    }

    private static Optional<ActorRef<ClientActor.Command>> findClient(ActorRef<ClientRegistry.Command> reg, long id) {
        TestProbe<Optional<ActorRef<ClientActor.Command>>> p = kit.createTestProbe();
        reg.tell(new ClientRegistry.FindClient(id, p.ref()));
        return p.receiveMessage();
    }

    private static List<ClientInfo> list(ActorRef<ClientRegistry.Command> reg) {
        TestProbe<List<ClientInfo>> p = kit.createTestProbe();
        reg.tell(new ClientRegistry.ListClients(p.ref()));
        return p.receiveMessage();
    }

    private static void destroySession(ActorRef<ClientRegistry.Command> reg, byte[] sid) {
        SessionHandle h = findSession(reg, sid).orElseThrow();
        TestProbe<Status> p = kit.createTestProbe();
        h.session().tell(new SessionActor.Destroy(-1, null, p.ref()));
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4_OK);
        p.awaitAssert(() -> {
            assertThat(findSession(reg, sid)).isEmpty();
            return null;
        });
    }

    /** An entity reports a stateid of {@code clientId} on {@code file}. */
    private void addState(long clientId, byte[] other, FileKey file) {
        findClient(registry, clientId).orElseThrow().tell(new ClientActor.StateAdded(clientId, other, file));
    }

    private static byte[] other(int n) {
        return Ids.stateOther(1, 7, n);
    }

    /** A confirmed record with one session. */
    private long confirmed(String owner, String verifier, String principal) {
        ExchangeIdResult r = eid(owner, verifier, principal, false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(cs(r.clientId(), r.sequenceId(), principal).status()).isEqualTo(NfsStat4.NFS4_OK);
        return r.clientId();
    }

    // ------------------------------------------------------------------ EXCHANGE_ID

    @Test
    void case1NewOwnerGetsAnUnconfirmedRecord() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.clientId()).isEqualTo(issued(1));
        assertThat(Ids.head(r.clientId())).isEqualTo(HEAD);
        assertThat(Ids.boot(r.clientId())).isEqualTo(BOOT);
        assertThat(r.confirmed()).isFalse();
        assertThat(r.sequenceId()).isEqualTo(1);
        assertThat(findClient(registry, r.clientId())).isPresent();
        // another owner gets another id
        assertThat(eid("host-b", "v1", "sys:0", false).clientId()).isEqualTo(issued(2));
    }

    @Test
    void case2SameVerifierAndPrincipalGetTheSameClientId() {
        long c = confirmed("host-a", "v1", "sys:0");
        ExchangeIdResult again = eid("host-a", "v1", "sys:0", false);
        assertThat(again.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(again.clientId()).isEqualTo(c);
        assertThat(again.confirmed()).isTrue();
        assertThat(again.sequenceId()).as("the next CREATE_SESSION sequence").isEqualTo(2);
        assertThat(cs(c, 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void clientIdsIssuedButNotUsedDoNotStayInTheRegistry() {
        long c = confirmed("host-a", "v1", "sys:0");
        for (int i = 0; i < 5; i++) {
            assertThat(eid("host-a", "v1", "sys:0", false).clientId()).isEqualTo(c);
        }
        // each EXCHANGE_ID reserved a fresh id (2..6) the owner did not need: it must be forgotten
        for (int n = 2; n <= 6; n++) {
            long unused = issued(n);
            kit.createTestProbe().awaitAssert(() -> {
                assertThat(findClient(registry, unused)).as("clientid %d", unused).isEmpty();
                return null;
            });
        }
        assertThat(findClient(registry, c)).isPresent();
    }

    @Test
    void case3CollisionWithAnotherPrincipalWhileTheRecordHoldsStateIsRefused() {
        long c = confirmed("host-a", "v1", "sys:0");
        destroySession(registry, findAnySession(c));
        addState(c, other(1), FILE);
        ExchangeIdResult r = eid("host-a", "v9", "sys:1000", false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4ERR_CLID_INUSE);
        // the holder is untouched
        openFiles.expectNoMessage(Duration.ofMillis(100));
        ExchangeIdResult holder = eid("host-a", "v1", "sys:0", false);
        assertThat(holder.clientId()).isEqualTo(c);
        assertThat(holder.confirmed()).isTrue();
    }

    @Test
    void case3CollisionWithARecordThatHasALiveSessionIsRefused() {
        // a mounted client without open files still uses its clientid (sessions count as state)
        confirmed("host-a", "v1", "sys:0");
        assertThat(eid("host-a", "v1", "sys:1000", false).status()).isEqualTo(NfsStat4.NFS4ERR_CLID_INUSE);
    }

    @Test
    void case3CollisionWithoutStateReplacesTheRecord() {
        long c = confirmed("host-a", "v1", "sys:0");
        destroySession(registry, findAnySession(c));
        ExchangeIdResult r = eid("host-a", "v1", "sys:1000", false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.clientId()).isNotEqualTo(c);
        assertThat(r.confirmed()).isFalse();
        assertThat(r.sequenceId()).isEqualTo(1);
        assertThat(cs(c, 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
        assertThat(cs(r.clientId(), 1, "sys:1000").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void case4AnUnconfirmedRecordIsReplaced() {
        ExchangeIdResult first = eid("host-a", "v1", "sys:0", false);
        ExchangeIdResult second = eid("host-a", "v2", "sys:0", false);
        assertThat(second.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(second.clientId()).isNotEqualTo(first.clientId());
        assertThat(second.confirmed()).isFalse();
        assertThat(cs(first.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
        kit.createTestProbe().awaitAssert(() -> {
            assertThat(findClient(registry, first.clientId())).isEmpty();
            return null;
        });
        assertThat(cs(second.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void case5ClientRestartReleasesTheOldStateOnlyWhenTheNewRecordIsConfirmed() {
        long old = confirmed("host-a", "boot1", "sys:0");
        byte[] oldSession = findAnySession(old);
        addState(old, other(1), FILE);
        addState(old, other(2), FILE2);
        addState(old, other(3), FILE);
        ExchangeIdResult r = eid("host-a", "boot2", "sys:0", false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.clientId()).isNotEqualTo(old);
        assertThat(r.confirmed()).isFalse();
        assertThat(r.sequenceId()).isEqualTo(1);
        // until then the previous incarnation keeps everything
        openFiles.expectNoMessage(Duration.ofMillis(200));
        assertThat(findClient(registry, old)).isPresent();
        assertThat(findSession(registry, oldSession)).isPresent();
        assertThat(cs(r.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
        // one release per file
        List<OpenFiles.Command> released = List.of(openFiles.receiveMessage(), openFiles.receiveMessage());
        assertThat(released).containsExactlyInAnyOrder(new OpenFiles.ReleaseClient(FILE, old),
                new OpenFiles.ReleaseClient(FILE2, old));
        openFiles.expectNoMessage(Duration.ofMillis(100));
        kit.createTestProbe().awaitAssert(() -> {
            assertThat(findClient(registry, old)).isEmpty();
            assertThat(findSession(registry, oldSession)).isEmpty();
            return null;
        });
        assertThat(eid("host-a", "boot2", "sys:0", true).clientId()).isEqualTo(r.clientId());
    }

    @Test
    void case6UpdateOfTheConfirmedRecord() {
        long c = confirmed("host-a", "v1", "sys:0");
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", true);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.clientId()).isEqualTo(c);
        assertThat(r.confirmed()).isTrue();
    }

    @Test
    void case7UpdateWithoutAConfirmedRecordIsNoent() {
        assertThat(eid("host-a", "v1", "sys:0", true).status()).isEqualTo(NfsStat4.NFS4ERR_NOENT);
        // an unconfirmed record is no confirmed one
        eid("host-b", "v1", "sys:0", false);
        assertThat(eid("host-b", "v1", "sys:0", true).status()).isEqualTo(NfsStat4.NFS4ERR_NOENT);
    }

    @Test
    void case8UpdateWithAnotherVerifierIsNotSame() {
        confirmed("host-a", "v1", "sys:0");
        assertThat(eid("host-a", "v2", "sys:0", true).status()).isEqualTo(NfsStat4.NFS4ERR_NOT_SAME);
    }

    @Test
    void case9UpdateByAnotherPrincipalIsPerm() {
        confirmed("host-a", "v1", "sys:0");
        assertThat(eid("host-a", "v1", "sys:7", true).status()).isEqualTo(NfsStat4.NFS4ERR_PERM);
        // case 8 needs the same principal: with both different it is still case 9
        assertThat(eid("host-a", "v2", "sys:7", true).status()).isEqualTo(NfsStat4.NFS4ERR_PERM);
    }

    // ------------------------------------------------------------------ CREATE_SESSION

    @Test
    void createSessionReplayReturnsTheCachedResultWithoutANewSession() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        CreateSessionResult first = cs(r.clientId(), 1, "sys:0");
        assertThat(first.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(Ids.clientIdOfSession(first.sessionId())).isEqualTo(r.clientId());
        CreateSessionResult replay = cs(r.clientId(), 1, "sys:0");
        assertThat(replay.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(replay.sessionId()).isEqualTo(first.sessionId());
        assertThat(list(registry)).singleElement().satisfies(i -> assertThat(i.sessions()).isEqualTo(1));
        CreateSessionResult next = cs(r.clientId(), 2, "sys:0");
        assertThat(next.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(next.sessionId()).isNotEqualTo(first.sessionId());
        assertThat(findSession(registry, next.sessionId())).isPresent();
        assertThat(findSession(registry, first.sessionId())).isPresent();
    }

    @Test
    void createSessionOutOfSequenceIsMisordered() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        // unconfirmed: only the sequence EXCHANGE_ID gave
        assertThat(cs(r.clientId(), 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(cs(r.clientId(), 0, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(cs(r.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
        // confirmed: next or replay of the last
        assertThat(cs(r.clientId(), 3, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(cs(r.clientId(), 0, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertThat(cs(r.clientId(), 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void createSessionForAnUnknownClientIdIsStale() {
        assertThat(cs(issued(42), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
        assertThat(cs(Ids.clientId(HEAD, BOOT - 1, 1), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
    }

    @Test
    void confirmingAnotherPrincipalsRecordIsClidInuse() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        assertThat(cs(r.clientId(), 1, "sys:1000").status()).isEqualTo(NfsStat4.NFS4ERR_CLID_INUSE);
        assertThat(cs(r.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    // ------------------------------------------------------------------ DESTROY_CLIENTID, state index

    @Test
    void destroyClientIdIsRefusedWhileSessionsOrStateRemain() {
        long c = confirmed("host-a", "v1", "sys:0");
        assertThat(destroyClientId(c)).isEqualTo(NfsStat4.NFS4ERR_CLIENTID_BUSY);
        destroySession(registry, findAnySession(c));
        addState(c, other(1), FILE);
        assertThat(destroyClientId(c)).isEqualTo(NfsStat4.NFS4ERR_CLIENTID_BUSY);
        findClient(registry, c).orElseThrow().tell(new ClientActor.StateRemoved(c, other(1)));
        assertThat(destroyClientId(c)).isEqualTo(NfsStat4.NFS4_OK);
        openFiles.expectNoMessage(Duration.ofMillis(50));
        kit.createTestProbe().awaitAssert(() -> {
            assertThat(findClient(registry, c)).isEmpty();
            return null;
        });
        assertThat(destroyClientId(c)).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
    }

    @Test
    void statesAreLocatedByTheirClient() {
        long c = confirmed("host-a", "v1", "sys:0");
        addState(c, other(1), FILE);
        addState(c, other(2), FILE2);
        TestProbe<List<StateLocation>> p = kit.createTestProbe();
        ActorRef<ClientActor.Command> client = findClient(registry, c).orElseThrow();
        client.tell(new ClientActor.LocateStates(c, List.of(other(2), other(9), other(1)), p.ref()));
        List<StateLocation> found = p.receiveMessage();
        assertThat(found).hasSize(3);
        assertThat(found.get(0).file()).isEqualTo(FILE2);
        assertThat(found.get(1)).isNull();
        assertThat(found.get(2).file()).isEqualTo(FILE);
        // another client's id finds nothing
        client.tell(new ClientActor.LocateStates(c + 1, List.of(other(1)), p.ref()));
        assertThat(p.receiveMessage()).containsExactly((StateLocation) null);
    }

    @Test
    void stateReportedForAGoneClientIsGivenBackAtOnce() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        ActorRef<ClientActor.Command> client = findClient(registry, r.clientId()).orElseThrow();
        client.tell(new ClientActor.StateAdded(r.clientId() + 1000, other(1), FILE));
        openFiles.expectMessage(new OpenFiles.ReleaseClient(FILE, r.clientId() + 1000));
    }

    @Test
    void reclaimCompleteOnceAndSessionsLearnIt() {
        long c = confirmed("host-a", "v1", "sys:0");
        SessionHandle h = findSession(registry, findAnySession(c)).orElseThrow();
        ActorRef<ClientActor.Command> client = findClient(registry, c).orElseThrow();
        TestProbe<Status> p = kit.createTestProbe();
        client.tell(new ClientActor.ReclaimComplete(c, p.ref()));
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4_OK);
        client.tell(new ClientActor.ReclaimComplete(c, p.ref()));
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_COMPLETE_ALREADY);
        client.tell(new ClientActor.ReclaimComplete(c + 1, p.ref()));
        assertThat(p.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
        // the session's next SEQUENCE knows it, whichever thread it runs on
        assertThat(sequence(h, 0, 1).reclaimComplete()).isTrue();
        // a session created afterwards knows it from the start
        CreateSessionResult later = cs(c, 2, "sys:0");
        assertThat(sequence(findSession(registry, later.sessionId()).orElseThrow(), 0, 1).reclaimComplete()).isTrue();
    }

    // ------------------------------------------------------------------ leases, idle owners, listing

    @Test
    void aClientWithoutStateIsForgottenWhenItsLeaseExpires() {
        TestProbe<OpenFiles.Command> of = kit.createTestProbe();
        ActorRef<ClientRegistry.Command> reg = kit.spawn(ClientRegistry.create(HEAD, BOOT, Duration.ofMillis(500), of.ref()));
        ExchangeIdResult r = eid(reg, "host-a", "v1", "sys:0", false);
        CreateSessionResult s = cs(reg, r.clientId(), 1, "sys:0");
        ActorRef<ClientActor.Command> client = findClient(reg, r.clientId()).orElseThrow();
        kit.createTestProbe().expectTerminated(client, Duration.ofSeconds(3));
        assertThat(findSession(reg, s.sessionId())).isEmpty();
        of.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aCourtesyClientKeepsItsStateUntilItComesBack() {
        TestProbe<OpenFiles.Command> of = kit.createTestProbe();
        ActorRef<ClientRegistry.Command> reg = kit.spawn(ClientRegistry.create(HEAD, BOOT, Duration.ofMillis(500), of.ref()));
        ExchangeIdResult r = eid(reg, "host-a", "v1", "sys:0", false);
        CreateSessionResult s = cs(reg, r.clientId(), 1, "sys:0");
        SessionHandle h = findSession(reg, s.sessionId()).orElseThrow();
        ActorRef<ClientActor.Command> client = findClient(reg, r.clientId()).orElseThrow();
        client.tell(new ClientActor.StateAdded(r.clientId(), other(1), FILE));
        // silence beyond the lease: the files hear that its state is kept only by courtesy
        assertThat(of.receiveMessage(Duration.ofSeconds(3)))
                .isEqualTo(new OpenFiles.Forward(FILE, new OpenFileActor.Courtesy(r.clientId(), true)));
        of.expectNoMessage(Duration.ofMillis(600));
        assertThat(findSession(reg, s.sessionId())).isPresent();
        // it is back: the same session works and the state is its own again
        assertThat(sequence(h, 0, 1).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(of.receiveMessage(Duration.ofSeconds(3)))
                .isEqualTo(new OpenFiles.Forward(FILE, new OpenFileActor.Courtesy(r.clientId(), false)));
    }

    @Test
    void aClientHoldingLocksInTheBackEndGetsNoCourtesy() {
        TestProbe<OpenFiles.Command> of = kit.createTestProbe();
        ActorRef<ClientRegistry.Command> reg = kit.spawn(ClientRegistry.create(HEAD, BOOT, Duration.ofMillis(500), of.ref()));
        ExchangeIdResult r = eid(reg, "host-a", "v1", "sys:0", false);
        cs(reg, r.clientId(), 1, "sys:0");
        ActorRef<ClientActor.Command> client = findClient(reg, r.clientId()).orElseThrow();
        client.tell(new ClientActor.StateAdded(r.clientId(), other(1), FILE));
        client.tell(new ClientActor.StateAdded(r.clientId(), other(2), FILE, true, true));
        // other heads and CephFS clients would never make the file release it: it goes with the lease
        assertThat(of.receiveMessage(Duration.ofSeconds(3))).isEqualTo(new OpenFiles.ReleaseClient(FILE, r.clientId()));
        kit.createTestProbe().expectTerminated(client, Duration.ofSeconds(3));
    }

    @Test
    void anExpiredLeaseEndsSessionsForgetsClientIdsAndReleasesState() {
        TestProbe<OpenFiles.Command> of = kit.createTestProbe();
        ActorRef<ClientRegistry.Command> reg = kit.spawn(ClientRegistry.create(HEAD, BOOT, Duration.ofMillis(500), of.ref()));
        ExchangeIdResult r = eid(reg, "host-a", "v1", "sys:0", false);
        CreateSessionResult s = cs(reg, r.clientId(), 1, "sys:0");
        SessionHandle h = findSession(reg, s.sessionId()).orElseThrow();
        ActorRef<ClientActor.Command> client = findClient(reg, r.clientId()).orElseThrow();
        client.tell(new ClientActor.StateAdded(r.clientId(), other(1), FILE));
        TestProbe<Object> watcher = kit.createTestProbe();
        // renewed by SEQUENCE: still alive after more than a lease
        for (int i = 1; i <= 4; i++) {
            assertThat(sequence(h, 0, i).status()).isEqualTo(NfsStat4.NFS4_OK);
            of.expectNoMessage(Duration.ofMillis(150));
        }
        // then silence: a courtesy client, until its state is in another client's way
        assertThat(of.receiveMessage(Duration.ofSeconds(3)))
                .isEqualTo(new OpenFiles.Forward(FILE, new OpenFileActor.Courtesy(r.clientId(), true)));
        client.tell(new ClientActor.ExpireCourtesy(r.clientId()));
        assertThat(of.receiveMessage(Duration.ofSeconds(3))).isEqualTo(new OpenFiles.ReleaseClient(FILE, r.clientId()));
        watcher.expectTerminated(h.session(), Duration.ofSeconds(3));
        watcher.expectTerminated(client, Duration.ofSeconds(3));
        assertThat(findSession(reg, s.sessionId())).isEmpty();
        assertThat(findClient(reg, r.clientId())).isEmpty();
        assertThat(list(reg)).isEmpty();
        assertThat(cs(reg, r.clientId(), 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4ERR_STALE_CLIENTID);
        // the owner can come back as new
        ExchangeIdResult again = eid(reg, "host-a", "v1", "sys:0", false);
        assertThat(again.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(again.confirmed()).isFalse();
        assertThat(again.clientId()).isNotEqualTo(r.clientId());
    }

    @Test
    void anIdleOwnerIsStoppedOnlyWhenNoExchangeIsOnItsWay() {
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        ActorRef<ClientActor.Command> owner = findClient(registry, r.clientId()).orElseThrow();
        TestProbe<Object> watcher = kit.createTestProbe();
        // an idle report from before the registry's last EXCHANGE_ID to it must not stop it
        registry.tell(new ClientRegistry.OwnerIdle(b("host-a"), owner, 0));
        assertThat(cs(r.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
        // another actor's report is no report about this one
        registry.tell(new ClientRegistry.OwnerIdle(b("host-a"), kit.<ClientActor.Command>createTestProbe().ref(), 1));
        assertThat(cs(r.clientId(), 2, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
        // an up-to-date one does
        registry.tell(new ClientRegistry.OwnerIdle(b("host-a"), owner, 1));
        watcher.expectTerminated(owner, Duration.ofSeconds(3));
        assertThat(findClient(registry, r.clientId())).isEmpty();
    }

    @Test
    void anOwnerThatEndsWithoutRecordsIsForgotten() {
        assertThat(eid("host-a", "v1", "sys:0", true).status()).isEqualTo(NfsStat4.NFS4ERR_NOENT);
        kit.createTestProbe().awaitAssert(() -> {
            assertThat(findClient(registry, issued(1))).isEmpty();
            return null;
        });
        assertThat(list(registry)).isEmpty();
        ExchangeIdResult r = eid("host-a", "v1", "sys:0", false);
        assertThat(r.status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(cs(r.clientId(), 1, "sys:0").status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void theOwnerReportsHowManyExchangesItHandledWhenIdle() {
        TestProbe<ClientRegistry.Command> reg = kit.createTestProbe();
        ActorRef<ClientActor.Command> owner = kit.spawn(ClientActor.create(b("host-z"), reg.ref(), openFiles.ref(),
                Duration.ofSeconds(60), BOOT));
        TestProbe<ExchangeIdResult> reply = kit.createTestProbe();
        ExchangeIdRequest update = new ExchangeIdRequest(b("host-z"), b("v"), "sys:0", true, ADDR);
        owner.tell(new ClientActor.ExchangeId(update, 100, reply.ref()));
        assertThat(reply.receiveMessage().status()).isEqualTo(NfsStat4.NFS4ERR_NOENT);
        ClientRegistry.OwnerIdle idle = idleReport(reg);
        assertThat(idle.owner()).isEqualTo(owner);
        assertThat(idle.ownerId()).isEqualTo(b("host-z"));
        assertThat(idle.exchangesSeen()).isEqualTo(1);
        owner.tell(new ClientActor.ExchangeId(update, 101, reply.ref()));
        reply.receiveMessage();
        assertThat(idleReport(reg).exchangesSeen()).isEqualTo(2);
        ExchangeIdRequest create = new ExchangeIdRequest(b("host-z"), b("v"), "sys:0", false, ADDR);
        owner.tell(new ClientActor.ExchangeId(create, 102, reply.ref()));
        assertThat(reply.receiveMessage().clientId()).isEqualTo(102);
        ClientRegistry.Command m = reg.receiveMessage();
        assertThat(m).isInstanceOf(ClientRegistry.ClientIdIssued.class);
        assertThat(((ClientRegistry.ClientIdIssued) m).clientId()).isEqualTo(102);
        reg.expectNoMessage(Duration.ofMillis(100));
        kit.stop(owner);
    }

    /** The next OwnerIdle, skipping bookkeeping about unused clientids. */
    private static ClientRegistry.OwnerIdle idleReport(TestProbe<ClientRegistry.Command> reg) {
        return (ClientRegistry.OwnerIdle) reg.fishForMessage(Duration.ofSeconds(3), m -> {
            if (m instanceof ClientRegistry.OwnerIdle) {
                return org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete();
            }
            if (m instanceof ClientRegistry.ClientIdRetired) {
                return org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore();
            }
            return org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.fail("unexpected " + m);
        }).get(0);
    }

    @Test
    void listClientsGathersEveryOwner() {
        long a = confirmed("host-a", "v1", "sys:0");
        addState(a, other(1), FILE);
        ExchangeIdResult b = eid("host-b", "v1", "sys:0", false);
        List<ClientInfo> infos = list(registry);
        assertThat(infos).hasSize(2);
        ClientInfo ia = infos.stream().filter(i -> i.clientId() == a).findFirst().orElseThrow();
        ClientInfo ib = infos.stream().filter(i -> i.clientId() == b.clientId()).findFirst().orElseThrow();
        assertThat(ia.confirmed()).isTrue();
        assertThat(ia.sessions()).isEqualTo(1);
        assertThat(ia.openStates()).isEqualTo(1);
        assertThat(ia.ownerId()).isEqualTo(b("host-a"));
        assertThat(ia.address()).isEqualTo("10.0.0.1");
        assertThat(ia.leaseRemainingMillis()).isBetween(1L, 60_000L);
        assertThat(ib.confirmed()).isFalse();
        assertThat(ib.sessions()).isZero();
        assertThat(ib.ownerId()).isEqualTo(b("host-b"));
    }

    /** The session of a client that has exactly one. */
    private byte[] findAnySession(long clientId) {
        // sessions are numbered per record: the first is 1
        for (int n = 1; n < 10; n++) {
            byte[] sid = Ids.sessionId(clientId, n, BOOT);
            if (findSession(registry, sid).isPresent()) {
                return sid;
            }
        }
        throw new AssertionError("no session of " + Long.toHexString(clientId));
    }

    /** A SEQUENCE on the session's gate as the COMPOUND executor runs it, its slot completed at once. */
    private static SequenceGate.Result sequence(SessionHandle h, int slot, int seqid) {
        SequenceGate.Result r = h.gate().sequence(slot, seqid, seqid, SequenceGate.Demand.NONE);
        if (r.status() == NfsStat4.NFS4_OK && r.replay() == null) {
            h.gate().complete(slot, seqid, new byte[] {1});
        }
        return r;
    }

}
