package org.cephgw.gateway.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.cephgw.actors.ClientSummary;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;

/** An NfsService whose COMPOUND behaviour each test sets; records what the server called. */
public final class FakeNfsService implements NfsService {
    public final List<RpcCall> calls = new CopyOnWriteArrayList<>();
    public final List<Connection> callConnections = new CopyOnWriteArrayList<>();
    public final List<byte[]> backchannelReplies = new CopyOnWriteArrayList<>();
    public final List<Connection> closed = new CopyOnWriteArrayList<>();
    /** Futures of {@link #holding()} calls by xid. */
    public final ConcurrentHashMap<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    /** Futures of {@link #parking()} calls in arrival order. */
    public final List<CompletableFuture<byte[]>> parked = new CopyOnWriteArrayList<>();
    public final AtomicInteger openHandles = new AtomicInteger();
    public volatile List<ClientSummary> clientList = List.of();
    private volatile BiFunction<RpcCall, Connection, CompletionStage<byte[]>> behaviour = echo();

    /** Answers with the COMPOUND's argument bytes reversed. */
    public static BiFunction<RpcCall, Connection, CompletionStage<byte[]>> echo() {
        return (call, conn) -> CompletableFuture.completedFuture(reversedArgs(call));
    }

    public static byte[] reversedArgs(RpcCall call) {
        byte[] r = call.record();
        int n = r.length - call.argsOffset();
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = r[r.length - 1 - i];
        }
        return out;
    }

    /** Leaves each call pending in {@link #pending} until the test completes it. */
    public BiFunction<RpcCall, Connection, CompletionStage<byte[]>> holding() {
        return (call, conn) -> pending.computeIfAbsent(call.xid(), x -> new CompletableFuture<>());
    }

    /** Leaves every call pending in {@link #parked} until the test completes it. */
    public BiFunction<RpcCall, Connection, CompletionStage<byte[]>> parking() {
        return (call, conn) -> {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            parked.add(f);
            return f;
        };
    }

    public FakeNfsService behave(BiFunction<RpcCall, Connection, CompletionStage<byte[]>> b) {
        this.behaviour = b;
        return this;
    }

    @Override
    public CompletionStage<XdrChain> compound(RpcCall call, Connection connection) {
        calls.add(call);
        callConnections.add(connection);
        return behaviour.apply(call, connection).thenApply(b -> b == null ? null : XdrChain.of(b));
    }

    @Override
    public void backchannelReply(byte[] record, Connection connection) {
        backchannelReplies.add(record);
    }

    @Override
    public void connectionClosed(Connection connection) {
        closed.add(connection);
    }

    @Override
    public CompletionStage<List<ClientSummary>> clients() {
        return CompletableFuture.completedFuture(clientList);
    }

    @Override
    public int openBackendHandles() {
        return openHandles.get();
    }
}
