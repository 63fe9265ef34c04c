package org.cephgw.actors.callback;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.Connection;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4args;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4res;
import org.cephgw.protocol.nfs4.cb.CbCompound;
import org.cephgw.protocol.nfs4.cb.CbOp;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RpcCalls;
import org.cephgw.protocol.xdr.XdrException;

/**
 * The back channel of one session (RFC 8881 §2.10.3.1, §20): CB_NULL and CB_COMPOUND calls sent
 * to the client on a connection bound to the session's back channel, with the callback program
 * and security the client gave in CREATE_SESSION or BACKCHANNEL_CTL.
 *
 * <p>Owned by its {@link org.cephgw.actors.state.SessionActor} and used only from it. The server
 * uses one back-channel slot (slot 0): calls go out one at a time, in order, each CB_COMPOUND
 * starting with CB_SEQUENCE on that slot's next sequence id. A call without a reply within
 * {@link #TIMEOUT}, or whose connection goes, fails with NFS4ERR_CB_PATH_DOWN and marks the
 * channel faulty (reported to the client as SEQ4_STATUS_CB_PATH_DOWN_SESSION) until a call
 * succeeds again or a connection is bound anew.
 */
public final class BackChannel {
    /** How long a callback may take before the server gives up on it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** xids of back-channel calls: unique in the process, so the router never confuses two */
    private static final AtomicInteger XIDS = new AtomicInteger((int) System.nanoTime() & 0x3fffffff);

    /**
     * The outcome of a callback: {@code status} NFS4_OK with the results of the operations after
     * CB_SEQUENCE, or NFS4ERR_CB_PATH_DOWN (no usable back channel, no reply, RPC error), or the
     * error the client's CB_SEQUENCE returned.
     */
    public record Result(int status, List<CbOp> results) {
        public static Result failed(int status) {
            return new Result(status, List.of());
        }
    }

    private record Call(boolean isNull, List<CbOp> ops, ActorRef<Result> replyTo) {
    }

    private record Outstanding(int xid, Call call, int sequenceId) {
    }

    private final byte[] sessionId;
    private final ActorRef<CallbackRouter.Command> router;
    private final ActorRef<CallbackRouter.Reply> replies;
    private final BiConsumer<Integer, Duration> scheduleTimeout;
    private final Supplier<Collection<Connection>> connections;
    private final int minorVersion;
    private int program;
    private OpaqueAuth credential;
    private int sequenceId = 1;
    private Outstanding outstanding;
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private boolean faulty;

    /**
     * @param replies         where the router sends replies (the session's adapter)
     * @param scheduleTimeout schedules the session's timeout message for a call's xid
     * @param connections     the connections now bound to the back channel
     */
    public BackChannel(byte[] sessionId, int minorVersion, int program, List<CallbackSecParms4> security,
                       ActorRef<CallbackRouter.Command> router, ActorRef<CallbackRouter.Reply> replies,
                       BiConsumer<Integer, Duration> scheduleTimeout, Supplier<Collection<Connection>> connections) {
        this.sessionId = sessionId.clone();
        this.minorVersion = minorVersion;
        this.router = router;
        this.replies = replies;
        this.scheduleTimeout = scheduleTimeout;
        this.connections = connections;
        configure(program, security);
    }

    /** BACKCHANNEL_CTL: another program or security for the calls from now on. */
    public void configure(int program, List<CallbackSecParms4> security) {
        this.program = program;
        this.credential = credential(security);
    }

    /**
     * The first flavor the server can use: AUTH_NONE or AUTH_SYS with exactly the credential
     * the client gave; null when there is none (RPCSEC_GSS only), and then no callbacks.
     */
    static OpaqueAuth credential(List<CallbackSecParms4> security) {
        if (security == null) {
            return null;
        }
        for (CallbackSecParms4 s : security) {
            if (s instanceof CallbackSecParms4.AuthNone) {
                return OpaqueAuth.NONE;
            }
            if (s instanceof CallbackSecParms4.AuthSys sys) {
                return OpaqueAuth.authSys(sys.cbspSysCred());
            }
        }
        return null;
    }

    /** Whether a callback can be attempted now (the server grants delegations only then). */
    public boolean usable() {
        return credential != null && router != null && !faulty && !connections.get().isEmpty();
    }

    public boolean faulty() {
        return faulty;
    }

