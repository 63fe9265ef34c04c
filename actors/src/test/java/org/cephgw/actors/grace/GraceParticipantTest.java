package org.cephgw.actors.grace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.TestKits;
import org.cephgw.persistence.grace.GraceDb;
import org.cephgw.persistence.grace.GraceState;
import org.cephgw.persistence.grace.LocalGraceDb;
import org.cephgw.persistence.recovery.LocalRecoveryDb;
import org.cephgw.persistence.recovery.RecoveryRecord;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GraceParticipant} against a {@link LocalGraceDb} in a temporary directory, following the
 * walkthrough of grace-db.md: heads a and b, a restarts with clients to reclaim, b joins its grace
 * period, both lift, and the cluster grace ends; then another head's restart while a serves.
 */
class GraceParticipantTest {
    private static final byte[] X = "client-x".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] Y = "client-y".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private ActorTestKit kit;
    private LocalGraceDb admin;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() {
        kit = TestKits.create();
        admin = db();
    }

    @AfterEach
    void tearDown() throws Exception {
        kit.shutdownTestKit();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private LocalGraceDb db() {
        LocalGraceDb db = new LocalGraceDb(dir.resolve(LocalGraceDb.FILE_NAME), Duration.ofMillis(100));
        closing.add(db);
        return db;
    }

    private LocalRecoveryDb recovery(String node) {
        LocalRecoveryDb r = new LocalRecoveryDb(dir, node);
        closing.add(r);
        return r;
    }

    /** A running participant and what it publishes. */
    private record Head(String node, ActorRef<GraceParticipant.Command> ref, GraceGate gate, CompletableFuture<Void> ready,
                        LocalRecoveryDb recovery) {
    }

    private Head head(String node, Duration graceTime, boolean addSelf) {
        GraceGate gate = new GraceGate();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        LocalRecoveryDb rec = recovery(node);
        GraceParticipant.Settings s = new GraceParticipant.Settings(node, graceTime, Duration.ofMillis(200), addSelf,
                "local test", null);
        ActorRef<GraceParticipant.Command> ref = kit.spawn(GraceParticipant.create(db(), rec, s, gate, ready), "grace-" + node);
        return new Head(node, ref, gate, ready, rec);
    }

    private Head head(String node) {
        return head(node, Duration.ofSeconds(60), false);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private GraceParticipant.Status status(Head h) {
        TestProbe<GraceParticipant.Status> p = kit.createTestProbe();
        h.ref.tell(new GraceParticipant.GetStatus(p.ref()));
        return p.receiveMessage();
    }

    private String flags(String node) {
        return admin.read().flags(node).map(GraceState.Flags::render).orElse("absent");
    }

    /**
     * The other head answers our {@code start} with its E so quickly that the watch delivers that
     * state while this head is still joining (clearing and reading its recovery databases), before
     * the result of its own {@code start} — which shows b without E. The head must still see b
     * enforce at once, from the events, not at its next poll (here: never).
     */
    @Test
    void anEnforceDeliveredWhileJoiningIsNotLostToTheOlderStartResult() throws Exception {
        admin.create();
        admin.add("a", "b");
        GraceDb real = db();
        java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<GraceState>> listener =
                new java.util.concurrent.atomic.AtomicReference<>();
        GraceDb racing = (GraceDb) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GraceDb.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "watch" -> {
                            // events come only from this test, as RADOS would deliver them
                            @SuppressWarnings("unchecked")
                            java.util.function.Consumer<GraceState> l = (java.util.function.Consumer<GraceState>) args[0];
                            listener.set(l);
                            return (GraceDb.Watch) () -> { };
                        }
                        case "start" -> {
                            GraceState mine = (GraceState) method.invoke(real, args);
                            // head b hears of it through its own watch and enforces; our watch
                            // brings that state before join() has returned
                            listener.get().accept(admin.enforce("b"));
                            return mine;
                        }
                        default -> {
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
        GraceGate gate = new GraceGate();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        GraceParticipant.Settings s = new GraceParticipant.Settings("a", Duration.ofSeconds(60), Duration.ofHours(1), false,
                "local test", null);
        kit.spawn(GraceParticipant.create(racing, recovery("a"), s, gate, ready), "grace-racing-a");
        // without the events this head would wait for its next poll, an hour away
        ready.get(10, TimeUnit.SECONDS);
    }

    @Test
    void walkthroughOfTwoHeads() throws Exception {
        admin.create();
        admin.add("a", "b");
        // a's previous incarnation had client-x in epoch 1
        recovery("a").create(1);
        recovery("a").put(1, 41, new RecoveryRecord("10.0.0.7", X));

        Head a = head("a");
        a.ready.get(10, TimeUnit.SECONDS);
        GraceState st = admin.read();
        assertThat(st.cur()).isEqualTo(2);
        assertThat(st.rec()).isEqualTo(1);
        assertThat(flags("a")).isEqualTo("NE");
        assertThat(flags("b")).isEqualTo(" E");
        assertThat(a.recovery.exists(2)).as("the recovery db of the current epoch is created").isTrue();

        // in grace: new state refused, reclaims by client-x only
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4ERR_GRACE);
        assertThat(a.gate.admitReclaim(1, X)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(a.gate.admitReclaim(2, Y)).isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
        assertThat(status(a).phase()).isEqualTo(GraceParticipant.Phase.IN_GRACE);
        assertThat(status(a).allowListSize()).isEqualTo(1);

        // b starts during a's grace period: epochs unchanged; b has nothing to reclaim and lifts
        Head b = head("b");
        b.ready.get(10, TimeUnit.SECONDS);
        eventually("b lifted", () -> flags("b").equals(" E"));
        assertThat(admin.read().cur()).isEqualTo(2);
        assertThat(admin.read().rec()).as("a still needs the grace period").isEqualTo(1);
        assertThat(b.gate.admitNew(5)).isEqualTo(NfsStat4.NFS4ERR_GRACE);

        // client-x reclaims and says it is done: a lifts early, the cluster grace ends
        a.ref.tell(new GraceParticipant.Reclaimed(1, false));
        a.ref.tell(new GraceParticipant.ClientReclaimComplete(1, X));
        eventually("grace over", () -> admin.read().rec() == 0);
        eventually("no flags", () -> flags("a").equals("  ") && flags("b").equals("  "));
        assertThat(admin.read().cur()).isEqualTo(2);
        eventually("a serves", () -> !a.gate.snapshot().inGrace());
        eventually("b serves", () -> !b.gate.snapshot().inGrace());
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(a.gate.admitReclaim(1, X)).isEqualTo(NfsStat4.NFS4ERR_NO_GRACE);
        eventually("a's old recovery db deleted", () -> !a.recovery.exists(1));
        GraceParticipant.Status s = status(a);
        assertThat(s.phase()).isEqualTo(GraceParticipant.Phase.SERVING);
        assertThat(s.reclaimedOpens()).isEqualTo(1);
    }

    @Test
    void aReclaimAfterReclaimCompleteIsNoGrace() throws Exception {
        admin.create();
        admin.add("a", "b");
        recovery("a").create(1);
        recovery("a").put(1, 41, new RecoveryRecord("10.0.0.7", X));
        recovery("a").put(1, 42, new RecoveryRecord("10.0.0.8", Y));
        Head a = head("a");
        a.ready.get(10, TimeUnit.SECONDS);
        a.ref.tell(new GraceParticipant.ClientReclaimComplete(1, X));
        eventually("x completed", () -> a.gate.snapshot().completedOwners().contains("client-x"));
        assertThat(a.gate.admitReclaim(1, X)).isEqualTo(NfsStat4.NFS4ERR_NO_GRACE);
        assertThat(a.gate.admitReclaim(2, Y)).isEqualTo(NfsStat4.NFS4_OK);
        // y has not completed: a keeps its N
        Thread.sleep(300);
        assertThat(flags("a")).isEqualTo("NE");
        a.ref.tell(new GraceParticipant.ClientReclaimComplete(2, Y));
        eventually("grace over", () -> admin.read().rec() == 0);
    }

    @Test
    void anotherHeadRestartingWhileServingMakesUsRecordOurClientsAndEnforce() throws Exception {
        admin.create();
        admin.add("a", "b");
        Head a = head("a");
        a.ready.get(10, TimeUnit.SECONDS);
        // nothing to reclaim: a lifted at once, and is serving when ready
        assertThat(admin.read().rec()).isZero();
        eventually("a serves", () -> !a.gate.snapshot().inGrace());
        long cur = admin.read().cur();
        a.ref.tell(new GraceParticipant.ClientConfirmed(7, "10.1.1.1", X));
        a.ref.tell(new GraceParticipant.ClientConfirmed(8, "10.1.1.2", Y));
        a.ref.tell(new GraceParticipant.ClientRemoved(8));
        eventually("client recorded", () -> a.recovery.list(cur).keySet().equals(java.util.Set.of(7L)));

        // b restarts: a new grace period
        admin.start("b");
        eventually("a enforces", () -> flags("a").equals(" E"));
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4ERR_GRACE);
        assertThat(a.gate.admitReclaim(1, X)).as("a has nothing to reclaim").isEqualTo(NfsStat4.NFS4ERR_RECLAIM_BAD);
        long newCur = admin.read().cur();
        assertThat(newCur).isEqualTo(cur + 1);
        assertThat(a.recovery.list(newCur)).as("a's live clients, recorded in the new epoch")
                .containsOnlyKeys(7L);
        assertThat(a.recovery.list(newCur).get(7L).renderedOwner()).isEqualTo("client-x");

        // b lifts: the grace is over, a serves again and forgets the old epoch
        admin.lift("b");
        eventually("a serves", () -> !a.gate.snapshot().inGrace());
        eventually("a no longer enforces", () -> flags("a").equals("  "));
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4_OK);
        eventually("old epoch deleted", () -> !a.recovery.exists(cur));
        // new records go to the new epoch
        a.ref.tell(new GraceParticipant.ClientConfirmed(9, "10.1.1.3", Y));
        eventually("recorded in the new epoch", () -> a.recovery.list(newCur).containsKey(9L));
    }

    @Test
    void theGraceTimeLiftsWhenAClientNeverComesBack() throws Exception {
        admin.create();
        admin.add("a");
        recovery("a").create(1);
        recovery("a").put(1, 41, new RecoveryRecord("10.0.0.7", X));
        Head a = head("a", Duration.ofSeconds(1), false);
        a.ready.get(10, TimeUnit.SECONDS);
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4ERR_GRACE);
        long t0 = System.nanoTime();
        eventually("grace over", () -> admin.read().rec() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(700));
        eventually("a serves", () -> !a.gate.snapshot().inGrace());
    }

    @Test
    void enforcingWaitLastsUntilEveryMemberEnforces() throws Exception {
        admin.create();
        admin.add("a", "b");
        admin.noenforce("b");
        Head a = head("a");
        Thread.sleep(500);
        assertThat(a.ready).as("b does not enforce yet").isNotDone();
        assertThat(status(a).phase()).isEqualTo(GraceParticipant.Phase.ENFORCING_WAIT);
        assertThat(a.gate.admitNew(1)).isEqualTo(NfsStat4.NFS4ERR_GRACE);
        admin.enforce("b");
        a.ready.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNodeThatIsNotAMemberRefusesToStartNamingTheFix() {
        admin.create();
        admin.add("x");
        Head a = head("a");
        ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> a.ready.get(10, TimeUnit.SECONDS), ExecutionException.class);
        assertThat(e.getCause()).isInstanceOf(GraceParticipant.NotAMemberException.class)
                .hasMessageContaining("\"a\" is not a member").hasMessageContaining("grace add a");
        assertThat(admin.read().members()).containsOnlyKeys("x");
    }

    @Test
    void theEmbeddedStoreIsCreatedAndTheNodeAddedWhenNew() throws Exception {
        Head a = head("solo", Duration.ofSeconds(60), true);
        a.ready.get(10, TimeUnit.SECONDS);
        assertThat(admin.read().members()).containsOnlyKeys("solo");
        eventually("serving", () -> !a.gate.snapshot().inGrace());
        eventually("grace over", () -> admin.read().rec() == 0);
        // its last write (noenforce) done: it must not land in the directory while the test's cleanup empties it
        eventually("E cleared", () -> !admin.read().flags("solo").map(GraceState.Flags::enforcing).orElse(true));
    }

    @Test
    void cleanShutdownStartsAGracePeriodForTheSuccessor() throws Exception {
        admin.create();
        admin.add("a");
        Head a = head("a");
        a.ready.get(10, TimeUnit.SECONDS);
        eventually("serving", () -> !a.gate.snapshot().inGrace());
        long cur = admin.read().cur();
        TestProbe<Done> p = kit.createTestProbe();
        a.ref.tell(new GraceParticipant.Leave(p.ref()));
        p.expectMessage(Done.getInstance());
        assertThat(admin.read().rec()).isEqualTo(cur);
        assertThat(flags("a")).isEqualTo("NE");
    }
}
