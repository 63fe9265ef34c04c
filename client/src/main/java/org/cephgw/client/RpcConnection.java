package org.cephgw.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;

/**
 * A pipelined RPC connection to an NFSv4 server: any number of calls in flight, replies matched
 * by xid in whatever order they come. Calls may be sent from any thread; the socket is
 * non-blocking and served by an {@link EventLoop}, which completes the returned futures (see
 * there for what that means for callbacks). A write the socket cannot take at once is queued
 * and finished by the loop, so a sender never blocks.
 *
 * <p>Back-channel calls from the server are counted and not answered: this connection is for
 * sessions created without a back channel.
 */
public final class RpcConnection implements CompoundCaller, AutoCloseable {
    private static final int MAX_REPLY = 64 * 1024 * 1024;

    private final SocketChannel channel;
    private final EventLoop loop;
    private final RecordMarking.Assembler assembler = new RecordMarking.Assembler(MAX_REPLY);
    private final Map<Integer, CompletableFuture<NfsClient.RpcReply>> pending = new ConcurrentHashMap<>();
    /** Frames the socket did not take yet, oldest first; guarded by itself. */
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private final AtomicInteger backchannelCalls = new AtomicInteger();
    private volatile SelectionKey key;
    private volatile OpaqueAuth credential;
    private volatile IOException failure;
    private Duration timeout = NfsClient.DEFAULT_TIMEOUT;

    private RpcConnection(SocketChannel channel, EventLoop loop, OpaqueAuth credential) {
        this.channel = channel;
        this.loop = loop;
        this.credential = credential;
    }

    /** Connects (blocking, at most 10 s) and hands the connection to {@code loop}; AUTH_SYS root as {@code machineName}. */
    public static RpcConnection connect(InetSocketAddress server, EventLoop loop, String machineName) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(server, 10_000);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        OpaqueAuth cred = OpaqueAuth.authSys(
                new AuthSysParms((int) (System.currentTimeMillis() / 1000), machineName, 0, 0, new int[0]));
        RpcConnection c = new RpcConnection(ch, loop, cred);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                c.key = ch.register(loop.selector(), SelectionKey.OP_READ, c);
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        await(registered, Duration.ofSeconds(10));
        return c;
    }

    /** The credential of the calls sent from now on. */
    public RpcConnection credential(OpaqueAuth cred) {
        this.credential = cred;
        return this;
    }

    /** How long the blocking {@link #compoundReply} waits. */
    public RpcConnection timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /**
     * Runs {@code task} on this connection's event loop, after what the loop is doing now: where
     * replies are handled, so a task and the callbacks of this connection's calls never run at once.
     */
    public void execute(Runnable task) {
        loop.later(task);
    }

    public int backchannelCalls() {
        return backchannelCalls.get();
    }

    /** Calls sent and not answered yet. */
    public int inFlight() {
        return pending.size();
    }

    // ------------------------------------------------------------------ calls

    /** A COMPOUND, its reply decoded on the event loop; fails with {@link NfsClient.RpcException} unless accepted with SUCCESS. */
    public CompletableFuture<NfsClient.CompoundReply> compoundAsync(int minorversion, List<NfsArgop> ops) {
        int xid = NfsClient.nextXid();
        byte[] record = NfsClient.callRecord(xid, Nfs4Const.NFS4_PROGRAM, Nfs4Const.NFS_V4, Nfs4Const.NFSPROC4_COMPOUND,
                credential, NfsClient.compoundArgs("", minorversion, ops));
        return call(xid, record).thenApply(r -> {
            if (!r.isSuccess()) {
                throw new NfsClient.RpcException("COMPOUND not accepted: reply_stat " + r.replyStat() + ", accept_stat "
                        + r.acceptStat() + ", reject_stat " + r.rejectStat(), r);
            }
            return new NfsClient.CompoundReply(r.body(), Compound.decodeRes(new XdrDecoder(r.body())));
        });
    }

    @Override
    public NfsClient.CompoundReply compoundReply(int minorversion, List<NfsArgop> ops) throws IOException {
        return await(compoundAsync(minorversion, ops), timeout);
    }

    /** Sends one RPC call record (the xid is its first four bytes); the future has the reply. */
    public CompletableFuture<NfsClient.RpcReply> call(int xid, byte[] record) {
        CompletableFuture<NfsClient.RpcReply> f = new CompletableFuture<>();
        IOException failed = failure;
        if (failed != null) {
            f.completeExceptionally(failed);
            return f;
        }
        pending.put(xid, f);
        try {
            send(RecordMarking.frame(record));
        } catch (IOException e) {
            fail(e);
        }
        return f;
    }

    private void send(byte[] frame) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(frame);
        synchronized (unsent) {
            if (unsent.isEmpty()) {
                channel.write(buf);
                if (!buf.hasRemaining()) {
                    return;
                }
                unsent.add(buf);
                // the loop finishes it when the socket can take more
                loop.execute(this::wantWrite);
            } else {
                unsent.add(buf);
            }
        }
    }

    private void wantWrite() {
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** The loop's turn: the socket is readable and/or writable. */
    void ready(SelectionKey k) {
        try {
            if (k.isValid() && k.isWritable()) {
                flush(k);
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? io : new IOException(e));
        }
    }

    private void flush(SelectionKey k) throws IOException {
        synchronized (unsent) {
            while (!unsent.isEmpty()) {
                ByteBuffer b = unsent.peekFirst();
                channel.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                unsent.removeFirst();
            }
            k.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        byte[] arr = loop.readArray;
        while (true) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (n == 0) {
                return;
            }
            buf.flip();
            buf.get(arr, 0, n);
            for (byte[] rec : assembler.feed(arr, 0, n)) {
                received(rec);
            }
            if (n < buf.capacity()) {
                return;
            }
        }
    }

    private void received(byte[] rec) {
        if (rec.length >= 8 && readInt(rec, 4) == RpcConstants.CALL) {
            backchannelCalls.incrementAndGet();
            return;
        }
        NfsClient.RpcReply r = NfsClient.RpcReply.decode(rec);
        CompletableFuture<NfsClient.RpcReply> f = pending.remove(r.xid());
        if (f != null) {
            f.complete(r);
        }
    }

    /** The connection broke: closed, and every call still waiting fails with {@code e}. */
    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        close();
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** A future's value, waited for at most {@code timeout}; its failure as the IOException or RuntimeException it was. */
    public static <T> T await(CompletableFuture<T> f, Duration timeout) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no reply within " + timeout);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    /** True once the connection failed or was closed. */
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void close() {
        if (failure == null) {
            failure = new IOException("connection closed");
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Integer xid : List.copyOf(pending.keySet())) {
            CompletableFuture<NfsClient.RpcReply> f = pending.remove(xid);
            if (f != null) {
                f.completeExceptionally(failure);
            }
        }
    }
}
