package org.cephgw.actors.compound;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.cephgw.actors.Connection;
import org.cephgw.actors.ExportSpec;
import org.cephgw.actors.fh.Exports;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.ClientProtocol.SessionHandle;
import org.cephgw.actors.state.StateId;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.rpc.RpcCall;

/**
 * The state of one COMPOUND while it executes (RFC 8881 §16.2.3): the current and saved
 * filehandles and stateids, and the session its SEQUENCE found. Operations run one after
 * another, so it is never used by two threads at once.
 */
public final class CompoundContext {
    private final NfsServices svc;
    private final Connection connection;
    private final RpcCall call;
    private final int minorVersion;

    private SessionHandle session;
    private int slot = -1;
    private boolean reclaimComplete;
    private boolean callbacks;
    private Fh current;
    private Fh saved;
    private StateId currentStateid;
    private StateId savedStateid;
    private boolean ioPinned;
    private int ioSpread;
    /** the operation executing now (its back-end calls are reported under it) */
    private int operation = org.cephgw.actors.io.IoPool.NO_OPERATION;
    private int replyRoom = Integer.MAX_VALUE;

    public CompoundContext(NfsServices svc, Connection connection, RpcCall call, int minorVersion) {
        this.svc = svc;
        this.connection = connection;
        this.call = call;
        this.minorVersion = minorVersion;
    }

    public NfsServices svc() {
        return svc;
    }

    public Connection connection() {
        return connection;
    }

    public RpcCall call() {
        return call;
    }

    public int minorVersion() {
        return minorVersion;
    }

    /** The executor starts operation {@code opnum}. */
    void operation(int opnum) {
        operation = opnum;
    }

    /**
     * The executor starts an operation whose result may take at most {@code bytes} of the reply
     * (in a session: what ca_maxresponsesize leaves after the results before it).
     */
    void replyRoom(int bytes) {
        replyRoom = bytes;
    }

    /**
     * How many bytes the result of the operation at hand may take, its opnum and status
     * included: what the session's reply size leaves after the results before it (and, unless it
     * is the last operation, room for the results after it); unbounded outside a session. READ and READ_PLUS size their
     * data by it — exactly, because Linux sizes rsize so that a READ of rsize bytes fits the
     * reply with its own worst-case header allowance, and a READ cut short by a fixed margin
     * costs the client a second READ for the rest of every rsize.
     */
    public int replyRoom() {
        return replyRoom;
    }

    /** The READ data that fits {@link #replyRoom}: what is left after READ's own result fields, in whole XDR units. */
    public int readDataRoom() {
        return Math.max(0, (replyRoom - BoundedReply.READ_FIXED) & ~3);
    }

    // ------------------------------------------------------------------ session

    void session(SessionHandle s, int slot, boolean reclaimComplete) {
        this.session = s;
        this.slot = slot;
        this.reclaimComplete = reclaimComplete;
    }

    void callbacks(boolean usable) {
        this.callbacks = usable;
    }

    /** Whether the session's back channel can carry a callback (a delegation could be recalled). */
    public boolean callbacks() {
        return callbacks;
    }

    /** The session of this COMPOUND's SEQUENCE, or null when it has none. */
    public SessionHandle session() {
        return session;
    }

    public int slot() {
        return slot;
    }

    public long clientId() {
        if (session == null) {
            throw new OpException(NfsStat4.NFS4ERR_OP_NOT_IN_SESSION);
        }
        return session.clientId();
    }

    public boolean reclaimComplete() {
        return reclaimComplete;
    }

    public void markReclaimComplete() {
        reclaimComplete = true;
    }

    /** Who sent the request (for EXCHANGE_ID's principal comparisons). */
    public String principal() {
        return call.authSys() == null ? "none" : "sys:" + Integer.toUnsignedString(call.authSys().uid());
    }

    public InetAddress clientAddress() {
        return connection.remote() == null ? null : connection.remote().getAddress();
    }

    // ------------------------------------------------------------------ filehandles

    /** The current filehandle; NFS4ERR_NOFILEHANDLE when there is none. */
    public Fh fh() {
        if (current == null) {
            throw new OpException(NfsStat4.NFS4ERR_NOFILEHANDLE);
        }
        return current;
    }

    public Fh savedFh() {
        if (saved == null) {
            throw new OpException(NfsStat4.NFS4ERR_NOFILEHANDLE);
        }
        return saved;
    }

    public boolean hasFh() {
        return current != null;
    }

    /**
     * Makes {@code fh} current. Operations that change the filehandle without yielding a
     * stateid leave no current stateid (§16.2.3.1.2).
     */
    public void setFh(Fh fh) {
        current = fh;
        currentStateid = null;
    }

    public void clearFh() {
        current = null;
        currentStateid = null;
    }

    public void save() {
        saved = fh();
        savedStateid = currentStateid;
    }

    public void restore() {
        if (saved == null) {
            throw new OpException(NfsStat4.NFS4ERR_RESTOREFH);
        }
        current = saved;
        currentStateid = savedStateid;
    }

    public Filesystem fs(Fh fh) {
        Filesystem fs = svc.exports().fs(fh.exportId());
        if (fs == null) {
            throw new OpException(NfsStat4.NFS4ERR_STALE);
        }
        return fs;
    }

