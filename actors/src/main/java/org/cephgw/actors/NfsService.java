package org.cephgw.actors;

import java.util.concurrent.CompletionStage;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;

/**
 * The NFSv4 program as the server's connection streams call it: the server has already checked
 * the RPC header (program 100003, version 4, procedure COMPOUND); this executes the COMPOUND.
 */
public interface NfsService {

    /**
     * Executes the COMPOUND whose arguments start at {@link RpcCall#args()}.
     *
     * @return the encoded COMPOUND4res (XDR, without the RPC reply header; whoever ends its life
     *         calls {@link org.cephgw.protocol.xdr.XdrChain#release}); the stage fails with
     *         an {@link org.cephgw.protocol.xdr.XdrException} when the arguments cannot be
     *         decoded at all (the server answers GARBAGE_ARGS)
     */
    CompletionStage<XdrChain> compound(RpcCall call, Connection connection);

    /**
     * A record on a connection that is an RPC reply rather than a call: the answer to a
     * back-channel call this service sent.
     */
    void backchannelReply(byte[] record, Connection connection);

    /** The connection is gone: unbind it from its sessions. */
    void connectionClosed(Connection connection);

    /** The clients this head holds state for (management API). */
    CompletionStage<java.util.List<ClientSummary>> clients();

    /** Open back-end I/O handles across all exports (leak checks, metrics). */
    int openBackendHandles();

    /** The head's client and session counts (metrics); null when this service keeps none (a router, a fake). */
    default org.cephgw.actors.metrics.HeadStats stats() {
        return null;
    }
}
