package org.cephgw.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4args;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.ClientOwner4;
import org.cephgw.protocol.nfs4.DESTROY_CLIENTID4args;
import org.cephgw.protocol.nfs4.DESTROY_SESSION4args;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4args;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4res;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsImplId4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Nfstime4;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.StateOwner4;
import org.cephgw.protocol.nfs4.StateProtect4A;

/**
 * One NFSv4.1 client identity and its session over an {@link NfsClient}: EXCHANGE_ID with a
 * given owner and verifier, CREATE_SESSION, and {@link #seq} which puts SEQUENCE in front of
 * operations with the slot's next seqid and advances the slot when the server accepted it.
 * {@link #sendOnSlot} sends on any slot with any seqid and touches no counter (replays,
 * misordering). The methods return what the server said; {@link #open} asserts success.
 */
public final class Session {
    /** What this client asks for its fore channel unless told otherwise. */
    public static final ChannelAttrs4 DEFAULT_FORE = new ChannelAttrs4(0, 1 << 20, 1 << 20, 64 * 1024, 16, 8, null);
    /** The callback program number the test client announces. */
    public static final int CALLBACK_PROGRAM = 0x40000000;
    public static final ChannelAttrs4 DEFAULT_BACK = new ChannelAttrs4(0, 4096, 4096, 0, 2, 1, null);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the session's calls go over: an {@link NfsClient} (tests) or an {@link RpcConnection}. */
    private final CompoundCaller client;
    private final byte[] ownerId;
    private byte[] verifier;
    private long clientId;
    private int csSequence;
    private int exchangeFlags;
    private byte[] sessionId;
    private ChannelAttrs4 fore;
    private int[] slotSeq = new int[0];
    private int minorVersion = 1;

    public Session(CompoundCaller client, String owner) {
        this(client, owner.getBytes(StandardCharsets.UTF_8), randomVerifier());
    }

    public Session(CompoundCaller client, byte[] ownerId, byte[] verifier) {
        this.client = client;
        this.ownerId = ownerId.clone();
        this.verifier = verifier.clone();
    }

    /**
     * This session, continued over another connection {@code other} (SP4_NONE: any connection
     * may carry a session's calls). The returned session takes over: do not use this one again.
     */
    public Session via(CompoundCaller other) {
        Session s = new Session(other, ownerId, verifier);
        s.clientId = clientId;
        s.csSequence = csSequence;
        s.exchangeFlags = exchangeFlags;
        s.sessionId = sessionId == null ? null : sessionId.clone();
        s.fore = fore;
        s.slotSeq = slotSeq.clone();
        s.minorVersion = minorVersion;
        return s;
    }

    /** EXCHANGE_ID, CREATE_SESSION and RECLAIM_COMPLETE, each asserted to succeed: a client ready for OPEN. */
    public static Session open(CompoundCaller client, String owner) throws IOException {
        Session s = new Session(client, owner);
        s.establish();
        return s;
    }

    /** EXCHANGE_ID, CREATE_SESSION and RECLAIM_COMPLETE, each asserted to succeed. */
    public Session establish() throws IOException {
        return establish(DEFAULT_FORE);
    }

    /** Likewise, asking for these fore-channel attributes. */
    public Session establish(ChannelAttrs4 foreAttrs) throws IOException {
        EXCHANGE_ID4res eid = exchangeId();
        if (eid.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("EXCHANGE_ID: " + NfsStat4.name(eid.status()));
        }
        CREATE_SESSION4res cs = createSession(foreAttrs);
        if (cs.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("CREATE_SESSION: " + NfsStat4.name(cs.status()));
        }
        Res.ok(reclaimComplete());
        return this;
    }

    public static byte[] randomVerifier() {
        byte[] v = new byte[8];
        RANDOM.nextBytes(v);
        return v;
    }

    // ------------------------------------------------------------------ EXCHANGE_ID / CREATE_SESSION

    /** EXCHANGE_ID with this session's owner and verifier, no flags. */
    public EXCHANGE_ID4res exchangeId() throws IOException {
        return exchangeId(verifier, 0);
    }

