package org.cephgw.gateway.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.actors.Connection;
import org.cephgw.protocol.rpc.RecordMarking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted NFS connection: reads records from its socket on its {@link IoLoop}, hands each
 * to the {@link RpcDispatcher}, and writes the replies — and back-channel calls
 * ({@link #send}) — back in completion order (clients match them by xid).
 *
 * <p><b>Bounded.</b> At most {@code maxInFlight} calls of one connection are dispatched and not
 * yet answered on the socket; beyond that the records already read wait here (at most one read
 * chunk's worth; the read buffer itself is the loop's) and the socket is not read, so the client's own TCP window pushes back. A
 * reply counts until it is written, so a client that does not read its replies stops being read
 * too. Back-channel calls waiting to be written are limited to {@code backchannelQueueSize}.
 *
 * <p><b>Threads.</b> Reading, interest changes and closing run on the loop thread. A reply is
 * written by the thread that completes it when nothing is queued before it (no hand-off on the
 * common path); what the socket does not take at once is queued and written by the loop when the
 * socket is writable. The write side is guarded by {@link #out}.
 *
 * <p><b>Ending.</b> At end of input (the client half-closed) the records already read still run
 * and their replies are written, then the connection closes. {@link #stopInput} (the server is
 * draining) drops the records not yet dispatched, stops reading and keeps the connection open
 * without closing it, so that the calls under way can answer.
 */
final class NfsConnection implements Connection, IoLoop.Handler {
    private static final Logger log = LoggerFactory.getLogger(NfsConnection.class);

    /**
     * A record queued for the socket; {@code reply}: of a dispatched call (counted in flight,
     * released once written or dropped), null for a back-channel call.
     */
    private record Out(ByteBuffer[] buffers, Reply reply) {
        boolean call() {
            return reply != null;
        }

        boolean written() {
            return !buffers[buffers.length - 1].hasRemaining();
        }

        void release() {
            if (reply != null) {
                reply.release();
            }
        }
    }

    private final long id = Connection.newId();
    private final SocketChannel channel;
    private final IoLoop loop;
    private final NfsTcpServer server;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final int maxInFlight;
    private final int backchannelQueueSize;

    // ---- loop thread
    private final RecordMarking.Assembler assembler;
    private final ArrayDeque<byte[]> parked = new ArrayDeque<>();
    private SelectionKey key;
    private boolean finished;

    /** calls dispatched whose reply is not yet written (or dropped) */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** reading is off because of the in-flight limit (Dekker pair with inFlight, see callDone) */
    private volatile boolean paused;
    /** no more records are read: end of input, or the server drains */
    private volatile boolean inputDone;
    /** the server drains: the connection stays open when its calls are done */
    private volatile boolean draining;
    private volatile boolean closed;

    // ---- write side, guarded by out
    private final ArrayDeque<Out> out = new ArrayDeque<>();
    private int queuedCallbacks;
    private boolean writeInterest;

    NfsConnection(SocketChannel channel, IoLoop loop, NfsTcpServer server, NfsTcpServer.Settings settings)
            throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.server = server;
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.maxInFlight = settings.maxInFlight();
        this.backchannelQueueSize = settings.backchannelQueueSize();
        this.assembler = new RecordMarking.Assembler(settings.maxRecordSize());
    }

    /** On the loop thread: starts reading. */
    void register() {
        try {
            key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        } catch (ClosedChannelException | RuntimeException e) {
            close(e);
            return;
        }
        if (draining) {
            stopInput();
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    // ------------------------------------------------------------------ reading (loop thread)

    @Override
    public void ready(SelectionKey k) {
        if (k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() {
        if (inputDone || finished) {
            return;
        }
        // the loop's buffer: what is read is copied into the record being assembled at once, so
        // ten thousand idle connections do not hold ten thousand read buffers
        ByteBuffer readBuffer = loop.readBuffer();
        int n;
        try {
            n = channel.read(readBuffer);
        } catch (IOException e) {
            close(e);
            return;
        }
        if (n < 0) {
            // the client closed its side: what it sent still runs, then the connection closes
            inputDone = true;
            afterCalls();
            return;
        }
        if (n == 0) {
            return;
        }
        server.metrics().received(n);
        List<byte[]> records;
        try {
            records = assembler.feed(readBuffer.array(), 0, n);
        } catch (RecordMarking.RecordTooLargeException e) {
            close(e);
            return;
        }
        for (byte[] r : records) {
            if (parked.isEmpty() && inFlight.get() < maxInFlight) {
                dispatch(r);
            } else {
                parked.add(r);
            }
        }
        updateInterest();
    }

    private void dispatch(byte[] record) {
        inFlight.incrementAndGet();
        server.callStarted();
        CompletionStage<Reply> reply = server.dispatcher().dispatch(record, this);
        reply.whenComplete(this::completed);
    }

    /** Any thread: a dispatched call has its reply (or failed). */
    private void completed(Reply reply, Throwable err) {
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (!(cause instanceof PendingNfsService.NotServed)) {
                // RpcDispatcher answers every call it can; what fails is a record that cannot be RPC
                close(cause);
            } else {
                close(null);
            }
            callDone();
            return;
        }
        // a server that stopped replying (its back ends close) drops what still completes
        if (reply.isEmpty() || !server.replying() || !write(new Out(reply.buffers(), reply))) {
            reply.release();
            callDone();
        }
    }

    /** A call's reply is written, or will never be: the connection may read again, or end. */
    private void callDone() {
        int left = inFlight.decrementAndGet();
        server.callDone();
        // paused is read after the decrement, and the loop reads inFlight after setting paused:
        // one of the two sees the other, so a connection is never left paused with room to read
        if ((paused && left < maxInFlight) || (inputDone && left == 0)) {
            loop.execute(this::afterCalls);
        }
    }

    /** Loop thread: run parked records while there is room, then read again or end. */
    private void afterCalls() {
        if (finished) {
            return;
        }
        while (!parked.isEmpty() && !draining && inFlight.get() < maxInFlight) {
            dispatch(parked.poll());
        }
        if (inputDone && !draining && parked.isEmpty() && inFlight.get() == 0) {
            // end of input and every reply written: done (a draining server keeps it open)
            close(null);
            return;
        }
        updateInterest();
    }

    /** Loop thread: read when there is room for more calls. */
    private void updateInterest() {
        if (finished || key == null || !key.isValid()) {
            return;
        }
        boolean read = !inputDone && parked.isEmpty() && inFlight.get() < maxInFlight;
        setInterest(SelectionKey.OP_READ, read);
        paused = !read && !inputDone;
        if (paused && inFlight.get() < maxInFlight) {
            // a call finished between the check and setting paused
            loop.later(this::afterCalls);
        }
    }

    private void setInterest(int op, boolean on) {
        try {
            int ops = key.interestOps();
            int want = on ? ops | op : ops & ~op;
            if (want != ops) {
                key.interestOps(want);
            }
        } catch (CancelledKeyException e) {
            // closing
        }
    }

    /**
     * The server drains: records not yet dispatched are dropped (the client sends them again to
     * the next server), nothing more is read, and the connection stays open for the calls under
     * way to answer. Any thread.
     */
    void stopInput() {
        draining = true;
        inputDone = true;
        loop.execute(() -> {
            parked.clear();
            if (key != null && key.isValid()) {
                setInterest(SelectionKey.OP_READ, false);
            }
            paused = false;
        });
    }

    // ------------------------------------------------------------------ writing

    /** Queues one record for the client (a back-channel call). */
    @Override
    public boolean send(byte[] record) {
        boolean queued = !closed && write(new Out(new ByteBuffer[] {ByteBuffer.wrap(RecordMarking.frame(record))}, null));
        server.metrics().backchannelOffered(queued);
        if (queued) {
            server.metrics().sent(record.length + 4);
        }
        return queued;
    }

    /**
     * Any thread: writes at once when nothing waits before this record, else queues it. False
     * when the connection is closed (or the back-channel queue is full): nothing was queued.
     */
    private boolean write(Out o) {
        boolean wantWritable = false;
        boolean writtenNow = false;
        synchronized (out) {
            if (closed) {
                return false;
            }
            if (!o.call() && queuedCallbacks >= backchannelQueueSize) {
                return false;
            }
            if (out.isEmpty() && !writeInterest) {
                try {
                    channel.write(o.buffers);
                } catch (IOException e) {
                    closeLater(e);
                    return false;
                }
                writtenNow = o.written();
            }
            if (!writtenNow) {
                out.add(o);
                if (!o.call()) {
                    queuedCallbacks++;
                }
                if (!writeInterest) {
                    writeInterest = true;
                    wantWritable = true;
                }
            }
        }
        if (writtenNow && o.call()) {
            o.release();
            callDone();
        }
        if (wantWritable) {
            loop.execute(() -> {
                if (key != null && key.isValid()) {
                    setInterest(SelectionKey.OP_WRITE, true);
                }
            });
        }
        return true;
    }

    /** Loop thread: the socket takes more. */
    private void flush() {
        List<Out> done = new ArrayList<>();
        synchronized (out) {
            try {
                while (!out.isEmpty()) {
                    Out o = out.peek();
                    channel.write(o.buffers);
                    if (!o.written()) {
                        break;
                    }
                    out.poll();
                    if (!o.call()) {
                        queuedCallbacks--;
                    }
                    done.add(o);
                }
            } catch (IOException e) {
                closeLater(e);
            }
            if (out.isEmpty()) {
                writeInterest = false;
                setInterest(SelectionKey.OP_WRITE, false);
            }
        }
        for (Out o : done) {
            if (o.call()) {
                o.release();
                callDone();
            }
        }
    }

    // ------------------------------------------------------------------ closing

    private void closeLater(Throwable why) {
        closed = true;
        loop.later(() -> close(why));
    }

    /** Any thread: closes the connection (once); {@code why} null: an orderly end. */
    void close(Throwable why) {
        closed = true;
        if (!loop.inLoop()) {
            loop.execute(() -> close(why));
            return;
        }
        if (finished) {
            return;
        }
        finished = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close: {}", this, e.toString());
        }
        parked.clear();
        int dropped = 0;
        synchronized (out) {
            for (Out o : out) {
                if (o.call()) {
                    o.release();
                    dropped++;
                }
            }
            out.clear();
            queuedCallbacks = 0;
        }
        for (int i = 0; i < dropped; i++) {
            callDone();
        }
        server.connectionClosed(this, why);
    }

    @Override
    public void loopClosed() {
        close(null);
    }

    @Override
    public String toString() {
        return "connection " + id + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
