package org.cephgw.gateway.tcp;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.util.ByteString;
import org.cephgw.actors.Connection;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.protocol.rpc.RecordMarking;

/**
 * One accepted NFS connection as the NFS layer sees it. Back-channel records go into a bounded
 * queue whose source is merged into the connection's outgoing stream, so they interleave with
 * fore-channel replies on the same socket without any lock.
 */
public final class TcpConnection implements Connection {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final GatewayMetrics metrics;
    private final BoundedSourceQueue<ByteString> outbox;
    private volatile boolean closed;

    TcpConnection(InetSocketAddress remote, InetSocketAddress local, BoundedSourceQueue<ByteString> outbox,
                  GatewayMetrics metrics) {
        this.remote = remote;
        this.local = local;
        this.outbox = outbox;
        this.metrics = metrics;
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

    /** Thread-safe: BoundedSourceQueue.offer may be called from any thread. */
    @Override
    public boolean send(byte[] record) {
        if (closed) {
            metrics.backchannelOffered(false);
            return false;
        }
        // framed copy: the caller keeps its array, and the frame goes out as one element
        byte[] framed = RecordMarking.frame(record);
        boolean queued;
        try {
            queued = outbox.offer(ByteString.fromArrayUnsafe(framed)).isEnqueued();
        } catch (RuntimeException e) {
            // offer after the stream ended may throw instead of answering QueueClosed
            queued = false;
        }
        metrics.backchannelOffered(queued);
        if (queued) {
            metrics.sent(framed.length);
        }
        return queued;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
        try {
            outbox.complete();
        } catch (RuntimeException e) {
            // already completed or failed with the stream: nothing left to release
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
