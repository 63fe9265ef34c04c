package org.cephgw.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cephgw.actors.state.Ids;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Virtual-IP mode over CephFS with the RADOS grace store, three gateway JVMs and six heads (each
 * a member of the grace database, added with the {@code grace} CLI as an operator would, each with
 * its own CephFS session uuid): client A of a head on node 2, connected to node 0, holds an open,
 * committed data and a write lock; client B of a head on node 1 is refused the lock. kill -9 of
 * node 2: B is refused throughout (NFS4ERR_DENIED, or NFS4ERR_GRACE while the moved head's grace
 * period runs) — the MDS keeps the dead incarnation's lock until the head's successor resets its
 * session by uuid while every head enforces — A reclaims open and lock on the head's new node,
 * reads its data back, and B gets the lock only after A unlocks. Needs {@code -Dceph=true}.
 */
@EnabledIfSystemProperty(named = "ceph", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class VirtualIpCephTest {
    private static final int NODES = 3;
    private static final int HEADS = 6;

    private final List<NfsClient> clients = Collections.synchronizedList(new ArrayList<>());
    private VipCephNodes cluster;
    private VipNodes nodes;
    @org.junit.jupiter.api.extension.RegisterExtension
    final FailureFlag failure = new FailureFlag();

    @BeforeAll
    void start() throws Exception {
        cluster = new VipCephNodes("VirtualIpCephTest", "vipc", NODES, HEADS);
        nodes = cluster.nodes();
        nodes.startAll();
        nodes.awaitBalanced(Duration.ofSeconds(180));
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(NfsClient::close);
        if (failure.failed()) {
            System.out.println(nodes.logTails(100));
            cluster.keep();
        }
        cluster.close();
    }

    private NfsClient connect(int node) throws IOException {
        NfsClient c = NfsClient.connect(new InetSocketAddress(nodes.node(node).host(), nodes.node(node).nfsPort()));
        c.timeout(Duration.ofSeconds(60));
        clients.add(c);
        return c;
    }

    @Test
    void everyHeadAddedItselfToTheRadosGraceDatabase() throws Exception {
        // the test never ran `grace add`: the database did not exist before the nodes started
        String dump = cluster.graceDump();
        for (var h : nodes.heads().heads()) {
            assertThat(dump).as("grace dump").containsPattern("(?m)^" + java.util.regex.Pattern.quote(h.name()) + "\t");
        }
    }

    @Test
    void aKilledNodesLockIsNeverGrantedToAnotherHeadBeforeItsOwnerReclaimsIt() throws Exception {
        int victim = 2;
        Map<String, String> hosts = nodes.awaitAllServing(0, Duration.ofSeconds(90));
        String moved = nodes.headOn(hosts, victim);
        Session a = Session.open(connect(0), nodes.ownerOn(moved, "Linux NFSv4.1 vipceph-a-"));
        Session b = Session.open(connect(1), nodes.ownerOn(nodes.headOn(hosts, 1), "Linux NFSv4.1 vipceph-b-"));

        String file = "locked-" + cluster.run();
        COMPOUND4res opened = Res.ok(a.seq(list(putrootfh(), openCreate(a.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()), getfh())));
        byte[] fh = Res.fh(opened);
        Stateid4 openA = Res.openStateid(opened);
        Res.ok(a.seq(list(putfh(fh), write(openA, 0, "committed before the kill"))));
        Res.ok(a.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 0xffffffffffffffffL, openA, a.owner("lock-a")))));
        Stateid4 openB = Res.openStateid(Res.ok(b.seq(list(putfh(fh),
                openFh(b.owner("o"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE)))));
        // a head of another node, another CephFS client: the MDS refuses it A's lock
        assertThat(Res.status(b.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 1, openB, b.owner("lock-b"))))))
                .isEqualTo("NFS4ERR_DENIED");

        // B tries the lock every half second from now until A unlocks
        LockTries tries = new LockTries(b, fh, openB);
        Thread prober = new Thread(tries, "lock-prober");
        long killed = System.nanoTime();
        nodes.node(victim).kill();
        prober.start();

        COMPOUND4res r = a.seq(list(putrootfh()));
        assertThat(Res.status(r)).as("A's first call after the kill").isEqualTo("NFS4ERR_BADSESSION");
        long answered = System.nanoTime();
        assertThat(NfsStat4.name(a.createSession(a.clientId(), a.createSessionSequence(), Session.DEFAULT_FORE).status()))
                .isEqualTo("NFS4ERR_STALE_CLIENTID");
        Session a2 = new Session(a.client(), a.ownerId(), a.verifier());
        assertThat(NfsStat4.name(a2.exchangeId().status())).isEqualTo("NFS4_OK");
        assertThat(Ids.head(a2.clientId())).isEqualTo(nodes.heads().byName(moved).orElseThrow().index());
        assertThat(NfsStat4.name(a2.createSession().status())).isEqualTo("NFS4_OK");
        COMPOUND4res reopened = Res.ok(a2.seq(list(putfh(fh),
                openPrevious(a2.owner("o"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE))));
        Stateid4 openA2 = Res.openStateid(reopened);
        COMPOUND4res relocked = Res.ok(a2.seq(list(putfh(fh),
                lockReclaim(WRITE_LT, 0, 0xffffffffffffffffL, openA2, a2.owner("lock-a")))));
        Stateid4 lockA2 = Res.lockStateid(relocked);
        Res.ok(a2.reclaimComplete());
        long reclaimed = System.nanoTime();
        assertThat(Res.readString(Res.ok(a2.seq(list(putfh(fh), read(openA2, 0, 100))))))
                .isEqualTo("committed before the kill");
        Res.ok(a2.seq(list(putfh(fh), write(lockA2, 25, " and after"))));
        Thread.sleep(1500); // B keeps trying while A holds the reclaimed lock
        assertThat(tries.granted()).as("B's lock attempts while A holds it: %s", tries.seen()).isFalse();

        Res.ok(a2.seq(list(putfh(fh), locku(WRITE_LT, lockA2, 0, 0xffffffffffffffffL))));
        prober.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(tries.granted()).as("B got the lock after A unlocked; attempts: %s", tries.seen()).isTrue();
        assertThat(tries.seen()).as("what B was answered").allMatch(s -> s.equals("NFS4ERR_DENIED")
                || s.equals("NFS4ERR_GRACE") || s.equals("NFS4_OK"));
        assertThat(Res.readString(Res.ok(b.seq(list(putfh(fh), read(openB, 0, 100))))))
                .isEqualTo("committed before the kill and after");
        System.out.printf("virtual-IP takeover over CephFS: kill -9 -> A's call answered %.1f s, -> A reclaimed open"
                        + " and lock %.1f s; B's answers meanwhile: %s%n", (answered - killed) / 1e9,
                (reclaimed - killed) / 1e9, tries.summary());

        nodes.restart(victim);
        nodes.awaitAllServing(victim, Duration.ofSeconds(120));
    }

    /** B's LOCK every 500 ms until it is granted (then it unlocks and stops). */
    private static final class LockTries implements Runnable {
        private final Session b;
        private final byte[] fh;
        private final Stateid4 open;
        private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean granted;

        LockTries(Session b, byte[] fh, Stateid4 open) {
            this.b = b;
            this.fh = fh;
            this.open = open;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            try {
                while (!granted && System.nanoTime() < deadline) {
                    COMPOUND4res r = b.seq(list(putfh(fh), lockNew(WRITE_LT, 0, 1, open, b.owner("lock-b"))));
                    String s = Res.status(r);
                    seen.add(s);
                    if (s.equals("NFS4_OK")) {
                        granted = true;
                        Res.ok(b.seq(list(putfh(fh), locku(WRITE_LT, Res.lockStateid(r), 0, 1))));
                        return;
                    }
                    Thread.sleep(500);
                }
            } catch (IOException | RuntimeException e) {
                seen.add(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean granted() {
            return granted;
        }

        List<String> seen() {
            return List.copyOf(seen);
        }

        String summary() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            seen().forEach(s -> counts.merge(s, 1L, Long::sum));
            return counts.toString();
        }
    }
}
