package org.cephgw.gateway.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.actors.NfsService;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.protocol.rpc.RecordMarking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFS TCP listener, on plain Java NIO: a few {@link IoLoop} threads (one selector each), the
 * first of which also accepts; each connection is an {@link NfsConnection} on one loop.
 *
 * <pre>
 * socket ─▶ RecordMarking.Assembler ─▶ RpcDispatcher (at most maxInFlight per connection) ─▶ replies ─┐
 *                                                                                      socket ◀──────┤
 *                                                          back channel: Connection.send (bounded) ──┘
 * </pre>
 *
 * <p>Why not Pekko Streams' TCP: the listener must exist before the actor system does. A
 * restarting head binds its port within a fraction of a second of the JVM's start, before cluster
 * join, management and back ends (which take seconds), and its calls wait in
 * {@link PendingNfsService}; a client reconnecting after a restart is then accepted at once
 * instead of being pushed into its connect back-off (the Linux client waits 3, 6, 12 … s after
 * refused connects). This class needs nothing from Pekko.
 *
 * <p><b>Stopping</b> ({@link #drain}, then {@link #close}): a clean stop never answers a call it
 * did not finish with an error. Draining closes the listener, stops reading every connection
 * (records not yet dispatched are dropped: the client sends them again after it reconnects, and
 * the session's reply cache covers a retry of one that ran) and completes once every dispatched
 * call has its reply on the socket. After that — or after the drain's time limit — replies are
 * no longer written ({@link #stopReplying}), and only then may the back ends close. The
 * connections stay open until {@link #close}: a client learns of the stop when the process ends.
 */
public final class NfsTcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NfsTcpServer.class);
    /** after a failed accept (out of file descriptors): pause accepting this long */
    private static final long ACCEPT_RETRY_MS = 100;

    /**
     * @param bind                 address to listen on
     * @param port                 0 for any free port
     * @param maxRecordSize        larger records close the connection
     * @param maxInFlight          calls executing at once per connection
     * @param backchannelQueueSize back-channel records waiting per connection
     * @param backlog              TCP accept backlog
     * @param ioThreads            selector threads
     */
    public record Settings(String bind, int port, int maxRecordSize, int maxInFlight, int backchannelQueueSize,
                           int backlog, int ioThreads) {
        public Settings {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads " + ioThreads);
            }
        }

        /** One I/O thread. */
        public Settings(String bind, int port, int maxRecordSize, int maxInFlight, int backchannelQueueSize, int backlog) {
            this(bind, port, maxRecordSize, maxInFlight, backchannelQueueSize, backlog, 1);
        }
    }

    private final Settings settings;
    private final NfsService nfs;
    private final GatewayMetrics metrics;
    private final RpcDispatcher dispatcher;
    private final Set<NfsConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> unbound = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private IoLoop[] loops;
    private ServerSocketChannel listener;
    private InetSocketAddress localAddress;
    private int next;
    private volatile boolean draining;
    private volatile boolean replying = true;
    private volatile boolean closed;

    public NfsTcpServer(Settings settings, NfsService nfs, GatewayMetrics metrics) {
        this.settings = settings;
        this.nfs = nfs;
        this.metrics = metrics;
        this.dispatcher = new RpcDispatcher(nfs, metrics);
    }

    /**
     * Binds the listener and starts accepting; returns the bound address (the real port when
     * configured with 0).
     *
     * @throws IOException the port cannot be bound (in use, no such address, no permission)
     */
    public synchronized InetSocketAddress bind() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already bound");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            // a restarted head binds while its predecessor's connections are in TIME_WAIT
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(settings.bind(), settings.port()), settings.backlog());
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        listener = ch;
        localAddress = (InetSocketAddress) ch.getLocalAddress();
        loops = new IoLoop[settings.ioThreads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("cephgw-nfs-io-" + i);
            loops[i].start();
        }
        Acceptor acceptor = new Acceptor(ch, loops[0]);
        loops[0].execute(acceptor::register);
        return localAddress;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Completes when the listener is closed (unbound, drained, closed, or failed). */
    public CompletionStage<Void> whenUnbound() {
        return unbound;
    }

    /** Connections open now. */
    public int connectionCount() {
        return connections.size();
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Stops taking work: closes the listener and stops reading every connection (records not yet
     * dispatched are dropped). The returned stage completes once every dispatched call's reply
     * is written (or will never be: its connection closed). Idempotent.
     */
    public CompletionStage<Void> drain() {
        if (!draining) {
            draining = true;
            closeListener();
            int n = 0;
            for (NfsConnection c : connections) {
                c.stopInput();
                n++;
            }
            log.info("NFS: draining {} connection(s), {} call(s) under way", n, inFlight.get());
            checkDrained();
        }
        return drained;
    }

    /**
     * From now on, replies are dropped rather than written: after a drain that ran out of time,
     * the calls still under way may fail when the back ends close, and the client must not see
     * those failures (it sends the calls again after it reconnects).
     */
    public void stopReplying() {
        replying = false;
    }

    /** Calls dispatched and not yet answered, over every connection. */
    public int callsInFlight() {
        return inFlight.get();
    }

    /** Closes the listener, every connection and the I/O threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        draining = true;
        replying = false;
        closeListener();
        if (loops != null) {
            for (IoLoop l : loops) {
                l.close(5000);
            }
        }
        drained.complete(null);
    }

    private void closeListener() {
        ServerSocketChannel l;
        synchronized (this) {
            l = listener;
        }
        if (l != null && l.isOpen()) {
            try {
                l.close();
            } catch (IOException e) {
                log.debug("closing the NFS listener: {}", e.toString());
            }
            log.info("NFS listener on {}:{} closed", settings.bind(), localAddress.getPort());
        }
        unbound.complete(null);
    }

    // ------------------------------------------------------------------ for the connections

    RpcDispatcher dispatcher() {
        return dispatcher;
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    boolean replying() {
        return replying;
    }

    void callStarted() {
        inFlight.incrementAndGet();
    }

    void callDone() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            checkDrained();
        }
    }

    private void checkDrained() {
        if (draining && inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    void connectionClosed(NfsConnection conn, Throwable err) {
        if (!connections.remove(conn)) {
            return;
        }
        metrics.connectionClosed(err != null);
        if (err == null) {
            log.debug("{}: closed", conn);
        } else if (err instanceof RecordMarking.RecordTooLargeException || err instanceof RpcDispatcher.ProtocolViolation) {
            log.info("{}: closed: {}", conn, err.getMessage());
        } else {
            log.debug("{}: closed: {}", conn, err.toString());
        }
        try {
            nfs.connectionClosed(conn);
        } catch (RuntimeException e) {
            log.warn("{}: NFS service failed on connection close", conn, e);
        }
    }

    /** The listener's handler, on the first loop. */
    private final class Acceptor implements IoLoop.Handler {
        private final ServerSocketChannel channel;
        private final IoLoop loop;
        private SelectionKey key;

        Acceptor(ServerSocketChannel channel, IoLoop loop) {
            this.channel = channel;
            this.loop = loop;
        }

        void register() {
            if (!channel.isOpen()) {
                return;
            }
            try {
                key = channel.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
            } catch (IOException | RuntimeException e) {
                log.error("NFS listener on {}:{} cannot accept: {}", settings.bind(), localAddress.getPort(), e.toString());
                closeListener();
            }
        }

        @Override
        public void ready(SelectionKey k) {
            for (int i = 0; i < 64 && !draining; i++) {
                SocketChannel sc;
                try {
                    sc = channel.accept();
                } catch (IOException e) {
                    if (!channel.isOpen()) {
                        return;
                    }
                    // typically out of file descriptors: the pending connection stays in the backlog
                    log.warn("NFS listener: accept failed ({}); retrying in {} ms", e.toString(), ACCEPT_RETRY_MS);
                    k.interestOps(0);
                    loop.schedule(ACCEPT_RETRY_MS, () -> {
                        if (k.isValid()) {
                            k.interestOps(SelectionKey.OP_ACCEPT);
                        }
                    });
                    return;
                }
                if (sc == null) {
                    return;
                }
                accepted(sc);
            }
        }

        private void accepted(SocketChannel sc) {
            NfsConnection conn;
            IoLoop l = loops[Math.floorMod(next++, loops.length)];
            try {
                sc.configureBlocking(false);
                // replies are whole records written at once: Nagle would only add latency
                sc.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // notice clients that vanished without a FIN (their state then waits for lease expiry)
                sc.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                conn = new NfsConnection(sc, l, NfsTcpServer.this, settings);
            } catch (IOException | RuntimeException e) {
                log.debug("NFS listener: dropping a connection that failed at once: {}", e.toString());
                try {
                    sc.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
                return;
            }
            connections.add(conn);
            metrics.connectionOpened();
            log.debug("{}: accepted on {}", conn, conn.local());
            if (draining) {
                conn.stopInput();
            }
            l.execute(conn::register);
        }

        @Override
        public void loopClosed() {
            if (key != null) {
                key.cancel();
            }
            closeListener();
        }
    }
}
