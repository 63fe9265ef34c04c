package org.cephgw.actors.state;

import java.util.List;
import org.cephgw.protocol.nfs4.COMPOUND4args;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.PUTROOTFH4args;
import org.cephgw.protocol.nfs4.PUTROOTFH4res;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.SEQUENCE4resok;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4args;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4res;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4args;
import org.cephgw.protocol.nfs4.cb.CB_SEQUENCE4res;
import org.cephgw.protocol.nfs4.cb.CbCompound;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RpcCalls;
import org.cephgw.protocol.rpc.RpcReplies;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * One direction's negotiated session channel attributes (channel_attrs4 without RDMA). Like
 * ca_maxrequestsize and ca_maxresponsesize (RFC 8881 §18.36.3), the sizes count the RPC header
 * with its credential and verifier, but not the record mark.
 */
public record ChannelLimits(int maxRequestSize, int maxResponseSize, int maxResponseSizeCached,
                            int maxOperations, int maxRequests) {

    /** The RPC reply header in front of every COMPOUND4res: this server's verifiers are AUTH_NONE. */
    public static final int RPC_REPLY_HEADER = RpcReplies.success(0, 0).position();

    private static final byte[] SESSION_ID = new byte[Nfs4Const.NFS4_SESSIONID_SIZE];

    /**
     * The smallest fore-channel request that can do anything: SEQUENCE and one operation
     * without arguments, AUTH_NONE, no tag. A client offering less could never send one.
     */
    public static final int MIN_FORE_REQUEST = RpcCalls.call(0, Nfs4Const.NFS4_PROGRAM, Nfs4Const.NFS_V4,
            Nfs4Const.NFSPROC4_COMPOUND, OpaqueAuth.NONE, encode(new COMPOUND4args(new byte[0], 1,
                    List.of(new SEQUENCE4args(SESSION_ID, 1, 0, 0, false), PUTROOTFH4args.INSTANCE)))).length;

    /** The reply to the smallest request: RPC header, SEQUENCE's result and one bare status. */
    public static final int MIN_FORE_RESPONSE = RPC_REPLY_HEADER + encode(new COMPOUND4res(NfsStat4.NFS4_OK,
            new byte[0], List.of(SEQUENCE4res.ok(new SEQUENCE4resok(SESSION_ID, 1, 0, 0, 0, 0)), PUTROOTFH4res.OK))).length;

    /**
     * The smallest callback this server must be able to send: CB_SEQUENCE and a CB_RECALL of
     * the longest file handle, AUTH_NONE, no tag.
     */
    public static final int MIN_BACK_REQUEST = RpcCalls.call(0, 0, CbCompound.NFS_CB_VERSION, CbCompound.CB_COMPOUND,
            OpaqueAuth.NONE, CbCompound.encodeArgs(new CbCompound.Args("", 1, 0, List.of(
                    new CB_SEQUENCE4args(SESSION_ID, 1, 0, 0, false),
                    new CB_RECALL4args(Stateid4.ANONYMOUS, false, new byte[Nfs4Const.NFS4_FHSIZE]))))).length;

    /** The client's reply to that callback. */
    public static final int MIN_BACK_RESPONSE = RPC_REPLY_HEADER + CbCompound.encodeRes(new CbCompound.Res(
            NfsStat4.NFS4_OK, "", List.of(new CB_SEQUENCE4res(NfsStat4.NFS4_OK, SESSION_ID, 1, 0, 0, 0),
                    new CB_RECALL4res(NfsStat4.NFS4_OK)))).length;

    /** SEQUENCE (CB_SEQUENCE) and one operation: less allows no work at all. */
    public static final int MIN_OPERATIONS = 2;

    private static byte[] encode(COMPOUND4args a) {
        XdrEncoder x = new XdrEncoder();
        Compound.encodeArgs(x, a);
        return x.toByteArray();
    }

    private static byte[] encode(COMPOUND4res r) {
        XdrEncoder x = new XdrEncoder();
        Compound.encodeRes(x, r);
        return x.toByteArray();
    }

    /** The lower of each limit: what a server grants when a client asks for {@code asked}. */
    public ChannelLimits min(ChannelLimits asked) {
        return new ChannelLimits(
                Math.min(maxRequestSize, asked.maxRequestSize),
                Math.min(maxResponseSize, asked.maxResponseSize),
                Math.min(maxResponseSizeCached, asked.maxResponseSizeCached),
                Math.min(maxOperations, asked.maxOperations),
                Math.min(maxRequests, asked.maxRequests));
    }

    /**
     * What a server with these back-channel limits grants for the back channel a client offers:
     * the sizes no larger than ours, but the slots and operations as offered — on the back
     * channel the client is the replier, and RFC 8881 §18.36.3 forbids the server to change
     * its ca_maxrequests and ca_maxoperations.
     */
    public ChannelLimits forBackChannel(ChannelLimits offered) {
        return new ChannelLimits(
                Math.min(maxRequestSize, offered.maxRequestSize),
                Math.min(maxResponseSize, offered.maxResponseSize),
                Math.min(maxResponseSizeCached, offered.maxResponseSizeCached),
                offered.maxOperations,
                offered.maxRequests);
    }

    /** False when a fore channel this small could carry no request that does work (NFS4ERR_TOOSMALL). */
    public boolean usableAsFore() {
        return maxRequestSize >= MIN_FORE_REQUEST && maxResponseSize >= MIN_FORE_RESPONSE
                && maxOperations >= MIN_OPERATIONS;
    }

    /** False when this server could send no callback on a back channel this small (NFS4ERR_TOOSMALL). */
    public boolean usableAsBack() {
        return maxRequestSize >= MIN_BACK_REQUEST && maxResponseSize >= MIN_BACK_RESPONSE
                && maxOperations >= MIN_OPERATIONS;
    }

    /**
     * Judges a COMPOUND at its SEQUENCE, before it runs (RFC 8881 §18.46.3, §2.10.6.4).
     *
     * @param operations   the operations the COMPOUND holds, SEQUENCE included
     * @param requestBytes the RPC record as received
     * @param replyBytes   the least its reply takes (RPC header, COMPOUND4res header, SEQUENCE's result)
     * @param cacheThis    sa_cachethis
     * @return NFS4_OK, or the error SEQUENCE fails with
     */
    public int admit(int operations, int requestBytes, int replyBytes, boolean cacheThis) {
        if (operations > maxOperations) {
            return NfsStat4.NFS4ERR_TOO_MANY_OPS;
        }
        if (requestBytes > maxRequestSize) {
            return NfsStat4.NFS4ERR_REQ_TOO_BIG;
        }
        return replyStatus(replyBytes, cacheThis);
    }

    /**
     * NFS4ERR_REP_TOO_BIG for a reply larger than ca_maxresponsesize; when the client asked for
     * the reply to be cached, NFS4ERR_REP_TOO_BIG_TO_CACHE for one larger than
     * ca_maxresponsesize_cached; NFS4_OK when it fits.
     */
    public int replyStatus(int replyBytes, boolean cacheThis) {
        if (replyBytes > maxResponseSize) {
            return NfsStat4.NFS4ERR_REP_TOO_BIG;
        }
        if (cacheThis && replyBytes > maxResponseSizeCached) {
            return NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE;
        }
        return NfsStat4.NFS4_OK;
    }

    /** The most bytes a reply may take, RPC header included. */
    public int replyLimit(boolean cacheThis) {
        return cacheThis ? Math.min(maxResponseSize, maxResponseSizeCached) : maxResponseSize;
    }
}