    /**
     * EXCHANGE_ID with another verifier (a client restart) and/or flags; on success the
     * clientid and CREATE_SESSION sequence it returns are the ones this session uses next.
     */
    public EXCHANGE_ID4res exchangeId(byte[] verifier, int flags) throws IOException {
        EXCHANGE_ID4args args = new EXCHANGE_ID4args(new ClientOwner4(verifier, ownerId), flags, StateProtect4A.NONE,
                new NfsImplId4("cephgw.org", "cephgw e2e test client", Nfstime4.ZERO));
        COMPOUND4res res = client.compound(minorVersion, List.of(args));
        EXCHANGE_ID4res r = Res.get(res, EXCHANGE_ID4res.class);
        if (r.status() == NfsStat4.NFS4_OK) {
            this.verifier = verifier.clone();
            clientId = r.resok().clientid();
            csSequence = r.resok().sequenceid();
            exchangeFlags = r.resok().flags();
        }
        return r;
    }

    public CREATE_SESSION4res createSession() throws IOException {
        return createSession(DEFAULT_FORE);
    }

    /** CREATE_SESSION for the current clientid and sequence; on success the session is this one's. */
    public CREATE_SESSION4res createSession(ChannelAttrs4 foreAttrs) throws IOException {
        CREATE_SESSION4res r = createSession(clientId, csSequence, foreAttrs);
        if (r.status() == NfsStat4.NFS4_OK) {
            csSequence++;
        }
        return r;
    }

    /** CREATE_SESSION with any clientid and sequence; on success the session is this one's. */
    public CREATE_SESSION4res createSession(long clientid, int sequence, ChannelAttrs4 foreAttrs) throws IOException {
        return createSession(clientid, sequence, 0, foreAttrs);
    }

    /** CREATE_SESSION with flags (CREATE_SESSION4_FLAG_CONN_BACK_CHAN, ...). */
    public CREATE_SESSION4res createSession(long clientid, int sequence, int flags, ChannelAttrs4 foreAttrs)
            throws IOException {
        return createSession(clientid, sequence, flags, foreAttrs, List.of(new CallbackSecParms4.AuthNone()));
    }

    /** CREATE_SESSION with flags and the security the server is to use for callbacks. */
    public CREATE_SESSION4res createSession(long clientid, int sequence, int flags, ChannelAttrs4 foreAttrs,
                                            List<CallbackSecParms4> callbackSecurity) throws IOException {
        CREATE_SESSION4args args = new CREATE_SESSION4args(clientid, sequence, flags, foreAttrs, DEFAULT_BACK,
                CALLBACK_PROGRAM, callbackSecurity);
        COMPOUND4res res = client.compound(minorVersion, List.of(args));
        CREATE_SESSION4res r = Res.get(res, CREATE_SESSION4res.class);
        if (r.status() == NfsStat4.NFS4_OK) {
            sessionId = r.resok().sessionid();
            fore = r.resok().foreChanAttrs();
            slotSeq = new int[fore.maxrequests()];
        }
        return r;
    }

    /**
     * EXCHANGE_ID, CREATE_SESSION with a back channel on this connection (callbacks with
     * {@code callbackSecurity}) and RECLAIM_COMPLETE.
     */
    public Session establishWithBackChannel(List<CallbackSecParms4> callbackSecurity) throws IOException {
        EXCHANGE_ID4res eid = exchangeId();
        if (eid.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("EXCHANGE_ID: " + NfsStat4.name(eid.status()));
        }
        CREATE_SESSION4res r = createSession(clientId, csSequence, Nfs4Const.CREATE_SESSION4_FLAG_CONN_BACK_CHAN,
                DEFAULT_FORE, callbackSecurity);
        if (r.status() != NfsStat4.NFS4_OK) {
            throw new AssertionError("CREATE_SESSION: " + NfsStat4.name(r.status()));
        }
        csSequence++;
        Res.ok(reclaimComplete());
        return this;
    }

    public COMPOUND4res reclaimComplete() throws IOException {
        return seq(Ops.reclaimComplete());
    }

    // ------------------------------------------------------------------ SEQUENCE

    /** SEQUENCE on slot 0 followed by {@code ops}, in this session's minor version. */
    public COMPOUND4res seq(NfsArgop... ops) throws IOException {
        return seq(Arrays.asList(ops));
    }

    public COMPOUND4res seq(List<NfsArgop> ops) throws IOException {
        return seqMinor(minorVersion, ops);
    }

