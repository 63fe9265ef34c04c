package org.cephgw.gateway.tcp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;

/**
 * The NFS service of a head that is still starting: the NFS port listens from the first seconds
 * of a start, while the head joins the grace period, waits for every member to enforce and mounts
 * its back ends, and COMPOUNDs that arrive meanwhile wait here for the real service
 * ({@link #start}). Why: a client whose server went away retries its connection with a growing
 * back-off (the Linux client: 3 s, 6 s, 12 s …); refusing connections for the seconds a restart
 * takes pushes its reconnect, and so its reclaim and the end of the grace period, tens of seconds
 * later. An accepted connection instead just waits, within the client's RPC timeout. Nothing
 * executes before the real service exists, so the grace rules are unaffected; memory stays
 * bounded by each connection's in-flight limit.
 */
public final class PendingNfsService implements NfsService {
    private final CompletableFuture<NfsService> target = new CompletableFuture<>();

    /**
     * The call was not run because the head stopped, or never started, before it could: it gets
     * no answer and its connection closes; the client sends it again to the next server.
     */
    public static final class NotServed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotServed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The head is ready: run the waiting and all further calls on {@code service}. */
    public void start(NfsService service) {
        target.complete(service);
    }

    /** The head will not serve (its start failed, or it stops first): the waiting calls are not answered, their connections close. */
    public void fail(Throwable cause) {
        target.completeExceptionally(cause instanceof NotServed ? cause : new NotServed("the head does not serve: " + cause, cause));
    }

    /** The real service, or null while it does not exist (or never will). */
    private NfsService ready() {
        return target.isDone() && !target.isCompletedExceptionally() ? target.join() : null;
    }

    @Override
    public CompletionStage<XdrChain> compound(RpcCall call, Connection connection) {
        NfsService s = ready();
        return s != null ? s.compound(call, connection) : target.thenCompose(t -> t.compound(call, connection));
    }

    @Override
    public void backchannelReply(byte[] record, Connection connection) {
        // the service sends back-channel calls, so none can be answered before it exists
        NfsService s = ready();
        if (s != null) {
            s.backchannelReply(record, connection);
        }
    }

    @Override
    public void connectionClosed(Connection connection) {
        target.thenAccept(t -> t.connectionClosed(connection));
    }

    @Override
    public CompletionStage<List<ClientSummary>> clients() {
        NfsService s = ready();
        return s != null ? s.clients() : CompletableFuture.completedFuture(List.of());
    }

    @Override
    public int openBackendHandles() {
        NfsService s = ready();
        return s != null ? s.openBackendHandles() : 0;
    }
}
