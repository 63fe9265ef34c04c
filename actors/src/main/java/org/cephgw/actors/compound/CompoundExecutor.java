package org.cephgw.actors.compound;

import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32C;
import org.cephgw.actors.Connection;
import org.cephgw.actors.ops.Errors;
import org.cephgw.actors.state.ClientProtocol.SessionHandle;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.SessionActor;
import org.cephgw.protocol.nfs4.COMPOUND4args;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.SEQUENCE4resok;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes COMPOUNDs (RFC 8881 §2.10, §16.2): decodes the arguments, applies the session rules
 * (SEQUENCE first, or one of the operations allowed outside a session alone), runs the
 * operations in order until one fails, caches the reply in the session's slot, and encodes the
 * results.
 */
public final class CompoundExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(CompoundExecutor.class);

    private final NfsServices svc;
    private final Map<Class<?>, Operation<?>> ops;
    /**
     * Connection → the session it used last. The one piece of shared state outside an actor:
     * immutable routing facts, read and replaced whole; a lost entry costs one hop via the registry.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, Route> routes = new java.util.concurrent.ConcurrentHashMap<>();

    public CompoundExecutor(NfsServices svc) {
        this.svc = svc;
        this.ops = Operations.all();
    }

    /**
     * Runs one COMPOUND call.
     *
     * @return the encoded COMPOUND4res; fails with XdrException if the COMPOUND header cannot be decoded
     */
    public CompletionStage<byte[]> execute(RpcCall call, Connection connection) {
        XdrDecoder x = call.args();
        COMPOUND4args args = Compound.decodeArgs(x);
        if (args.minorversion() != 1 && args.minorversion() != 2) {
            return done(new COMPOUND4res(NfsStat4.NFS4ERR_MINOR_VERS_MISMATCH, args.tag(), List.of()));
        }
        List<NfsArgop> list = args.argarray();
        CompoundContext ctx = new CompoundContext(svc, connection, call, args.minorversion());
        List<NfsResop> results = new ArrayList<>(list.size());
        if (list.isEmpty()) {
            return done(new COMPOUND4res(NfsStat4.NFS4_OK, args.tag(), results));
        }
        NfsArgop first = list.get(0);
        if (first instanceof SEQUENCE4args seq) {
            return sequence(ctx, args, seq, call, results);
        }
        if (isSessionless(first.opnum())) {
            if (list.size() > 1) {
                results.add(Compound.errorResult(first.opnum(), NfsStat4.NFS4ERR_NOT_ONLY_OP));
                return done(new COMPOUND4res(NfsStat4.NFS4ERR_NOT_ONLY_OP, args.tag(), results));
            }
        } else if (!Compound.isPlaceholder(first)) {
            results.add(Compound.errorResult(first.opnum(), NfsStat4.NFS4ERR_OP_NOT_IN_SESSION));
            return done(new COMPOUND4res(NfsStat4.NFS4ERR_OP_NOT_IN_SESSION, args.tag(), results));
        }
        return run(ctx, list, 0, results).thenApply(st -> encode(new COMPOUND4res(st, args.tag(), results)));
    }

    /** Operations a client may send outside a session, alone in their COMPOUND (§2.10.6.2 ff.). */
    private static boolean isSessionless(int opnum) {
        return opnum == OP_EXCHANGE_ID || opnum == OP_CREATE_SESSION || opnum == OP_DESTROY_SESSION
                || opnum == OP_DESTROY_CLIENTID || opnum == OP_BIND_CONN_TO_SESSION;
    }

    // ------------------------------------------------------------------ SEQUENCE (§18.46)

    private CompletionStage<byte[]> sequence(CompoundContext ctx, COMPOUND4args args, SEQUENCE4args seq, RpcCall call,
                                             List<NfsResop> results) {
        long hash = requestHash(call);
        int requestBytes = call.record().length;
        Connection conn = ctx.connection();
        java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<SessionActor.SequenceReply>, SessionActor.Sequence> msg =
                r -> new SessionActor.Sequence(seq.slotid(), seq.sequenceid(), seq.highestSlotid(), hash, conn, r);
        Route cached = routes.get(conn.id());
        long now = System.nanoTime();
        // the registry forwards to the session, which answers directly
        java.util.function.Supplier<CompletionStage<SessionActor.SequenceReply>> viaRegistry =
                () -> svc.<ClientRegistry.Command, SessionActor.SequenceReply>ask(svc.clients(),
                        r -> new ClientRegistry.RouteSequence(seq.sessionid(), args.argarray().size(), requestBytes, msg.apply(r)));
        CompletionStage<SessionActor.SequenceReply> answer;
        if (cached != null && now - cached.lastUsedNanos < ROUTE_TTL_NANOS
                && java.util.Arrays.equals(cached.session.sessionId(), seq.sessionid())
                && args.argarray().size() <= cached.session.fore().maxOperations()
                && requestBytes <= cached.session.fore().maxRequestSize()) {
            // a session stopped with its whole client (lease expiry) is gone at once: then ask the registry
            answer = svc.ask(cached.session.session(), msg::apply)
                    .exceptionallyCompose(err -> {
                        routes.remove(conn.id());
                        return viaRegistry.get();
                    });
        } else {
            answer = viaRegistry.get();
        }
        return answer.thenCompose(reply -> {
            if (reply.status() == NfsStat4.NFS4_OK && reply.session() != null) {
                routes.put(conn.id(), new Route(reply.session(), now));
            } else if (reply.status() == NfsStat4.NFS4ERR_BADSESSION) {
                routes.remove(conn.id());
            }
            return afterSequence(ctx, args, seq, reply.session(), reply, results);
        });
    }

    /** The session a connection used last, so its next SEQUENCE can skip the registry. */
    private record Route(SessionHandle session, long lastUsedNanos) {
    }

    /**
     * Shorter than the time a destroyed session's actor lingers answering BADSESSION, so a
     * route is never followed to an actor that is gone.
     */
    private static final long ROUTE_TTL_NANOS = java.time.Duration.ofSeconds(20).toNanos();

    /** Forgets the route of a closed connection. */
    public void connectionClosed(Connection conn) {
        routes.remove(conn.id());
    }

    private CompletionStage<byte[]> afterSequence(CompoundContext ctx, COMPOUND4args args, SEQUENCE4args seq,
                                                  SessionHandle s, SessionActor.SequenceReply reply,
                                                  List<NfsResop> results) {
        if (reply.replay() != null) {
            return CompletableFuture.completedFuture(reply.replay());
        }
        if (reply.status() != NfsStat4.NFS4_OK) {
            return fail(args, results, OP_SEQUENCE, reply.status());
        }
        ctx.session(s, seq.slotid(), reply.reclaimComplete());
        results.add(new SEQUENCE4res(NfsStat4.NFS4_OK, new SEQUENCE4resok(seq.sessionid(), seq.sequenceid(),
                seq.slotid(), reply.highestSlotId(), reply.targetHighestSlotId(), reply.statusFlags())));
        return run(ctx, args.argarray(), 1, results)
                .handle((st, err) -> {
                    byte[] bytes;
                    if (err != null) {
                        LOG.error("COMPOUND failed unexpectedly", err);
                        results.add(Compound.errorResult(OP_ILLEGAL, NfsStat4.NFS4ERR_SERVERFAULT));
                        bytes = encode(new COMPOUND4res(NfsStat4.NFS4ERR_SERVERFAULT, args.tag(), results));
                    } else {
                        bytes = encode(new COMPOUND4res(st, args.tag(), results));
                    }
                    // the slot is free again only now, with the reply to replay should the client retry
                    s.session().tell(new SessionActor.Complete(seq.slotid(), seq.sequenceid(), bytes));
                    return bytes;
                });
    }

    /** A fingerprint of the request, to tell a true retry from a new request reusing a seqid. */
    private static long requestHash(RpcCall call) {
        CRC32C crc = new CRC32C();
        crc.update(call.record(), call.argsOffset(), call.record().length - call.argsOffset());
        return crc.getValue();
    }

    private CompletionStage<byte[]> fail(COMPOUND4args args, List<NfsResop> results, int opnum, int status) {
        results.add(Compound.errorResult(opnum, status));
        return done(new COMPOUND4res(status, args.tag(), results));
    }

    // ------------------------------------------------------------------ operations in order

    private CompletionStage<Integer> run(CompoundContext ctx, List<NfsArgop> list, int i, List<NfsResop> results) {
        while (i < list.size()) {
            NfsArgop op = list.get(i);
            if (Compound.isPlaceholder(op)) {
                NfsResop r = Compound.placeholderResult(op);
                results.add(r);
                return CompletableFuture.completedFuture(r.status());
            }
            if (op instanceof SEQUENCE4args) {
                results.add(Compound.errorResult(OP_SEQUENCE, NfsStat4.NFS4ERR_SEQUENCE_POS));
                return CompletableFuture.completedFuture(NfsStat4.NFS4ERR_SEQUENCE_POS);
            }
            CompletionStage<NfsResop> stage = invoke(ctx, op);
            CompletableFuture<NfsResop> f = stage.toCompletableFuture();
            if (f.isDone() && !f.isCompletedExceptionally()) {
                // most operations finish synchronously: loop instead of nesting futures
                NfsResop r = f.join();
                results.add(r);
                if (r.status() != NfsStat4.NFS4_OK) {
                    return CompletableFuture.completedFuture(r.status());
                }
                i++;
                continue;
            }
            final int next = i + 1;
            return stage.handle((r, err) -> err == null ? r : errorResult(op, err))
                    .thenCompose(r -> {
                        results.add(r);
                        if (r.status() != NfsStat4.NFS4_OK) {
                            return CompletableFuture.completedFuture(r.status());
                        }
                        return run(ctx, list, next, results);
                    });
        }
        return CompletableFuture.completedFuture(NfsStat4.NFS4_OK);
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<NfsResop> invoke(CompoundContext ctx, NfsArgop op) {
        Operation<NfsArgop> handler = (Operation<NfsArgop>) ops.get(op.getClass());
        if (handler == null) {
            return CompletableFuture.completedFuture(Compound.errorResult(op.opnum(), NfsStat4.NFS4ERR_NOTSUPP));
        }
        try {
            return handler.execute(ctx, op);
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(errorResult(op, t));
        }
    }

    private static NfsResop errorResult(NfsArgop op, Throwable t) {
        Throwable c = Errors.unwrap(t);
        int status;
        if (c instanceof OpException e) {
            status = e.status();
        } else {
            status = Errors.status(c);
            if (status == NfsStat4.NFS4ERR_SERVERFAULT) {
                LOG.error("{} failed", org.cephgw.protocol.nfs4.NfsOpnum4.name(op.opnum()), c);
            }
        }
        return Compound.errorResult(op.opnum(), status);
    }

    // ------------------------------------------------------------------ encoding

    private static CompletionStage<byte[]> done(COMPOUND4res res) {
        return CompletableFuture.completedFuture(encode(res));
    }

    static byte[] encode(COMPOUND4res res) {
        // room for READ data up front: growing a 1 MiB reply by doubling copies it several times
        int size = 512;
        for (NfsResop r : res.resarray()) {
            if (r instanceof org.cephgw.protocol.nfs4.READ4res rd && rd.resok() != null) {
                size += rd.resok().data().remaining() + 16;
            }
        }
        XdrEncoder x = new XdrEncoder(size);
        Compound.encodeRes(x, res);
        return x.toByteArray();
    }
}
