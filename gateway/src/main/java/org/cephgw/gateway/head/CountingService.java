package org.cephgw.gateway.head;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;

/** A head's service as the router calls it directly: counts the calls under way, for the hand-off's drain. */
final class CountingService implements NfsService {
    private final NfsService nfs;
    private final AtomicInteger underWay;

    CountingService(NfsService nfs, AtomicInteger underWay) {
        this.nfs = nfs;
        this.underWay = underWay;
    }

    @Override
    public CompletionStage<XdrChain> compound(RpcCall call, Connection connection) {
        underWay.incrementAndGet();
        CompletionStage<XdrChain> r;
        try {
            r = nfs.compound(call, connection);
        } catch (RuntimeException e) {
            underWay.decrementAndGet();
            throw e;
        }
        return r.whenComplete((b, e) -> underWay.decrementAndGet());
    }

    @Override
    public void backchannelReply(byte[] record, Connection connection) {
        nfs.backchannelReply(record, connection);
    }

    @Override
    public void connectionClosed(Connection connection) {
        nfs.connectionClosed(connection);
    }

    @Override
    public CompletionStage<List<ClientSummary>> clients() {
        return nfs.clients();
    }

    @Override
    public int openBackendHandles() {
        return nfs.openBackendHandles();
    }
}
