package org.cephgw.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cephgw.protocol.nfs4.COMPOUND4args;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RecordMarking;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * The project's NFSv4.1/4.2 test client: one TCP connection to a server, RPC calls framed
 * with record marking (RFC 5531 §11), replies matched by xid. Calls are blocking and made one
 * at a time per client ({@code synchronized}); replies to other xids that arrive meanwhile
 * (after {@link #send}) are kept until asked for. Back-channel calls from the server are
 * counted, and answered by the {@link CallbackHandler} when one is set (else ignored); they are
 * only read while the client waits for a reply or in {@link #pollCallbacks}.
 *
 * <p>The credential is AUTH_SYS (uid/gid/gids, see {@link #authSys}) or AUTH_NONE
 * ({@link #authNone}); it can change between calls, as a test needs.
 */
public final class NfsClient implements CompoundCaller, AutoCloseable {
    /** How long a call waits for its reply unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger XIDS = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));

    /** The call got an RPC-level answer other than accepted SUCCESS, or none. */
    public static final class RpcException extends RuntimeException {
        private final RpcReply reply;

        public RpcException(String message, RpcReply reply) {
            super(message);
            this.reply = reply;
        }

        /** The reply, or null when the connection ended or timed out. */
        public RpcReply reply() {
            return reply;
        }
    }

    /**
     * A decoded RPC reply header (RFC 5531 §9).
     *
     * @param replyStat  MSG_ACCEPTED or MSG_DENIED
     * @param acceptStat for accepted replies (SUCCESS, GARBAGE_ARGS, ...), else -1
     * @param rejectStat for denied replies (RPC_MISMATCH, AUTH_ERROR), else -1
     * @param authStat   for AUTH_ERROR, else -1
     * @param body       what follows the header (the procedure's results for SUCCESS; the
     *                   version range for PROG_MISMATCH)
     */
    public record RpcReply(int xid, int replyStat, int acceptStat, int rejectStat, int authStat, byte[] body) {
        public boolean isSuccess() {
            return replyStat == RpcConstants.MSG_ACCEPTED && acceptStat == RpcConstants.SUCCESS;
        }

        /** Decodes an RPC reply record. */
        public static RpcReply decode(byte[] record) {
            XdrDecoder x = new XdrDecoder(record);
            int xid = x.readInt();
            int type = x.readInt();
            if (type != RpcConstants.REPLY) {
                throw new IllegalArgumentException("not a reply: message type " + type);
            }
            int replyStat = x.readInt();
            if (replyStat == RpcConstants.MSG_ACCEPTED) {
                OpaqueAuth.decode(x);
                int accept = x.readInt();
                return new RpcReply(xid, replyStat, accept, -1, -1, rest(record, x.position()));
            }
            int reject = x.readInt();
            int auth = -1;
            if (reject == RpcConstants.AUTH_ERROR) {
                auth = x.readInt();
            }
            return new RpcReply(xid, replyStat, -1, reject, auth, rest(record, x.position()));
        }

        private static byte[] rest(byte[] b, int from) {
            return java.util.Arrays.copyOfRange(b, from, b.length);
        }
    }

    /** Answers the server's back-channel calls (NFSv4.1 callbacks) arriving on this connection. */
    @FunctionalInterface
    public interface CallbackHandler {
        /** The results of the call (accepted, SUCCESS), or null to send no reply at all. */
        byte[] handle(org.cephgw.protocol.rpc.RpcCall call);
    }

    /** A COMPOUND's reply: the exact COMPOUND4res bytes and their decoding. */
    public record CompoundReply(byte[] bytes, COMPOUND4res res) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RecordMarking.Assembler assembler;
    private final Deque<byte[]> pendingRecords = new ArrayDeque<>();
    private final Map<Integer, RpcReply> early = new HashMap<>();
    private final byte[] readBuf = new byte[64 * 1024];
    private OpaqueAuth credential;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int backchannelCalls;
    private CallbackHandler callbackHandler;
    private boolean closedByPeer;

    private NfsClient(Socket socket, int maxReplySize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.assembler = new RecordMarking.Assembler(maxReplySize);
        authSys(0, 0);
    }

    /** Connects with AUTH_SYS root credentials. */
    public static NfsClient connect(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(server, 10_000);
        return new NfsClient(s, 64 * 1024 * 1024);
    }

    // ------------------------------------------------------------------ credentials and settings

    /** AUTH_SYS with these ids from now on. */
    public synchronized NfsClient authSys(int uid, int gid, int... gids) {
        return authSysFrom("e2e-client", uid, gid, gids);
    }

    /** AUTH_SYS with this machine name and these ids from now on. */
    public synchronized NfsClient authSysFrom(String machineName, int uid, int gid, int... gids) {
        credential = OpaqueAuth.authSys(new AuthSysParms((int) (System.currentTimeMillis() / 1000), machineName, uid, gid, gids));
        return this;
    }

    /** AUTH_NONE from now on. */
    public synchronized NfsClient authNone() {
        credential = OpaqueAuth.NONE;
        return this;
    }

    public synchronized NfsClient timeout(Duration t) {
        timeout = t;
        return this;
    }

    public synchronized int backchannelCalls() {
        return backchannelCalls;
    }

    public synchronized NfsClient onCallback(CallbackHandler h) {
        callbackHandler = h;
        return this;
    }

    /**
     * Reads the connection for {@code wait}, answering the back-channel calls that arrive
     * (replies that arrive meanwhile are kept); returns how many calls came.
     */
    public synchronized int pollCallbacks(Duration wait) throws IOException {
        int before = backchannelCalls;
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] rec;
            try {
                rec = nextRecord(deadline);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (!backchannelCall(rec)) {
                RpcReply other = RpcReply.decode(rec);
                early.put(other.xid(), other);
            }
        }
        return backchannelCalls - before;
    }

    /** If {@code rec} is a call from the server: counts and answers it, true. */
    private boolean backchannelCall(byte[] rec) throws IOException {
        if (rec.length < 8 || readInt(rec, 4) != RpcConstants.CALL) {
            return false;
        }
        backchannelCalls++;
        if (callbackHandler != null) {
            org.cephgw.protocol.rpc.RpcCall call = org.cephgw.protocol.rpc.RpcCall.decode(rec);
            byte[] results = callbackHandler.handle(call);
            if (results != null) {
                XdrEncoder x = new XdrEncoder(32 + results.length);
                x.writeInt(call.xid()).writeInt(RpcConstants.REPLY).writeInt(RpcConstants.MSG_ACCEPTED);
                OpaqueAuth.NONE.encode(x);
                x.writeInt(RpcConstants.SUCCESS);
                x.writeEncoded(results, 0, results.length);
                send(x.toByteArray());
            }
        }
        return true;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    // ------------------------------------------------------------------ calls

    public static int nextXid() {
        return XIDS.incrementAndGet();
    }

    /** An RPC CALL record (without record marking) for the NFS program, version 4. */
    public synchronized byte[] callRecord(int xid, int procedure, byte[] args) {
        return callRecord(xid, Nfs4Const.NFS4_PROGRAM, Nfs4Const.NFS_V4, procedure, credential, args);
    }

    /** Any RPC CALL record (without record marking). */
    public static byte[] callRecord(int xid, int program, int version, int procedure, OpaqueAuth cred, byte[] args) {
        XdrEncoder x = new XdrEncoder(64);
        x.writeInt(xid).writeInt(RpcConstants.CALL).writeInt(RpcConstants.RPC_VERSION);
        x.writeInt(program).writeInt(version).writeInt(procedure);
        cred.encode(x);
        OpaqueAuth.NONE.encode(x);
        byte[] head = x.toByteArray();
        // the arguments as given, unpadded: malformed ones must reach the server unchanged
        byte[] rec = java.util.Arrays.copyOf(head, head.length + args.length);
        System.arraycopy(args, 0, rec, head.length, args.length);
        return rec;
    }

    /** The XDR of COMPOUND4args. */
    public static byte[] compoundArgs(String tag, int minorversion, List<NfsArgop> ops) {
        XdrEncoder x = new XdrEncoder(256);
        Compound.encodeArgs(x, new COMPOUND4args(tag.getBytes(StandardCharsets.UTF_8), minorversion, ops));
        return x.toByteArray();
    }

    /** The NULL procedure. */
    public RpcReply nullCall() throws IOException {
        int xid = nextXid();
        return call(xid, callRecord(xid, Nfs4Const.NFSPROC4_NULL, new byte[0]));
    }

    @Override
    public CompoundReply compoundReply(int minorversion, List<NfsArgop> ops) throws IOException {
        return compoundReply(compoundArgs("", minorversion, ops));
    }

    /** Sends a COMPOUND without waiting; returns its xid (see {@link #receiveCompound}). */
    public int sendCompound(int minorversion, List<NfsArgop> ops) throws IOException {
        int xid = nextXid();
        send(callRecord(xid, Nfs4Const.NFSPROC4_COMPOUND, compoundArgs("", minorversion, ops)));
        return xid;
    }

    /** The reply of a COMPOUND sent with {@link #sendCompound}. */
    public CompoundReply receiveCompound(int xid) throws IOException {
        RpcReply r = receive(xid);
        if (!r.isSuccess()) {
            throw new RpcException("COMPOUND not accepted: accept_stat " + r.acceptStat(), r);
        }
        return new CompoundReply(r.body(), Compound.decodeRes(new XdrDecoder(r.body())));
    }

    /** A COMPOUND whose arguments are given as XDR (for deliberately odd ones). */
    public CompoundReply compoundReply(byte[] compoundArgs) throws IOException {
        int xid = nextXid();
        RpcReply r = call(xid, callRecord(xid, Nfs4Const.NFSPROC4_COMPOUND, compoundArgs));
        if (!r.isSuccess()) {
            throw new RpcException("COMPOUND not accepted: reply_stat " + r.replyStat() + ", accept_stat "
                    + r.acceptStat() + ", reject_stat " + r.rejectStat() + ", auth_stat " + r.authStat(), r);
        }
        return new CompoundReply(r.body(), Compound.decodeRes(new XdrDecoder(r.body())));
    }

    /**
     * Sends one complete RPC record (the xid is its first four bytes) and waits for the reply
     * with that xid.
     */
    public RpcReply call(byte[] record) throws IOException {
        return call(xidOf(record), record);
    }

    private synchronized RpcReply call(int xid, byte[] record) throws IOException {
        send(record);
        return receive(xid);
    }

    /**
     * Sends one complete RPC record as it is and returns the reply record with the same xid,
     * undecoded (for malformed input and byte-level checks).
     */
    public synchronized byte[] callRaw(byte[] record) throws IOException {
        int xid = xidOf(record);
        send(record);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] rec = nextRecord(deadline);
            if (rec.length >= 4 && xidOf(rec) == xid && (rec.length < 8 || readInt(rec, 4) == RpcConstants.REPLY)) {
                return rec;
            }
            if (!backchannelCall(rec)) {
                RpcReply other = RpcReply.decode(rec);
                early.put(other.xid(), other);
            }
        }
    }

    /** Sends a record without waiting (see {@link #receive}). */
    public synchronized void send(byte[] record) throws IOException {
        out.write(RecordMarking.frame(record));
        out.flush();
    }

    /** Sends bytes as they are: no record marking added (for malformed streams). */
    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Waits for the reply with {@code xid}. */
    public synchronized RpcReply receive(int xid) throws IOException {
        RpcReply kept = early.remove(xid);
        if (kept != null) {
            return kept;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] rec = nextRecord(deadline);
            if (backchannelCall(rec)) {
                continue;
            }
            RpcReply r = RpcReply.decode(rec);
            if (r.xid() == xid) {
                return r;
            }
            early.put(r.xid(), r);
        }
    }

    private byte[] nextRecord(long deadline) throws IOException {
        while (pendingRecords.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no reply within " + timeout);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = in.read(readBuf);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no reply within " + timeout);
            }
            if (n < 0) {
                closedByPeer = true;
                throw new EOFException("the server closed the connection");
            }
            pendingRecords.addAll(assembler.feed(readBuf, 0, n));
        }
        return pendingRecords.removeFirst();
    }

    /**
     * True once the server has closed the connection: reads until end of stream, a reset, or
     * {@code wait} passes (then false).
     */
    public synchronized boolean awaitClosedByServer(Duration wait) throws IOException {
        if (closedByPeer) {
            return true;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(readBuf) < 0) {
                    closedByPeer = true;
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // connection reset: closed all the same
                closedByPeer = true;
                return true;
            }
        }
        return false;
    }

    static int xidOf(byte[] record) {
        return readInt(record, 0);
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