    /** A connection was bound to the back channel: it gets another chance. */
    public void connectionBound() {
        faulty = false;
    }

    /** CB_NULL: checks the path (at session creation). */
    public void probe(ActorRef<Result> replyTo) {
        submit(new Call(true, List.of(), replyTo));
    }

    /** A CB_COMPOUND of CB_SEQUENCE and {@code ops}. */
    public void call(List<CbOp> ops, ActorRef<Result> replyTo) {
        submit(new Call(false, List.copyOf(ops), replyTo));
    }

    private void submit(Call c) {
        if (credential == null || router == null) {
            reply(c, Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
            return;
        }
        queue.add(c);
        sendNext();
    }

    private void sendNext() {
        while (outstanding == null && !queue.isEmpty()) {
            Call c = queue.poll();
            Connection conn = connections.get().stream().findFirst().orElse(null);
            if (conn == null) {
                faulty = true;
                reply(c, Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
                continue;
            }
            int xid = XIDS.incrementAndGet();
            byte[] args;
            int proc;
            if (c.isNull) {
                args = new byte[0];
                proc = CbCompound.CB_NULL;
            } else {
                List<CbOp> ops = new ArrayList<>(c.ops.size() + 1);
                ops.add(new CB_SEQUENCE4args(sessionId, sequenceId, 0, 0, false));
                ops.addAll(c.ops);
                args = CbCompound.encodeArgs(new CbCompound.Args("", minorVersion, 0, ops));
                proc = CbCompound.CB_COMPOUND;
            }
            // registered before it is sent: the reply cannot overtake the registration
            router.tell(new CallbackRouter.Expect(xid, conn.id(), replies));
            if (!conn.send(RpcCalls.call(xid, program, CbCompound.NFS_CB_VERSION, proc, credential, args))) {
                router.tell(new CallbackRouter.Forget(xid));
                faulty = true;
                reply(c, Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
                continue;
            }
            outstanding = new Outstanding(xid, c, sequenceId);
            if (!c.isNull) {
                // the slot's sequence moves on whatever the outcome: the client saw it or not,
                // a retry with the same id would be answered from its cache
                sequenceId++;
            }
            scheduleTimeout.accept(xid, TIMEOUT);
        }
    }

    /** The router's answer for a call (reply null: its connection went). */
    public void onReply(CallbackRouter.Reply r) {
        if (outstanding == null || outstanding.xid != r.xid()) {
            return;
        }
        Outstanding o = outstanding;
        outstanding = null;
        reply(o.call, decode(o, r.reply()));
        sendNext();
    }

    /** No reply in time. */
    public void onTimeout(int xid) {
        if (outstanding == null || outstanding.xid != xid) {
            return;
        }
        Outstanding o = outstanding;
        outstanding = null;
        router.tell(new CallbackRouter.Forget(xid));
        faulty = true;
        reply(o.call, Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
        sendNext();
    }

    /** The session ends: every call still waiting fails. */
    public void close() {
        if (outstanding != null) {
            router.tell(new CallbackRouter.Forget(outstanding.xid));
            reply(outstanding.call, Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
            outstanding = null;
        }
        while (!queue.isEmpty()) {
            reply(queue.poll(), Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN));
        }
    }

    private Result decode(Outstanding o, RpcCalls.Reply reply) {
        if (reply == null || !reply.isSuccess()) {
            faulty = true;
            return Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN);
        }
        if (o.call.isNull) {
            faulty = false;
            return new Result(NfsStat4.NFS4_OK, List.of());
        }
        CbCompound.Res res;
        try {
            res = CbCompound.decodeRes(reply.body());
        } catch (XdrException | IndexOutOfBoundsException e) {
            faulty = true;
            return Result.failed(NfsStat4.NFS4ERR_CB_PATH_DOWN);
        }
        faulty = false;
        List<CbOp> results = res.results();
        if (results.isEmpty() || !(results.get(0) instanceof CB_SEQUENCE4res seq)) {
            return Result.failed(res.status() != NfsStat4.NFS4_OK ? res.status() : NfsStat4.NFS4ERR_CB_PATH_DOWN);
        }
        if (seq.status() != NfsStat4.NFS4_OK) {
            return Result.failed(seq.status());
        }
        return new Result(res.status(), results.subList(1, results.size()));
    }

    private static void reply(Call c, Result r) {
        if (c.replyTo != null) {
            c.replyTo.tell(r);
        }
    }
}