    /** Like {@link #seq} in another minor version (e.g. 2 for SEEK/ALLOCATE). */
    public COMPOUND4res seqMinor(int minor, NfsArgop... ops) throws IOException {
        return seqMinor(minor, Arrays.asList(ops));
    }

    public COMPOUND4res seqMinor(int minor, List<NfsArgop> ops) throws IOException {
        return seqOnSlot(0, minor, ops).res();
    }

    /** SEQUENCE on {@code slot} with its next seqid; the slot advances when SEQUENCE succeeded. */
    public NfsClient.CompoundReply seqOnSlot(int slot, int minor, List<NfsArgop> ops) throws IOException {
        NfsClient.CompoundReply r = sendOnSlot(slot, slotSeq[slot] + 1, minor, ops);
        if (sequenceOk(r.res())) {
            slotSeq[slot]++;
        }
        return r;
    }

    /** SEQUENCE on any slot with any seqid, then {@code ops}; no counter changes. */
    public NfsClient.CompoundReply sendOnSlot(int slot, int seqid, List<NfsArgop> ops) throws IOException {
        return sendOnSlot(slot, seqid, minorVersion, ops);
    }

    public NfsClient.CompoundReply sendOnSlot(int slot, int seqid, int minor, List<NfsArgop> ops) throws IOException {
        return client.compoundReply(minor, sequenced(slot, seqid, ops));
    }

    /** SEQUENCE for {@code slot} and {@code seqid} in front of {@code ops} (to send some other way). */
    public List<NfsArgop> sequenced(int slot, int seqid, List<NfsArgop> ops) {
        int highest = Math.max(slot, slotSeq.length - 1);
        List<NfsArgop> all = new ArrayList<>(ops.size() + 1);
        all.add(new SEQUENCE4args(sessionId, seqid, slot, Math.max(0, highest), false));
        all.addAll(ops);
        return all;
    }

    private static boolean sequenceOk(COMPOUND4res res) {
        return !res.resarray().isEmpty() && res.resarray().get(0) instanceof SEQUENCE4res s
                && s.status() == NfsStat4.NFS4_OK;
    }

    /** The seqid the next request on {@code slot} must carry. */
    public int nextSeqid(int slot) {
        return slotSeq[slot] + 1;
    }

    /** Records that a request sent with {@link #sendOnSlot} was accepted on {@code slot}. */
    public void advance(int slot) {
        slotSeq[slot]++;
    }

    // ------------------------------------------------------------------ teardown

    /** DESTROY_SESSION, alone in its COMPOUND. */
    public COMPOUND4res destroySession() throws IOException {
        return client.compound(minorVersion, List.of(new DESTROY_SESSION4args(sessionId)));
    }

    /** DESTROY_CLIENTID, alone in its COMPOUND. */
    public COMPOUND4res destroyClientId() throws IOException {
        return client.compound(minorVersion, List.of(new DESTROY_CLIENTID4args(clientId)));
    }

    /** DESTROY_SESSION then DESTROY_CLIENTID, both asserted to succeed. */
    public void destroy() throws IOException {
        Res.ok(destroySession());
        Res.ok(destroyClientId());
    }

    // ------------------------------------------------------------------ accessors

    /** The {@link NfsClient} this session was made over (an IllegalStateException when it is another caller). */
    public NfsClient client() {
        if (client instanceof NfsClient c) {
            return c;
        }
        throw new IllegalStateException("this session runs over " + client.getClass().getSimpleName());
    }

    /** What this session's calls go over. */
    public CompoundCaller caller() {
        return client;
    }

    public long clientId() {
        return clientId;
    }

    /** The clientid as the management API prints it. */
    public String clientIdHex() {
        return Long.toHexString(clientId);
    }

    public int createSessionSequence() {
        return csSequence;
    }

    public int exchangeFlags() {
        return exchangeFlags;
    }

    public byte[] sessionId() {
        return sessionId == null ? null : sessionId.clone();
    }

    public ChannelAttrs4 fore() {
        return fore;
    }

    /** co_ownerid. */
    public byte[] ownerId() {
        return ownerId.clone();
    }

    public byte[] verifier() {
        return verifier.clone();
    }

    public int minorVersion() {
        return minorVersion;
    }

    public Session minorVersion(int minor) {
        this.minorVersion = minor;
        return this;
    }

    /** An open- or lock-owner of this client. */
    public StateOwner4 owner(String name) {
        return Ops.owner(clientId, name);
    }
}
