package org.cephgw.gateway.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.cephgw.actors.NfsService;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.protocol.rpc.RecordMarking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFS TCP listener: one Pekko stream per accepted connection.
 *
 * <pre>
 * socket bytes ─▶ RecordFramingStage ─▶ mapAsyncUnordered(maxInFlight, RpcDispatcher) ─▶ drop empty ─┐
 *                                                                                                   merge ─▶ socket
 *                                            back-channel: Source.queue(backchannelQueueSize) ─────┘
 * </pre>
 *
 * Replies leave in completion order (the client matches them by xid). At most
 * {@code maxInFlight} calls of one connection execute at once; beyond that the stream stops
 * pulling, the framing stage stops pulling, and the socket is no longer read: the client's own
 * TCP window pushes back. Memory per connection is bounded by the maximum record size, the
 * in-flight limit and the back-channel queue.
 */
public final class NfsTcpServer {
    private static final Logger log = LoggerFactory.getLogger(NfsTcpServer.class);

    /**
     * @param bind                 address to listen on
     * @param port                 0 for any free port
     * @param maxRecordSize        larger records close the connection
     * @param maxInFlight          calls executing at once per connection
     * @param backchannelQueueSize back-channel records waiting per connection
     * @param backlog              TCP accept backlog
     */
    public record Settings(String bind, int port, int maxRecordSize, int maxInFlight, int backchannelQueueSize,
                           int backlog) {
    }

    private final ActorSystem<?> system;
    private final Materializer materializer;
    private final Settings settings;
    private final NfsService nfs;
    private final GatewayMetrics metrics;
    private final RpcDispatcher dispatcher;

    public NfsTcpServer(ActorSystem<?> system, Settings settings, NfsService nfs, GatewayMetrics metrics) {
        this.system = system;
        this.materializer = Materializer.matFromSystem(system);
        this.settings = settings;
        this.nfs = nfs;
        this.metrics = metrics;
        this.dispatcher = new RpcDispatcher(nfs, metrics);
    }

    /** Binds the listener; the stage completes once the port is bound (or fails, e.g. port in use). */
    public CompletionStage<Tcp.ServerBinding> bind() {
        List<Inet.SocketOption> options = List.of(
                // replies are whole records written at once: Nagle would only add latency
                TcpSO.tcpNoDelay(true),
                // notice clients that vanished without a FIN (their state then waits for lease expiry)
                TcpSO.keepAlive(true));
        return Tcp.get(system)
                .bind(settings.bind(), settings.port(), settings.backlog(), options,
                        // closing our side (an error) closes the socket, not just half of it
                        false,
                        // no idle timeout: NFS clients keep idle connections open for as long as they hold a lease
                        Optional.<Duration>empty())
                .toMat(Sink.foreach(this::accept), Keep.both())
                .mapMaterializedValue(bindingAndDone -> {
                    bindingAndDone.second().whenComplete((d, err) -> {
                        if (err != null) {
                            log.error("NFS listener on {}:{} failed: no more connections are accepted",
                                    settings.bind(), settings.port(), err);
                        }
                    });
                    return bindingAndDone.first();
                })
                .run(materializer);
    }

    private void accept(Tcp.IncomingConnection incoming) {
        // the back-channel queue is materialised first so that the Connection can offer to it
        // from the very first call
        Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> outbox =
                Source.<ByteString>queue(settings.backchannelQueueSize()).preMaterialize(materializer);
        TcpConnection conn = new TcpConnection(incoming.remoteAddress(), incoming.localAddress(), outbox.first(), metrics);
        metrics.connectionOpened();
        log.debug("{}: accepted on {}", conn, incoming.localAddress());

        Flow<ByteString, ByteString, CompletionStage<Done>> flow = Flow.of(ByteString.class)
                .via(new RecordFramingStage(settings.maxRecordSize(), metrics::received))
                .mapAsyncUnordered(settings.maxInFlight(), record -> dispatcher.dispatch(record, conn))
                .filter(reply -> !reply.isEmpty())
                // eager: when the fore channel is done (client closed, or failure) the back
                // channel's queue must not keep the connection open
                .merge(outbox.second(), true)
                .watchTermination((notUsed, done) -> done);

        CompletionStage<Done> done;
        try {
            done = incoming.handleWith(flow, materializer);
        } catch (RuntimeException e) {
            log.warn("{}: could not start its stream", conn, e);
            closed(conn, e);
            return;
        }
        done.whenComplete((d, err) -> closed(conn, err));
    }

    private void closed(TcpConnection conn, Throwable err) {
        conn.markClosed();
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
}
