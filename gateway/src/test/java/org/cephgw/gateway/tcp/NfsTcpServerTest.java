package org.cephgw.gateway.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cephgw.actors.Connection;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.gateway.testing.FakeNfsService;
import org.cephgw.gateway.testing.RpcClient;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.rpc.RpcReplies;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The NFS listener over real sockets, with a fake NFS service. */
class NfsTcpServerTest {
    private static final int NFS = RpcClient.NFS;

    private final List<NfsTcpServer> servers = new ArrayList<>();
    private final List<RpcClient> clients = new ArrayList<>();
    private FakeNfsService nfs;
    private GatewayMetrics metrics;
    private NfsTcpServer server;

    @AfterEach
    void cleanUp() throws Exception {
        for (RpcClient c : clients) {
            c.close();
        }
        for (NfsTcpServer server : servers) {
            server.close();
        }
    }

    private InetSocketAddress start(int maxRecordSize, int maxInFlight) throws Exception {
        nfs = new FakeNfsService();
        metrics = GatewayMetrics.noop();
        server = new NfsTcpServer(new NfsTcpServer.Settings("127.0.0.1", 0, maxRecordSize, maxInFlight, 16, 64, 2), nfs,
                metrics);
        servers.add(server);
        return server.bind();
    }

    private InetSocketAddress start() throws Exception {
        return start(1 << 20, 32);
    }

    private RpcClient connect(InetSocketAddress addr) throws IOException {
        RpcClient c = new RpcClient(addr);
        clients.add(c);
        return c;
    }

