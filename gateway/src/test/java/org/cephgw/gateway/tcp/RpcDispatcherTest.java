package org.cephgw.gateway.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cephgw.actors.Connection;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.gateway.testing.FakeNfsService;
import org.cephgw.gateway.testing.RpcClient;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.rpc.RpcReplies;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

class RpcDispatcherTest {
    private final FakeNfsService nfs = new FakeNfsService();
    private final GatewayMetrics metrics = GatewayMetrics.noop();
    private final RpcDispatcher dispatcher = new RpcDispatcher(nfs, metrics);
    private final Connection conn = new Connection() {
        public long id() {
            return 1;
        }

        public InetSocketAddress remote() {
            return new InetSocketAddress("127.0.0.1", 700);
        }

        public InetSocketAddress local() {
            return new InetSocketAddress("127.0.0.1", 2049);
        }

        public boolean send(byte[] record) {
            return false;
        }
    };

    private Reply dispatch(byte[] record) throws Exception {
        return dispatcher.dispatch(record, conn).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void successFramingMatchesTheReferenceEncodingSmallAndLarge() {
        for (int n : new int[] {0, 4, 4096, 4100, 1 << 20}) {
            byte[] body = new byte[n];
            for (int i = 0; i < n; i++) {
                body[i] = (byte) i;
            }
            byte[] expected = RecordMarking.frame(RpcReplies.success(0xdeadbeef, n).writeFixedOpaque(body, n).toByteArray());
            assertThat(RpcDispatcher.success(0xdeadbeef, XdrChain.of(body)).toByteArray()).as("body of %d bytes", n).isEqualTo(expected);
        }
    }

    @Test
    void aBodyWithSplicedReadDataGoesOutAsIfItWereCopiedIn() {
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocateDirect(XdrEncoder.SPLICE_MIN + 3);
        for (int i = 0; i < data.capacity(); i++) {
            data.put(i, (byte) (i * 7));
        }
        XdrEncoder body = new XdrEncoder().writeInt(25).writeOpaque(data).writeInt(9);
        byte[] flat = body.toByteArray();
        byte[] expected = RecordMarking.frame(RpcReplies.success(0xfeed, flat.length).writeFixedOpaque(flat, flat.length).toByteArray());

        Reply reply = RpcDispatcher.success(0xfeed, body.toChain());

        // what the connection writes: the buffers one after the other
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        for (java.nio.ByteBuffer b : reply.buffers()) {
            byte[] part = new byte[b.remaining()];
            b.get(part);
            written.writeBytes(part);
        }
        assertThat(written.toByteArray()).isEqualTo(expected);
        assertThat(reply.toByteArray()).isEqualTo(expected);
        assertThat(data.position()).isZero();
    }

    @Test
    void nullResultIsSystemErr() throws Exception {
        nfs.behave((call, c) -> CompletableFuture.completedFuture(null));
        Reply reply = dispatch(RpcClient.call(3, RpcClient.NFS, 4, 1, new byte[4]));
        assertThat(reply.toByteArray()).isEqualTo(RecordMarking.frame(RpcReplies.accepted(3, RpcConstants.SYSTEM_ERR)));
        assertThat(metrics.rpcCount(GatewayMetrics.Proc.COMPOUND, GatewayMetrics.Outcome.SYSTEM_ERR)).isEqualTo(1.0);
    }

    @Test
    void replyRecordsProduceNothing() throws Exception {
        assertThat(dispatch(RpcReplies.success(9, 0).toByteArray()).isEmpty()).isTrue();
        assertThat(nfs.backchannelReplies).hasSize(1);
    }

    @Test
    void undecodableHeaderFailsTheStage() {
        var stage = dispatcher.dispatch(new byte[] {0, 0, 0, 1, 0, 0, 0, 9}, conn).toCompletableFuture();
        assertThat(stage).isCompletedExceptionally();
        assertThat(stage.handle((r, e) -> e).join()).isInstanceOf(RpcDispatcher.ProtocolViolation.class);
    }

    @Test
    void outcomesAreClassifiedForMetrics() {
        assertThat(RpcDispatcher.classify(RpcReplies.authError(1, RpcConstants.AUTH_BADCRED))).isEqualTo(GatewayMetrics.Outcome.AUTH_ERROR);
        assertThat(RpcDispatcher.classify(RpcReplies.rpcMismatch(1))).isEqualTo(GatewayMetrics.Outcome.RPC_MISMATCH);
        assertThat(RpcDispatcher.classify(RpcReplies.accepted(1, RpcConstants.GARBAGE_ARGS))).isEqualTo(GatewayMetrics.Outcome.GARBAGE_ARGS);
    }
}
