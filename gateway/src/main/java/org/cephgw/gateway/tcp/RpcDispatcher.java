package org.cephgw.gateway.tcp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.cephgw.actors.Connection;
import org.cephgw.actors.NfsService;
import org.cephgw.gateway.metrics.GatewayMetrics;
import org.cephgw.gateway.metrics.GatewayMetrics.Outcome;
import org.cephgw.gateway.metrics.GatewayMetrics.Proc;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcCall;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.rpc.RpcRejectedException;
import org.cephgw.protocol.rpc.RpcReplies;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC layer of the NFS program: one complete record in, the framed reply out (record mark
 * included), or {@link Reply#NONE} when nothing is to be sent (a back-channel reply), or a
 * failed stage with {@link ProtocolViolation} when the connection must be closed.
 *
 * <p>Never throws: every outcome is in the returned stage, because a function that throws would
 * close the connection for what may be one bad call.
 */
public final class RpcDispatcher {
    public static final int NFS_PROGRAM = 100003;
    public static final int NFS_V4 = 4;
    public static final int PROC_NULL = 0;
    public static final int PROC_COMPOUND = 1;

    /** Replies smaller than this are copied behind their header into one array; larger ones are chained. */
    private static final int COPY_THRESHOLD = 4096;
    private static final CompletionStage<Reply> NOTHING = CompletableFuture.completedFuture(Reply.NONE);
    private static final Logger log = LoggerFactory.getLogger(RpcDispatcher.class);

    /** The record cannot be an RPC message: the connection is closed (RFC 5531 leaves no other way to resync). */
    public static final class ProtocolViolation extends RuntimeException {
        public ProtocolViolation(String message) {
            super(message, null, false, false);
        }
    }

    private final NfsService nfs;
    private final GatewayMetrics metrics;

    public RpcDispatcher(NfsService nfs, GatewayMetrics metrics) {
        this.nfs = nfs;
        this.metrics = metrics;
    }

    CompletionStage<Reply> dispatch(byte[] record, Connection conn) {
        if (record.length >= 8 && readInt(record, 4) == RpcConstants.REPLY) {
            metrics.backchannelReply();
            try {
                nfs.backchannelReply(record, conn);
            } catch (RuntimeException e) {
                log.warn("{}: back-channel reply xid {} not taken: {}", conn, Integer.toUnsignedString(readInt(record, 0)), e.toString());
            }
            return NOTHING;
        }
        RpcCall call;
        try {
            call = RpcCall.decode(record);
        } catch (RpcRejectedException e) {
            byte[] reply = e.reply();
            metrics.rpc(Proc.UNDECODED, classify(reply));
            log.debug("{}: rejected call: {}", conn, e.getMessage());
            return done(frame(reply));
        } catch (XdrException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ProtocolViolation("undecodable RPC header: " + e.getMessage()));
        }
        int xid = call.xid();
        if (call.program() != NFS_PROGRAM) {
            metrics.rpc(Proc.UNDECODED, Outcome.PROG_UNAVAIL);
            return done(frame(RpcReplies.accepted(xid, RpcConstants.PROG_UNAVAIL)));
        }
        if (call.version() != NFS_V4) {
            metrics.rpc(Proc.UNDECODED, Outcome.PROG_MISMATCH);
            return done(frame(RpcReplies.progMismatch(xid, NFS_V4, NFS_V4)));
        }
        switch (call.procedure()) {
            case PROC_NULL -> {
                metrics.rpc(Proc.NULL, Outcome.SUCCESS);
                return done(success(xid, XdrChain.of(EMPTY)));
            }
            case PROC_COMPOUND -> {
                return compound(call, conn);
            }
            default -> {
                metrics.rpc(Proc.OTHER, Outcome.PROC_UNAVAIL);
                return done(frame(RpcReplies.accepted(xid, RpcConstants.PROC_UNAVAIL)));
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private CompletionStage<Reply> compound(RpcCall call, Connection conn) {
        long start = System.nanoTime();
        CompletionStage<XdrChain> result;
        try {
            result = nfs.compound(call, conn);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        int xid = call.xid();
        return result.handle((body, err) -> {
            metrics.compoundTook(System.nanoTime() - start);
            if (err == null && body != null) {
                metrics.rpc(Proc.COMPOUND, Outcome.SUCCESS);
                return sent(success(xid, body));
            }
            Throwable cause = unwrap(err);
            if (cause instanceof PendingNfsService.NotServed notServed) {
                // the head stopped (or never started) before it ran the call: no answer at all,
                // the connection closes and the client sends the call again to the next server
                throw notServed;
            }
            if (cause instanceof XdrException) {
                metrics.rpc(Proc.COMPOUND, Outcome.GARBAGE_ARGS);
                log.debug("{}: COMPOUND xid {}: garbage arguments: {}", conn, Integer.toUnsignedString(xid), cause.getMessage());
                return sent(frame(RpcReplies.accepted(xid, RpcConstants.GARBAGE_ARGS)));
            }
            metrics.rpc(Proc.COMPOUND, Outcome.SYSTEM_ERR);
            if (cause == null) {
                log.error("{}: COMPOUND xid {}: the NFS service returned no result", conn, Integer.toUnsignedString(xid));
            } else {
                log.error("{}: COMPOUND xid {} failed", conn, Integer.toUnsignedString(xid), cause);
            }
            return sent(frame(RpcReplies.accepted(xid, RpcConstants.SYSTEM_ERR)));
        });
    }

    private CompletionStage<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(sent(reply));
    }

    private Reply sent(Reply reply) {
        metrics.sent(reply.size());
        return reply;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Record mark + accepted SUCCESS header (verifier AUTH_NONE) + {@code body}. Large bodies
     * (READ data) are not copied: the header is chained in front of them.
     * The NFS service hands over {@code body}: it must not change it afterwards.
     */
    static Reply success(int xid, XdrChain body) {
        int recordLen = 24 + body.length();
        boolean copy = !body.isSpliced() && body.length() <= COPY_THRESHOLD;
        byte[] head = new byte[copy ? 4 + recordLen : 28];
        putInt(head, 0, 0x80000000 | recordLen);
        putInt(head, 4, xid);
        putInt(head, 8, RpcConstants.REPLY);
        // MSG_ACCEPTED, verifier flavor AUTH_NONE, verifier length 0, SUCCESS: all zero already
        if (copy) {
            int at = 28;
            for (java.nio.ByteBuffer b : body.buffers()) {
                int n = b.remaining();
                b.get(head, at, n);
                at += n;
            }
            return Reply.of(head);
        }
        return new Reply(head, body);
    }

    static Reply frame(byte[] record) {
        return Reply.of(RecordMarking.frame(record));
    }

    /** How a reply the RPC header decoder built answers, for the metrics. */
    static Outcome classify(byte[] reply) {
        if (reply.length >= 16 && readInt(reply, 8) == RpcConstants.MSG_DENIED) {
            return readInt(reply, 12) == RpcConstants.AUTH_ERROR ? Outcome.AUTH_ERROR : Outcome.RPC_MISMATCH;
        }
        return Outcome.GARBAGE_ARGS;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