    /** The export of a handle (null for the pseudo file system). */
    public ExportSpec export(Fh fh) {
        return svc.exports().export(fh.exportId());
    }

    public Creds creds(Fh fh) {
        return Exports.creds(call.authSys(), export(fh));
    }

    /** NFS4ERR_ROFS unless the handle's export may be modified. */
    public void requireWritable(Fh fh) {
        ExportSpec e = export(fh);
        if (e == null || e.readOnly()) {
            throw new OpException(NfsStat4.NFS4ERR_ROFS);
        }
    }

    public boolean readOnly(Fh fh) {
        ExportSpec e = export(fh);
        return e == null || e.readOnly();
    }

    /**
     * Runs a blocking back-end call on an I/O worker: the worker of the first file this COMPOUND
     * works on, for all of its calls, so that consecutive calls run on one thread without a
     * hand-off each (a COMPOUND's own calls are in order anyway).
     */
    public <T> CompletionStage<T> io(Fh fh, Supplier<T> work) {
        return io(fh, 0, work);
    }

    /**
     * Like {@link #io(Fh, Supplier)} for a call that only reads (LOOKUP, GETATTR, READDIR, ACCESS
     * ...): when it is the COMPOUND's first, the worker is chosen by the caller (session and slot,
     * else the connection) as well as the file, so many clients reading one directory — a stat of
     * its names, a listing — run on several workers instead of queueing behind each other on the
     * directory's, while one client's calls stay on one worker.
     */
    public <T> CompletionStage<T> ioReading(Fh fh, Supplier<T> work) {
        return io(fh, callerSalt(), work);
    }

    /**
     * Like {@link #ioReading} for a call that changes a directory's entries (OPEN by name,
     * CREATE, REMOVE, RENAME, LINK): the back end orders concurrent changes of one directory
     * itself (and their change_info4 is never atomic), so clients — or one client's slots —
     * creating and removing files in one directory need not queue behind each other on the
     * directory's worker; with CephFS each such call waits for an MDS round trip.
     */
    public <T> CompletionStage<T> ioInDirectory(Fh dir, Supplier<T> work) {
        return io(dir, callerSalt(), work);
    }

    private int callerSalt() {
        return session != null ? callerSalt(session.clientId(), slot) : System.identityHashCode(connection);
    }

    /**
     * A session's part in the choice of worker: clients are spread by a hash of their id, and one
     * client's slots are consecutive, so that up to {@code gateway.io-workers} slots of one client
     * working in one directory never queue behind each other on one worker (with a hash of the
     * slot too, 4 slots shared a worker in a third of the runs, and that client's creates on
     * CephFS waited for each other's MDS round trips).
     */
    static int callerSalt(long clientId, int slot) {
        return (int) ((clientId * 0x9E37_79B9_7F4A_7C15L) >>> 34) + slot;
    }

    /** The pool's spread for a file and a salt: consecutive salts pick consecutive workers (no overflow). */
    static int ioSpread(int fileSpread, int salt) {
        return (fileSpread & 0x3fff_ffff) + (salt & 0x3fff_ffff);
    }

    /**
     * Like {@link #io(Fh, Supplier)}, with {@code salt} mixed into the choice of worker when this
     * is the COMPOUND's first call: READs of different parts of one file (a client's read-ahead
     * has several in flight) then run in parallel, as they may: they change nothing.
     */
    public <T> CompletionStage<T> io(Fh fh, int salt, Supplier<T> work) {
        if (!ioPinned) {
            ioSpread = ioSpread(fh.key().spread(), salt);
            ioPinned = true;
        }
        return svc.io().submit(ioSpread, operation, work);
    }

    // ------------------------------------------------------------------ stateids

    public void setStateid(StateId s) {
        currentStateid = s;
    }

    /**
     * The stateid an operation names, with the special "current stateid" (seqid 1, other 0)
     * replaced by the one a previous operation of this COMPOUND produced (§16.2.3.1.2).
     */
    public StateId stateid(Stateid4 s) {
        if (s.seqid() == 1 && isZero(s.other())) {
            if (currentStateid == null) {
                throw new OpException(NfsStat4.NFS4ERR_BAD_STATEID);
            }
            return currentStateid;
        }
        return new StateId(s.seqid(), s.other());
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    public static Stateid4 wire(StateId s) {
        return new Stateid4(s.seqid(), s.other());
    }

    // ------------------------------------------------------------------ names

    /**
     * Checks a component name (RFC 8881 §1.4.3): empty → NFS4ERR_INVAL, "." / ".." or containing
     * '/' or NUL → NFS4ERR_BADNAME, longer than the back end allows → NFS4ERR_NAMETOOLONG.
     */
    public String name(String n, Fh dir) {
        if (n.isEmpty()) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (n.equals(".") || n.equals("..") || n.indexOf('/') >= 0 || n.indexOf('\0') >= 0) {
            throw new OpException(NfsStat4.NFS4ERR_BADNAME);
        }
        if (n.getBytes(StandardCharsets.UTF_8).length > fs(dir).info().maxNameLength()) {
            throw new OpException(NfsStat4.NFS4ERR_NAMETOOLONG);
        }
        return n;
    }
}