    private static byte[] args(int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (i * 7 + 3);
        }
        return a;
    }

    @Test
    void nullProcedureOverARealSocket() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(0x1234, NFS, 4, 0, new byte[0]));
        byte[] reply = c.readRecord();
        assertThat(reply).isEqualTo(RpcReplies.success(0x1234, 0).toByteArray());
        assertThat(nfs.calls).isEmpty();
        assertThat(metrics.rpcCount(GatewayMetrics.Proc.NULL, GatewayMetrics.Outcome.SUCCESS)).isEqualTo(1.0);
    }

    @Test
    void compoundReachesTheServiceAndItsBytesComeBackFramed() throws Exception {
        RpcClient c = connect(start());
        byte[] args = args(100);
        c.sendRecord(RpcClient.call(77, NFS, 4, 1, args));
        byte[] reply = c.readRecord();
        assertThat(RpcClient.xid(reply)).isEqualTo(77);
        byte[] expected = FakeNfsService.reversedArgs(nfs.calls.get(0));
        assertThat(RpcClient.successBody(reply)).isEqualTo(expected);
        // the whole reply is the RPC success header followed by the service's bytes
        XdrEncoder header = RpcReplies.success(77, 0);
        assertThat(java.util.Arrays.copyOf(reply, 24)).isEqualTo(header.toByteArray());
        assertThat(nfs.calls.get(0).authSys().uid()).isEqualTo(1000);
        Connection conn = nfs.callConnections.get(0);
        assertThat(conn.remote().getPort()).isEqualTo(c.socket.getLocalPort());
        assertThat(conn.local().getPort()).isEqualTo(c.socket.getPort());
    }

    @Test
    void largeRepliesArriveIntact() throws Exception {
        RpcClient c = connect(start());
        byte[] big = args(300_000);
        nfs.behave((call, conn) -> CompletableFuture.completedFuture(big));
        c.sendRecord(RpcClient.call(5, NFS, 4, 1, new byte[8]));
        assertThat(RpcClient.successBody(c.readRecord())).isEqualTo(big);
    }

    @Test
    void requestsSplitIntoManyFragmentsAreReassembled() throws Exception {
        RpcClient c = connect(start());
        byte[] args = args(1000);
        byte[] record = RpcClient.call(9, NFS, 4, 1, args);
        byte[] framed = RecordMarking.frameFragments(record, 7);
        // and the socket delivers them in odd-sized pieces
        for (int off = 0; off < framed.length; off += 333) {
            c.sendRaw(java.util.Arrays.copyOfRange(framed, off, Math.min(framed.length, off + 333)));
            Thread.sleep(1);
        }
        byte[] reply = c.readRecord();
        assertThat(RpcClient.xid(reply)).isEqualTo(9);
        assertThat(nfs.calls).hasSize(1);
        assertThat(nfs.calls.get(0).record()).isEqualTo(record);
    }

    @Test
    void pipelinedRequestsAreAnsweredInCompletionOrder() throws Exception {
        RpcClient c = connect(start());
        nfs.behave(nfs.holding());
        // two records in one write
        byte[] a = RecordMarking.frame(RpcClient.call(1, NFS, 4, 1, args(8)));
        byte[] b = RecordMarking.frame(RpcClient.call(2, NFS, 4, 1, args(12)));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        c.sendRaw(both);
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.pending.size() == 2);
        nfs.pending.get(2).complete(new byte[] {2, 2, 2, 2});
        byte[] first = c.readRecord();
        nfs.pending.get(1).complete(new byte[] {1, 1, 1, 1});
        byte[] second = c.readRecord();
        assertThat(RpcClient.xid(first)).isEqualTo(2);
        assertThat(RpcClient.successBody(first)).containsExactly(2, 2, 2, 2);
        assertThat(RpcClient.xid(second)).isEqualTo(1);
        assertThat(RpcClient.successBody(second)).containsExactly(1, 1, 1, 1);
    }

    @Test
    void otherProgramIsProgUnavail() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(3, 100005, 3, 0, new byte[0]));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.accepted(3, RpcConstants.PROG_UNAVAIL));
    }

    @Test
    void otherVersionIsProgMismatchFourToFour() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(4, NFS, 3, 0, new byte[0]));
        byte[] reply = c.readRecord();
        assertThat(RpcClient.acceptStat(reply)).isEqualTo(RpcConstants.PROG_MISMATCH);
        XdrDecoder d = new XdrDecoder(reply, 24, reply.length - 24);
        assertThat(d.readInt()).isEqualTo(4);
        assertThat(d.readInt()).isEqualTo(4);
        assertThat(reply).isEqualTo(RpcReplies.progMismatch(4, 4, 4));
    }

    @Test
    void otherProcedureIsProcUnavail() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(5, NFS, 4, 2, new byte[0]));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.accepted(5, RpcConstants.PROC_UNAVAIL));
    }

    @Test
    void undecodableCompoundArgumentsAreGarbageArgs() throws Exception {
        RpcClient c = connect(start());
        nfs.behave((call, conn) -> CompletableFuture.failedFuture(new XdrException("truncated")));
        c.sendRecord(RpcClient.call(6, NFS, 4, 1, args(3)));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.accepted(6, RpcConstants.GARBAGE_ARGS));
        // the connection stays usable
        c.sendRecord(RpcClient.call(7, NFS, 4, 0, new byte[0]));
        assertThat(RpcClient.xid(c.readRecord())).isEqualTo(7);
    }

    @Test
    void serviceFailureIsSystemErrAndThrowingServiceToo() throws Exception {
        RpcClient c = connect(start());
        nfs.behave((call, conn) -> CompletableFuture.failedFuture(new IllegalStateException("boom (expected by the test)")));
        c.sendRecord(RpcClient.call(8, NFS, 4, 1, args(4)));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.accepted(8, RpcConstants.SYSTEM_ERR));
        nfs.behave((call, conn) -> {
            throw new IllegalStateException("thrown (expected by the test)");
        });
        c.sendRecord(RpcClient.call(9, NFS, 4, 1, args(4)));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.accepted(9, RpcConstants.SYSTEM_ERR));
    }

    @Test
    void rpcsecGssIsRefusedWithAuthError() throws Exception {
        RpcClient c = connect(start());
        OpaqueAuth gss = new OpaqueAuth(RpcConstants.RPCSEC_GSS, new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
        c.sendRecord(RpcClient.call(10, NFS, 4, 1, gss, args(4)));
        assertThat(c.readRecord()).isEqualTo(RpcReplies.authError(10, RpcConstants.AUTH_BADCRED));
        assertThat(nfs.calls).isEmpty();
    }

    @Test
    void wrongRpcVersionIsRpcMismatch() throws Exception {
        RpcClient c = connect(start());
        byte[] rec = RpcClient.call(11, NFS, 4, 0, new byte[0]);
        rec[11] = 3; // rpcvers 3
        c.sendRecord(rec);
        assertThat(c.readRecord()).isEqualTo(RpcReplies.rpcMismatch(11));
    }

    @Test
    void oversizedRecordClosesOnlyThatConnection() throws Exception {
        InetSocketAddress addr = start(8192, 32);
        RpcClient bad = connect(addr);
        RpcClient good = connect(addr);
        good.sendRecord(RpcClient.call(1, NFS, 4, 0, new byte[0]));
        assertThat(RpcClient.xid(good.readRecord())).isEqualTo(1);

        // announces 8193 bytes: refused on the header, before the body is sent
        bad.sendRaw(new byte[] {(byte) 0x80, 0, 0x20, 0x01});
        assertThat(bad.closedByServer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.closed.size() == 1);

        good.sendRecord(RpcClient.call(2, NFS, 4, 1, args(16)));
        assertThat(RpcClient.xid(good.readRecord())).isEqualTo(2);
        // fragments adding up to more than the maximum are refused too
        RpcClient frag = connect(addr);
        frag.sendRaw(RecordMarking.frameFragments(new byte[9000], 4096));
        assertThat(frag.closedByServer()).isTrue();
        good.sendRecord(RpcClient.call(3, NFS, 4, 0, new byte[0]));
        assertThat(RpcClient.xid(good.readRecord())).isEqualTo(3);
    }

    @Test
    void garbageBytesCloseTheConnection() throws Exception {
        InetSocketAddress addr = start(1 << 20, 32);
        RpcClient http = connect(addr);
        http.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(http.closedByServer()).isTrue();

        // fits the size limit but is neither a call nor a reply
        RpcClient odd = connect(addr);
        XdrEncoder x = new XdrEncoder().writeInt(1).writeInt(7).writeInt(2);
        odd.sendRecord(x.toByteArray());
        assertThat(odd.closedByServer()).isTrue();

        // too short for an RPC header
        RpcClient tiny = connect(addr);
        tiny.sendRecord(new byte[] {0, 0, 0, 1});
        assertThat(tiny.closedByServer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.closed.size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.openConnections() == 0);
    }

    @Test
    void replyMessagesGoToTheBackChannelAndGetNoAnswer() throws Exception {
        RpcClient c = connect(start());
        byte[] cbReply = RpcReplies.success(0x7777, 0).writeInt(0).toByteArray();
        c.sendRecord(cbReply);
        c.sendRecord(RpcClient.call(12, NFS, 4, 0, new byte[0]));
        // the next thing read is the NULL reply: the back-channel reply was not answered
        assertThat(RpcClient.xid(c.readRecord())).isEqualTo(12);
        assertThat(nfs.backchannelReplies).hasSize(1);
        assertThat(nfs.backchannelReplies.get(0)).isEqualTo(cbReply);
    }

    @Test
    void connectionSendDeliversBackChannelRecords() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(13, NFS, 4, 1, args(4)));
        c.readRecord();
        Connection conn = nfs.callConnections.get(0);
        byte[] cbCall = RpcClient.call(0x40000001, 0x40000000, 1, 1, args(40));
        assertThat(conn.send(cbCall)).isTrue();
        assertThat(c.readRecord()).isEqualTo(cbCall);

        c.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.closed.contains(conn));
        assertThat(conn.send(cbCall)).isFalse();
    }

    @Test
    void backChannelSendFailsWhenTheQueueIsFullInsteadOfBuffering() throws Exception {
        RpcClient c = connect(start());
        c.sendRecord(RpcClient.call(15, NFS, 4, 1, args(4)));
        c.readRecord();
        Connection conn = nfs.callConnections.get(0);
        // the client reads nothing: socket buffers fill, then the bounded queue (16 here)
        byte[] big = new byte[256 * 1024];
        int accepted = 0;
        while (accepted < 1000 && conn.send(big)) {
            accepted++;
            Thread.sleep(accepted % 16 == 0 ? 20 : 0);
        }
        assertThat(accepted).isLessThan(1000);
        // what was accepted is delivered once the client reads
        for (int i = 0; i < accepted; i++) {
            assertThat(c.readRecord()).hasSize(big.length);
        }
    }

    @Test
    void connectionClosedIsCalledWhenTheClientGoes() throws Exception {
        InetSocketAddress addr = start();
        RpcClient c = connect(addr);
        c.sendRecord(RpcClient.call(14, NFS, 4, 1, args(4)));
        c.readRecord();
        assertThat(metrics.openConnections()).isEqualTo(1);
        c.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.closed.size() == 1);
        assertThat(nfs.closed.get(0).id()).isEqualTo(nfs.callConnections.get(0).id());
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.openConnections() == 0);
    }

    @Test
    void aClientThatHalfClosesStillGetsItsReplies() throws Exception {
        RpcClient c = connect(start());
        nfs.behave(nfs.holding());
        c.sendRecord(RpcClient.call(21, NFS, 4, 1, args(4)));
        c.sendRecord(RpcClient.call(22, NFS, 4, 0, new byte[0]));
        c.socket.shutdownOutput();
        assertThat(RpcClient.xid(c.readRecord())).isEqualTo(22);
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.pending.containsKey(21));
        nfs.pending.get(21).complete(new byte[4]);
        assertThat(RpcClient.xid(c.readRecord())).isEqualTo(21);
        // and then the server closes
        assertThat(c.closedByServer()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.closed.size() == 1);
    }

    @Test
    void connectionsHaveDistinctIds() throws Exception {
        InetSocketAddress addr = start();
        RpcClient a = connect(addr);
        RpcClient b = connect(addr);
        a.sendRecord(RpcClient.call(1, NFS, 4, 1, args(4)));
        a.readRecord();
        b.sendRecord(RpcClient.call(1, NFS, 4, 1, args(4)));
        b.readRecord();
        assertThat(nfs.callConnections.get(0).id()).isNotEqualTo(nfs.callConnections.get(1).id());
    }

    @Test
    void aServiceThatDoesNotAnswerStopsTheServerReading() throws Exception {
        int maxInFlight = 4;
        InetSocketAddress addr = start(1 << 20, maxInFlight);
        nfs.behave(nfs.parking());
        byte[] one = RecordMarking.frame(RpcClient.call(1, NFS, 4, 1, args(64 * 1024)));
        int records = 1024;
        long total = (long) records * one.length; // 64 MiB: far more than socket and stream buffers hold
        AtomicLong written = new AtomicLong();
        AtomicBoolean finished = new AtomicBoolean();
        Socket s = new Socket();
        s.connect(addr);
        Thread writer = new Thread(() -> {
            try {
                var out = s.getOutputStream();
                for (int i = 0; i < records; i++) {
                    out.write(one);
                    written.addAndGet(one.length);
                }
                finished.set(true);
            } catch (IOException e) {
                // closed by the test
            }
        }, "backpressure-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> nfs.calls.size() == maxInFlight);
            // the writer goes on until the buffers are full, then blocks
            waitUntilStable(written);
            assertThat(finished).isFalse();
            assertThat(written.get()).isLessThan(total);
            assertThat(nfs.calls).hasSize(maxInFlight);

            // answering releases the pressure: the server reads the next calls, again at most maxInFlight
            nfs.parked.forEach(f -> f.complete(new byte[4]));
            await().atMost(Duration.ofSeconds(5)).until(() -> nfs.calls.size() == 2 * maxInFlight);
            Thread.sleep(1000);
            assertThat(nfs.calls).hasSize(2 * maxInFlight);
        } finally {
            s.close();
            writer.join(5000);
        }
        // the connection ends once its calls are answered (a call never answered would pin it:
        // the NFS layer must answer every call)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            nfs.parked.forEach(f -> f.complete(new byte[4]));
            return nfs.closed.size() == 1;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.openConnections() == 0);
    }

    // ------------------------------------------------------------------ stopping

    @Test
    void drainLetsTheCallsUnderWayAnswerAndRunsNothingNew() throws Exception {
        InetSocketAddress addr = start();
        nfs.behave(nfs.holding());
        RpcClient c = connect(addr);
        c.sendRecord(RpcClient.call(31, NFS, 4, 1, args(8)));
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.pending.containsKey(31));

        CompletableFuture<Void> drained = server.drain().toCompletableFuture();
        c.sendRecord(RpcClient.call(32, NFS, 4, 1, args(8)));
        c.sendRecord(RpcClient.call(33, NFS, 4, 0, new byte[0]));
        Thread.sleep(300);
        assertThat(drained).as("a call is still under way").isNotDone();
        assertThat(nfs.calls).as("nothing read after the drain began is run").hasSize(1);
        // no new connections either
        assertThat(RpcClient.refused(addr)).as("the listener is closed").isTrue();

        // the call under way finishes: its reply is written, and the drain is over
        nfs.pending.get(31).complete(new byte[] {1, 2, 3, 4});
        byte[] reply = c.readRecord();
        assertThat(RpcClient.xid(reply)).isEqualTo(31);
        assertThat(RpcClient.successBody(reply)).containsExactly(1, 2, 3, 4);
        drained.get(5, TimeUnit.SECONDS);
        assertThat(nfs.calls).hasSize(1);
        assertThat(server.callsInFlight()).isZero();
        // the connection stays open (the client learns of the stop when the process ends): no EOF yet
        assertThat(c.silentFor(300)).as("nothing more is sent, and the connection is not closed").isTrue();
    }

    @Test
    void afterTheDrainTimeAFinishingCallIsNotAnswered() throws Exception {
        InetSocketAddress addr = start();
        nfs.behave(nfs.holding());
        RpcClient c = connect(addr);
        c.sendRecord(RpcClient.call(41, NFS, 4, 1, args(8)));
        await().atMost(Duration.ofSeconds(5)).until(() -> nfs.pending.containsKey(41));
        server.drain();
        // the back ends close now: what still completes (typically with an error) must not reach the client
        server.stopReplying();
        nfs.pending.get(41).completeExceptionally(new IllegalStateException("CephFS export / is closed"));
        assertThat(c.silentFor(500)).as("no SYSTEM_ERR for a call the server did not finish").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 0);
        server.drain().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void callsWaitForTheServiceAndGetNoAnswerWhenItNeverComes() throws Exception {
        nfs = new FakeNfsService();
        metrics = GatewayMetrics.noop();
        PendingNfsService pending = new PendingNfsService();
        server = new NfsTcpServer(new NfsTcpServer.Settings("127.0.0.1", 0, 1 << 20, 32, 16, 64, 1), pending, metrics);
        servers.add(server);
        InetSocketAddress addr = server.bind();

        // a head that is still starting: NULL is answered, a COMPOUND waits
        RpcClient early = connect(addr);
        early.sendRecord(RpcClient.call(51, NFS, 4, 1, args(8)));
        early.sendRecord(RpcClient.call(52, NFS, 4, 0, new byte[0]));
        assertThat(RpcClient.xid(early.readRecord())).isEqualTo(52);
        pending.start(nfs);
        assertThat(RpcClient.xid(early.readRecord())).as("the waiting COMPOUND runs once the head serves").isEqualTo(51);
        assertThat(nfs.calls).hasSize(1);

        // a head that stops before it served: the waiting call is not answered, its connection closes
        PendingNfsService never = new PendingNfsService();
        NfsTcpServer other = new NfsTcpServer(new NfsTcpServer.Settings("127.0.0.1", 0, 1 << 20, 32, 16, 64, 1), never,
                metrics);
        servers.add(other);
        RpcClient late = connect(other.bind());
        late.sendRecord(RpcClient.call(53, NFS, 4, 1, args(8)));
        late.sendRecord(RpcClient.call(54, NFS, 4, 0, new byte[0]));
        assertThat(RpcClient.xid(late.readRecord())).isEqualTo(54);
        other.drain();
        never.fail(new PendingNfsService.NotServed("the head stops", null));
        assertThat(late.closedByServer()).as("closed without an answer to the waiting COMPOUND").isTrue();
        other.drain().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void manyConnectionsOverSeveralLoops() throws Exception {
        InetSocketAddress addr = start();
        List<RpcClient> cs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cs.add(connect(addr));
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < cs.size(); i++) {
                cs.get(i).sendRecord(RpcClient.call(1000 * round + i, NFS, 4, 1, args(100 + i)));
            }
            for (int i = 0; i < cs.size(); i++) {
                assertThat(RpcClient.xid(cs.get(i).readRecord())).isEqualTo(1000 * round + i);
            }
        }
        assertThat(server.connectionCount()).isEqualTo(20);
    }

    private static void waitUntilStable(AtomicLong counter) throws InterruptedException {
        long before;
        do {
            before = counter.get();
            Thread.sleep(500);
        } while (counter.get() != before);
    }
}
