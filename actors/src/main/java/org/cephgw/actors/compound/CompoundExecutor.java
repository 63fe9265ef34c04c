package org.cephgw.actors.compound;

import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32C;
import org.cephgw.actors.Connection;
import org.cephgw.actors.metrics.NfsObserver;
import org.cephgw.actors.ops.Errors;
import org.cephgw.actors.state.ClientProtocol.SessionHandle;
import org.cephgw.actors.state.ClientRegistry;
import org.cephgw.actors.state.SequenceGate;
import org.cephgw.protocol.nfs4.COMPOUND4args;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.COPY4res;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.READ_PLUS4res;
import org.cephgw.protocol.nfs4.ReadPlusContent4;
import org.cephgw.protocol.nfs4.WRITE4res;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Nfs4Limits;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.SEQUENCE4resok;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;
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
    private final NfsObserver observer;
    /**
     * Connection → the session it used last, so that its next SEQUENCE needs not ask the
     * registry; a lost entry costs one hop via the registry. A closed session's gate answers
     * BADSESSION by itself, so an entry is never wrong, only old.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, SessionHandle> routes = new java.util.concurrent.ConcurrentHashMap<>();

    public CompoundExecutor(NfsServices svc) {
        this(svc, NfsObserver.NONE);
    }

    /** @param observer told about every operation's result and time, and the file data moved */
    public CompoundExecutor(NfsServices svc, NfsObserver observer) {
        this.svc = svc;
        this.ops = Operations.all();
        this.observer = observer;
    }

    /**
     * Runs one COMPOUND call.
     *
     * @return the encoded COMPOUND4res; fails with XdrException if the COMPOUND header cannot be decoded
     */
    public CompletionStage<XdrChain> execute(RpcCall call, Connection connection) {
        COMPOUND4args args = decodeArgs(call);
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
        long start = System.nanoTime();
        int declared = declaredOperations(call, args);
        if (first instanceof SEQUENCE4args seq) {
            return sequence(ctx, args, seq, call, declared, results);
        }
        if (isSessionless(first.opnum())) {
            if (declared > 1) {
                results.add(Compound.errorResult(first.opnum(), NfsStat4.NFS4ERR_NOT_ONLY_OP));
                observe(ctx, results.get(0), start);
                return done(new COMPOUND4res(NfsStat4.NFS4ERR_NOT_ONLY_OP, args.tag(), results));
            }
        } else if (!Compound.isPlaceholder(first)) {
            results.add(Compound.errorResult(first.opnum(), NfsStat4.NFS4ERR_OP_NOT_IN_SESSION));
            observe(ctx, results.get(0), start);
            return done(new COMPOUND4res(NfsStat4.NFS4ERR_OP_NOT_IN_SESSION, args.tag(), results));
        }
        return run(ctx, list, 0, results).thenApply(st -> XdrChain.of(encode(new COMPOUND4res(st, args.tag(), results))));
    }

    /**
     * COMPOUND4args; of one declaring more operations than the decoder takes
     * ({@link Nfs4Limits#MAX_OPS}) only the first, so that its SEQUENCE can answer
     * NFS4ERR_TOO_MANY_OPS (§2.10.6.4) instead of the call failing as garbage.
     */
    private static COMPOUND4args decodeArgs(RpcCall call) {
        try {
            return Compound.decodeArgs(call.args());
        } catch (XdrException e) {
            try {
                XdrDecoder x = call.args();
                byte[] tag = x.readOpaque(Nfs4Limits.MAX_TAG_BYTES);
                int minor = x.readInt();
                int n = x.readInt();
                if (Integer.compareUnsigned(n, Nfs4Limits.MAX_OPS) <= 0 || x.remaining() < 4) {
                    throw e;
                }
                return new COMPOUND4args(tag, minor, List.of(Compound.decodeArgop(x, minor)));
            } catch (XdrException again) {
                throw e;
            }
        }
    }

    /**
     * The operation count the COMPOUND declares: what the client sent, also when decoding
     * stopped early (an undecodable operation, more than the decoder takes).
     */
    private static int declaredOperations(RpcCall call, COMPOUND4args args) {
        int at = call.argsOffset() + 4 + ((args.tag().length + 3) & ~3) + 4;
        int n = java.nio.ByteBuffer.wrap(call.record(), at, 4).getInt();
        return n < 0 ? Integer.MAX_VALUE : n;
    }

    /** Operations a client may send outside a session, alone in their COMPOUND (§2.10.6.2 ff.). */
    private static boolean isSessionless(int opnum) {
        return opnum == OP_EXCHANGE_ID || opnum == OP_CREATE_SESSION || opnum == OP_DESTROY_SESSION
                || opnum == OP_DESTROY_CLIENTID || opnum == OP_BIND_CONN_TO_SESSION;
    }

    // ------------------------------------------------------------------ SEQUENCE (§18.46)

    private CompletionStage<XdrChain> sequence(CompoundContext ctx, COMPOUND4args args, SEQUENCE4args seq, RpcCall call,
                                             int operations, List<NfsResop> results) {
        long start = System.nanoTime();
        long hash = requestHash(call);
        // the whole RPC message, credential included, as ca_maxrequestsize counts (§18.36.3)
        SequenceGate.Demand demand = new SequenceGate.Demand(operations, call.record().length,
                BoundedReply.minimalBytes(args.tag(), operations), seq.cachethis());
        Connection conn = ctx.connection();
        SessionHandle known = routes.get(conn.id());
        if (known != null && java.util.Arrays.equals(known.sessionId(), seq.sessionid())) {
            // the connection's session, judged right here: no hop to another thread before the first operation
            return judged(ctx, args, seq, known, hash, demand, results, start);
        }
        return svc.<ClientRegistry.Command, java.util.Optional<SessionHandle>>ask(svc.clients(),
                        r -> new ClientRegistry.FindSession(seq.sessionid(), r))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        observer.operation(OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION, System.nanoTime() - start);
                        return fail(args, results, OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
                    }
                    return judged(ctx, args, seq, found.get(), hash, demand, results, start);
                });
    }

    /** Judges the SEQUENCE at the session's gate, remembers the session for the connection, runs the rest. */
    private CompletionStage<XdrChain> judged(CompoundContext ctx, COMPOUND4args args, SEQUENCE4args seq, SessionHandle s,
                                           long hash, SequenceGate.Demand demand, List<NfsResop> results, long start) {
        SequenceGate.Result verdict = s.gate().sequence(seq.slotid(), seq.sequenceid(), hash, demand);
        long conn = ctx.connection().id();
        if (verdict.status() == NfsStat4.NFS4ERR_BADSESSION) {
            routes.remove(conn, s);
        } else if (verdict.status() == NfsStat4.NFS4_OK && routes.get(conn) != s) {
            // written only when the connection changes session, not on every COMPOUND
            routes.put(conn, s);
        }
        return afterSequence(ctx, args, seq, s, verdict, results, start);
    }

    /** Forgets the session a closed connection used last. */
    public void connectionClosed(Connection conn) {
        routes.remove(conn.id());
    }

    private CompletionStage<XdrChain> afterSequence(CompoundContext ctx, COMPOUND4args args, SEQUENCE4args seq,
                                                  SessionHandle s, SequenceGate.Result reply,
                                                  List<NfsResop> results, long start) {
        if (reply.replay() != null) {
            // the SEQUENCE succeeded; the reply's operations are the cached ones, not run again
            observer.operation(OP_SEQUENCE, NfsStat4.NFS4_OK, System.nanoTime() - start);
            return CompletableFuture.completedFuture(XdrChain.of(reply.replay()));
        }
        if (reply.status() != NfsStat4.NFS4_OK) {
            observer.operation(OP_SEQUENCE, reply.status(), System.nanoTime() - start);
            return fail(args, results, OP_SEQUENCE, reply.status());
        }
        ctx.session(s, seq.slotid(), reply.reclaimComplete());
        ctx.callbacks(reply.callbacks());
        List<NfsArgop> ops = args.argarray();
        BoundedReply out = new BoundedReply(args.tag(), s.fore(), seq.cachethis(), BoundedReply.sizeHint(ops, s.fore()));
        // the session admitted the COMPOUND only if this much fits
        observe(ctx, keep(results, out, new SEQUENCE4res(NfsStat4.NFS4_OK, new SEQUENCE4resok(seq.sessionid(), seq.sequenceid(),
                seq.slotid(), reply.highestSlotId(), reply.targetHighestSlotId(), reply.statusFlags())), ops.size() == 1), start);
        CompletionStage<Integer> ran;
        try {
            ran = run(ctx, ops, 1, results, out);
        } catch (RuntimeException e) {
            // whatever happens, the slot must be completed below
            ran = CompletableFuture.failedFuture(e);
        }
        return ran
                .handle((st, err) -> {
                    XdrChain encoded;
                    if (err != null) {
                        LOG.error("COMPOUND failed unexpectedly", err);
                        keep(results, out, Compound.errorResult(OP_ILLEGAL, NfsStat4.NFS4ERR_SERVERFAULT), true);
                        encoded = out.finish(NfsStat4.NFS4ERR_SERVERFAULT);
                    } else {
                        encoded = out.finish(st);
                    }
                    // the slot is free again only now, with the reply to replay should the client
                    // retry (a copy: what is sent may be spliced READ data that goes back to its pool)
                    s.gate().complete(seq.slotid(), seq.sequenceid(),
                            s.gate().cacheable(encoded.length()) ? encoded.toByteArray() : null);
                    return encoded;
                });
    }

    /** A fingerprint of the request, to tell a true retry from a new request reusing a seqid. */
    private static long requestHash(RpcCall call) {
        CRC32C crc = new CRC32C();
        crc.update(call.record(), call.argsOffset(), call.record().length - call.argsOffset());
        return crc.getValue();
    }

    private CompletionStage<XdrChain> fail(COMPOUND4args args, List<NfsResop> results, int opnum, int status) {
        results.add(Compound.errorResult(opnum, status));
        return done(new COMPOUND4res(status, args.tag(), results));
    }

    // ------------------------------------------------------------------ operations in order

    private CompletionStage<Integer> run(CompoundContext ctx, List<NfsArgop> list, int i, List<NfsResop> results) {
        return run(ctx, list, i, results, null);
    }

    /** @param out the reply of a COMPOUND in a session, held to its limits; null outside one */
    private CompletionStage<Integer> run(CompoundContext ctx, List<NfsArgop> list, int i, List<NfsResop> results,
                                         BoundedReply out) {
        while (i < list.size()) {
            NfsArgop op = list.get(i);
            boolean last = i == list.size() - 1;
            long start = System.nanoTime();
            if (Compound.isPlaceholder(op)) {
                NfsResop r = observe(ctx, keep(results, out, Compound.placeholderResult(op), true), start);
                return CompletableFuture.completedFuture(r.status());
            }
            if (op instanceof SEQUENCE4args) {
                NfsResop r = observe(ctx, keep(results, out, Compound.errorResult(OP_SEQUENCE, NfsStat4.NFS4ERR_SEQUENCE_POS), true),
                        start);
                return CompletableFuture.completedFuture(r.status());
            }
            int room = out == null ? NfsStat4.NFS4_OK : out.admit(op, last);
            if (room != NfsStat4.NFS4_OK) {
                // an operation changing state runs only if its result is sure to fit
                observe(ctx, keep(results, out, Compound.errorResult(op.opnum(), room), true), start);
                return CompletableFuture.completedFuture(room);
            }
            ctx.operation(op.opnum());
            ctx.replyRoom(out == null ? Integer.MAX_VALUE : out.roomFor(last));
            CompletionStage<NfsResop> stage = invoke(ctx, op);
            CompletableFuture<NfsResop> f = stage.toCompletableFuture();
            if (f.isDone() && !f.isCompletedExceptionally()) {
                // most operations finish synchronously: loop instead of nesting futures
                NfsResop r = observe(ctx, keep(results, out, f.join(), last), start);
                if (r.status() != NfsStat4.NFS4_OK) {
                    return CompletableFuture.completedFuture(r.status());
                }
                i++;
                continue;
            }
            final int next = i + 1;
            return stage.handle((r, err) -> err == null ? r : errorResult(op, err))
                    .thenCompose(r -> {
                        NfsResop kept = observe(ctx, keep(results, out, r, last), start);
                        if (kept.status() != NfsStat4.NFS4_OK) {
                            return CompletableFuture.completedFuture(kept.status());
                        }
                        return run(ctx, list, next, results, out);
                    });
        }
        return CompletableFuture.completedFuture(NfsStat4.NFS4_OK);
    }

    /**
     * Adds a result to the COMPOUND's results and, in a session, to its bounded reply, which may
     * put a shorter result or NFS4ERR_REP_TOO_BIG(_TO_CACHE) in its place.
     *
     * @return the result the reply holds
     */
    private static NfsResop keep(List<NfsResop> results, BoundedReply out, NfsResop r, boolean last) {
        NfsResop kept = out == null ? r : out.add(r, last);
        results.add(kept);
        return kept;
    }

    /**
     * Tells the observer about an operation's result as the reply holds it, and about the file
     * data a READ, READ_PLUS, WRITE or COPY moved (their file is the current filehandle still).
     *
     * @return {@code r}
     */
    private NfsResop observe(CompoundContext ctx, NfsResop r, long start) {
        int status = r.status();
        observer.operation(r.opnum(), status, System.nanoTime() - start);
        if (status == NfsStat4.NFS4_OK && ctx.hasFh()) {
            if (r instanceof READ4res rd) {
                observer.read(ctx.fh().exportId(), rd.resok().data().remaining());
            } else if (r instanceof WRITE4res w) {
                observer.written(ctx.fh().exportId(), Integer.toUnsignedLong(w.resok().count()));
            } else if (r instanceof READ_PLUS4res rp) {
                long n = 0;
                for (ReadPlusContent4 c : rp.resok().contents()) {
                    if (c instanceof ReadPlusContent4.Data d) {
                        n += d.data().remaining();
                    }
                }
                observer.read(ctx.fh().exportId(), n);
            } else if (r instanceof COPY4res c && c.resok() != null) {
                // the current filehandle is the destination
                observer.written(ctx.fh().exportId(), c.resok().response().count());
            }
        }
        return r;
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

    private static CompletionStage<XdrChain> done(COMPOUND4res res) {
        return CompletableFuture.completedFuture(XdrChain.of(encode(res)));
    }

    static byte[] encode(COMPOUND4res res) {
        // READ data is spliced, not copied in, until toByteArray copies it once
        XdrEncoder x = new XdrEncoder(512);
        Compound.encodeRes(x, res);
        return x.toByteArray();
    }
}
