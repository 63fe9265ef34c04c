package org.cephgw.actors.compound;

import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.actors.state.ChannelLimits;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Dirlist4;
import org.cephgw.protocol.nfs4.Entry4;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READ4args;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.READ4resok;
import org.cephgw.protocol.nfs4.READDIR4res;
import org.cephgw.protocol.nfs4.READDIR4resok;
import org.cephgw.protocol.nfs4.READ_PLUS4args;
import org.cephgw.protocol.nfs4.READDIR4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.SEQUENCE4resok;
import org.cephgw.protocol.xdr.XdrChain;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COMPOUND4res of a COMPOUND in a session, encoded as its results come in and held to the
 * fore channel's reply sizes (RFC 8881 §2.10.6.4, §15.1.3): the result that would carry the
 * reply past ca_maxresponsesize — or past ca_maxresponsesize_cached when sa_cachethis asks for
 * the reply to be cached — becomes NFS4ERR_REP_TOO_BIG (NFS4ERR_REP_TOO_BIG_TO_CACHE) and ends
 * the COMPOUND; the results before it stay. READ and READDIR return less instead, as they may
 * anyway. The sizes are those of the encoded results, not estimates.
 *
 * <p>An operation that changes state must not be reported as failed once it took effect, so
 * those are judged before they run, by the most their successful result can take
 * ({@link #resultBound}). After every result but the last, room is kept for the error result of
 * the next operation, so that a refusal always fits.
 *
 * <p>Not thread-safe: a COMPOUND runs its operations one after the other.
 */
final class BoundedReply {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedReply.class);

    /** The longest error result: SETATTR's carries an empty attrsset bitmap besides the status. */
    static final int ERROR_ROOM = encodedSize(Compound.errorResult(OP_SETATTR, NfsStat4.NFS4ERR_REP_TOO_BIG));

    /** SEQUENCE's successful result. */
    static final int SEQUENCE_RESULT = encodedSize(SEQUENCE4res.ok(
            new SEQUENCE4resok(new byte[Nfs4Const.NFS4_SESSIONID_SIZE], 0, 0, 0, 0, 0)));

    /** Room kept besides a READ that is not the last operation, for the results around it (as FATTR4_MAXREAD). */
    static final int FOLLOWING = 1024;

    /** nfs_resop4 of READ without its data: opnum, status, eof, data length. */
    static final int READ_FIXED = 16;
    /** nfs_resop4 of READDIR without entries: opnum, status, cookieverf, list end, eof. */
    private static final int READDIR_FIXED = 8 + Nfs4Const.NFS4_VERIFIER_SIZE + Dirlist4.EMPTY_SIZE;

    /** The largest bitmap4 of attributes set (CREATE, OPEN, SETATTR): four words cover every attribute number known. */
    private static final int BITMAP = 4 + 4 * 4;
    private static final int CHANGE_INFO = 4 + 8 + 8;
    private static final int STATEID = 16;
    private static final int STATUS_ONLY = 8;

    private final XdrEncoder x;
    private final int countAt;
    private final ChannelLimits limits;
    private final boolean cacheThis;
    private int count;

    /**
     * @param limits    the session's fore channel
     * @param cacheThis sa_cachethis
     * @param sizeHint  bytes to start with (see {@link #sizeHint})
     */
    BoundedReply(byte[] tag, ChannelLimits limits, boolean cacheThis, int sizeHint) {
        this.limits = limits;
        this.cacheThis = cacheThis;
        x = new XdrEncoder(sizeHint);
        x.writeInt(NfsStat4.NFS4_OK);
        x.writeOpaque(tag);
        countAt = x.position();
        x.writeInt(0);
    }

    /**
     * The least the reply to a COMPOUND in a session takes, RPC header included: SEQUENCE's
     * result, and room for the error of the next operation when there is one.
     */
    static int minimalBytes(byte[] tag, int operations) {
        return ChannelLimits.RPC_REPLY_HEADER + 12 + ((tag.length + 3) & ~3) + SEQUENCE_RESULT
                + (operations > 1 ? ERROR_ROOM : 0);
    }

    /**
     * Where to start the buffer: enough for the data READs copy in and the entries READDIRs ask
     * for, so that a large reply is not copied over and over as it grows. READ data of
     * {@link XdrEncoder#SPLICE_MIN} or more is spliced, not copied: no room for it.
     */
    static int sizeHint(List<NfsArgop> ops, ChannelLimits limits) {
        long n = 512;
        for (NfsArgop op : ops) {
            if (op instanceof READ4args r) {
                n += copiedData(r.count()) + READ_FIXED;
            } else if (op instanceof READ_PLUS4args r) {
                n += copiedData(r.count()) + 64;
            } else if (op instanceof READDIR4args r) {
                // the entries fill up to maxcount: a listing's reply is not regrown entry by entry
                n += Math.max(0, r.maxcount());
            }
        }
        return (int) Math.min(n, Math.max(512, limits.maxResponseSize()));
    }

    private static int copiedData(int count) {
        return Math.min(Math.max(0, count), XdrEncoder.SPLICE_MIN);
    }

    /**
     * NFS4_OK when {@code op} may run; for an operation that changes state, the error it fails
     * with unless its result is sure to fit.
     *
     * @param last whether it is the COMPOUND's last operation
     */
    int admit(NfsArgop op, boolean last) {
        int bound = resultBound(op.opnum());
        return bound < 0 ? NfsStat4.NFS4_OK : status(x.position() + bound, last);
    }

    /**
     * Adds {@code r}, the result of the operation at hand, or — when it does not fit — a
     * shortened READ or READDIR result or the error that replaces it.
     *
     * @param last whether it is the COMPOUND's last operation
     * @return the result the reply holds
     */
    NfsResop add(NfsResop r, boolean last) {
        int mark = x.position();
        try {
            Compound.encodeResop(x, r);
        } catch (RuntimeException e) {
            // no half-encoded result: the caller answers NFS4ERR_SERVERFAULT after the ones before
            x.truncate(mark);
            throw e;
        }
        // a failure ends the COMPOUND: nothing follows that would need room
        boolean ends = last || r.status() != NfsStat4.NFS4_OK;
        int st = status(x.position(), ends);
        if (st == NfsStat4.NFS4_OK) {
            count++;
            return r;
        }
        if (r.status() == NfsStat4.NFS4_OK && resultBound(r.opnum()) >= 0) {
            // it took effect: a wrong bound must not turn into a false failure
            LOG.warn("{} result of {} bytes is larger than its bound {}; sent past the session's reply limit",
                    org.cephgw.protocol.nfs4.NfsOpnum4.name(r.opnum()), x.position() - mark, resultBound(r.opnum()));
            count++;
            return r;
        }
        x.truncate(mark);
        NfsResop out = shorten(r, room(mark, last));
        if (out == null) {
            out = Compound.errorResult(r.opnum(), st);
        }
        Compound.encodeResop(x, out);
        count++;
        return out;
    }

    /** The encoded COMPOUND4res with {@code status}, READ data spliced (see {@link XdrChain}). */
    XdrChain finish(int status) {
        x.patchInt(0, status);
        x.patchInt(countAt, count);
        return x.toChain();
    }

    /**
     * Bytes the result of the next operation may take: all that is left when it is the last one
     * (Linux's READ: SEQUENCE, PUTFH, READ), else the reply limit less {@link #FOLLOWING} for
     * the results before and after it (what FATTR4_MAXREAD promises: a READ of that size with a
     * GETATTR after it fits); {@link #add} cuts a READ that still does not fit.
     */
    int roomFor(boolean last) {
        return last ? room(x.position(), true) : limits.replyLimit(cacheThis) - FOLLOWING;
    }

    /** Bytes of the COMPOUND4res so far. */
    int size() {
        return x.position();
    }

    private int status(int end, boolean last) {
        return limits.replyStatus(ChannelLimits.RPC_REPLY_HEADER + end + (last ? 0 : ERROR_ROOM), cacheThis);
    }

    /** Bytes a result starting at {@code at} may take. */
    private int room(int at, boolean last) {
        return limits.replyLimit(cacheThis) - ChannelLimits.RPC_REPLY_HEADER - at - (last ? 0 : ERROR_ROOM);
    }

    /** A READ or READDIR result cut to {@code room} bytes; null when nothing useful fits. */
    static NfsResop shorten(NfsResop r, int room) {
        if (r instanceof READ4res rd && rd.resok() != null) {
            int n = (room - READ_FIXED) & ~3;
            if (n <= 0) {
                return null;
            }
            ByteBuffer data = rd.resok().data().duplicate();
            data.limit(data.position() + Math.min(n, data.remaining()));
            // the client asks for the rest: a short read that is not at the end of the file
            return READ4res.ok(new READ4resok(false, data.slice()));
        }
        if (r instanceof READDIR4res rd && rd.resok() != null) {
            int left = room - READDIR_FIXED;
            List<Entry4> kept = new ArrayList<>();
            for (Entry4 e : rd.resok().reply().entries()) {
                left -= e.encodedSize();
                if (left < 0) {
                    break;
                }
                kept.add(e);
            }
            if (kept.isEmpty()) {
                return null;
            }
            return READDIR4res.ok(new READDIR4resok(rd.resok().cookieverf(), new Dirlist4(kept, false)));
        }
        return null;
    }

    /**
     * The most bytes the successful nfs_resop4 of an operation that changes state takes (opnum
     * included); -1 for the others, which are judged by their result after they ran (reading
     * operations, and EXCHANGE_ID, whose repetition is harmless).
     */
    static int resultBound(int opnum) {
        switch (opnum) {
            case OP_CLOSE:
            case OP_LOCK:
            case OP_LOCKU:
            case OP_OPEN_DOWNGRADE:
                return STATUS_ONLY + STATEID;
            case OP_WRITE:
                // count, committed, write verifier
                return STATUS_ONLY + 4 + 4 + Nfs4Const.NFS4_VERIFIER_SIZE;
            case OP_CREATE:
                return STATUS_ONLY + CHANGE_INFO + BITMAP;
            case OP_LINK:
            case OP_REMOVE:
            case OP_SETXATTR:
            case OP_REMOVEXATTR:
                return STATUS_ONLY + CHANGE_INFO;
            case OP_RENAME:
                return STATUS_ONLY + 2 * CHANGE_INFO;
            case OP_SETATTR:
                return STATUS_ONLY + BITMAP;
            case OP_OPEN:
                // stateid, cinfo, rflags, attrset, and the largest delegation: a write delegation
                // (stateid, recall, space limit) whose ACE names a principal of up to 128 bytes
                return STATUS_ONLY + STATEID + CHANGE_INFO + 4 + BITMAP
                        + 4 + STATEID + 4 + (4 + 8) + (4 + 4 + 4 + 4 + 128);
            case OP_CREATE_SESSION:
                // sessionid, sequence, flags, two channel_attrs4 with at most one RDMA ird
                return STATUS_ONLY + Nfs4Const.NFS4_SESSIONID_SIZE + 4 + 4 + 2 * (6 * 4 + 4 + 4);
            case OP_BIND_CONN_TO_SESSION:
                return STATUS_ONLY + Nfs4Const.NFS4_SESSIONID_SIZE + 4 + 4;
            case OP_COPY:
                // write_response4 with one callback id, and copy_requirements4
                return STATUS_ONLY + (4 + STATEID) + 8 + 4 + Nfs4Const.NFS4_VERIFIER_SIZE + 4 + 4;
            case OP_WRITE_SAME:
                return STATUS_ONLY + (4 + STATEID) + 8 + 4 + Nfs4Const.NFS4_VERIFIER_SIZE;
            case OP_ALLOCATE:
            case OP_DEALLOCATE:
            case OP_CLONE:
            case OP_DELEGPURGE:
            case OP_DELEGRETURN:
            case OP_FREE_STATEID:
            case OP_RECLAIM_COMPLETE:
            case OP_DESTROY_SESSION:
            case OP_DESTROY_CLIENTID:
            case OP_BACKCHANNEL_CTL:
            case OP_OFFLOAD_CANCEL:
                return STATUS_ONLY;
            default:
                return -1;
        }
    }

    static int encodedSize(NfsResop r) {
        XdrEncoder e = new XdrEncoder(64);
        Compound.encodeResop(e, r);
        return e.position();
    }
}
