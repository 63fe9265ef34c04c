package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.cephgw.client.NfsClient;
import org.cephgw.client.NfsClient.CompoundReply;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4args;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.IllegalArgop;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/**
 * The session's channel attributes: what CREATE_SESSION grants (RFC 8881 §18.36.3) and how a
 * COMPOUND is held to them — NFS4ERR_TOO_MANY_OPS, NFS4ERR_REQ_TOO_BIG, NFS4ERR_REP_TOO_BIG and
 * NFS4ERR_REP_TOO_BIG_TO_CACHE (§2.10.6.4, §18.46.3).
 */
class SessionLimitsTest extends GatewayTestBase {
    /** Size of an RPC reply header with an AUTH_NONE verifier: what the reply bytes lack to be counted whole. */
    private static final int RPC_REPLY_HEADER = 24;

    /** Attributes with values of a fixed size, many of them: a reply that grows fast and predictably. */
    private static final int[] BULKY = {FATTR4_SUPPORTED_ATTRS, FATTR4_TYPE, FATTR4_FH_EXPIRE_TYPE, FATTR4_SIZE,
            FATTR4_LINK_SUPPORT, FATTR4_SYMLINK_SUPPORT, FATTR4_NAMED_ATTR, FATTR4_FSID, FATTR4_UNIQUE_HANDLES,
            FATTR4_LEASE_TIME, FATTR4_FILEHANDLE, FATTR4_FILEID, FATTR4_MODE, FATTR4_NUMLINKS};

    /** A client with a session whose fore channel asked for {@code fore}; the grant is asserted to succeed. */
    private Session sessionWith(String hint, ChannelAttrs4 fore) throws IOException {
        Session s = new Session(connect(), unique(hint));
        assertThat(Res.name(s.exchangeId().status())).isEqualTo("NFS4_OK");
        CREATE_SESSION4res cs = s.createSession(fore);
        assertThat(Res.name(cs.status())).isEqualTo("NFS4_OK");
        return s;
    }

    /** SEQUENCE with sa_cachethis on {@code slot}, then {@code ops}; the slot advances when SEQUENCE succeeded. */
    private static CompoundReply send(Session s, int slot, boolean cacheThis, List<NfsArgop> ops) throws IOException {
        CompoundReply r = resend(s, slot, s.nextSeqid(slot), cacheThis, ops);
        if (r.res().resarray().get(0) instanceof SEQUENCE4res seq && seq.status() == NfsStat4.NFS4_OK) {
            s.advance(slot);
        }
        return r;
    }

    private static CompoundReply resend(Session s, int slot, int seqid, boolean cacheThis, List<NfsArgop> ops)
            throws IOException {
        List<NfsArgop> all = new ArrayList<>();
        all.add(new SEQUENCE4args(s.sessionId(), seqid, slot, s.fore().maxrequests() - 1, cacheThis));
        all.addAll(ops);
        return s.client().compoundReply(s.minorVersion(), all);
    }

    private static int status(NfsResop r) {
        return r.status();
    }

    private static List<NfsArgop> getattrs(int n) {
        List<NfsArgop> ops = new ArrayList<>();
        ops.add(putrootfh());
        for (int i = 0; i < n; i++) {
            ops.add(getattr(BULKY));
        }
        return ops;
    }

    // ------------------------------------------------------------------ CREATE_SESSION

    @Test
    void smallChannelAttributesAreGrantedAsAskedAndTheSessionWorks() throws IOException {
        // pynfs CSESS26's fore channel: small, but SEQUENCE and an operation fit
        Session s = sessionWith("limits-small", new ChannelAttrs4(0, 400, 400, 400, 128, 8, null));
        ChannelAttrs4 got = s.fore();
        assertThat(got.maxrequestsize()).isEqualTo(400);
        assertThat(got.maxresponsesize()).isEqualTo(400);
        assertThat(got.maxresponsesizeCached()).isEqualTo(400);
        assertThat(got.maxoperations()).isEqualTo(TestGateway.MAX_OPERATIONS);
        assertThat(got.maxrequests()).isEqualTo(8);
        assertOk(s.reclaimComplete());
        assertOk(s.seq(putrootfh(), getfh()));
    }

    @Test
    void channelsThatCouldCarryNothingAreTooSmallAndUseUpNoSequence() throws IOException {
        Session s = new Session(connect(), unique("limits-toosmall"));
        s.exchangeId();
        int seq = s.createSessionSequence();
        ChannelAttrs4 fine = new ChannelAttrs4(0, 8192, 8192, 8192, 128, 8, null);
        ChannelAttrs4[][] cases = {
            // fore: no request fits (pynfs CSESS28), no reply fits (CSESS25), SEQUENCE alone
            {new ChannelAttrs4(0, 20, 8192, 8192, 128, 8, null), Session.DEFAULT_BACK},
            {new ChannelAttrs4(0, 8192, 0, 8192, 128, 8, null), Session.DEFAULT_BACK},
            {new ChannelAttrs4(0, 8192, 8192, 8192, 1, 8, null), Session.DEFAULT_BACK},
            // back: no CB_RECALL fits, one operation per CB_COMPOUND (CSESS29)
            {fine, new ChannelAttrs4(0, 10, 8192, 8192, 128, 1, null)},
            {fine, new ChannelAttrs4(0, 8192, 8192, 8192, 1, 1, null)},
            {fine, new ChannelAttrs4(0, 8192, 16, 0, 2, 1, null)},
        };
        for (ChannelAttrs4[] c : cases) {
            CREATE_SESSION4args args = new CREATE_SESSION4args(s.clientId(), seq, 0, c[0], c[1], 0x40000000,
                    List.of(new CallbackSecParms4.AuthNone()));
            CREATE_SESSION4res r = Res.get(s.client().compound(1, List.of(args)), CREATE_SESSION4res.class);
            assertThat(Res.name(r.status())).as("fore %s back %s", c[0], c[1]).isEqualTo("NFS4ERR_TOOSMALL");
        }
        // none of the refusals counted as the client's CREATE_SESSION
        CREATE_SESSION4res ok = s.createSession(s.clientId(), seq, fine);
        assertThat(Res.name(ok.status())).isEqualTo("NFS4_OK");
        assertThat(ok.resok().sequence()).isEqualTo(seq);
    }

    @Test
    void theBackChannelKeepsTheClientsSlotsAndOperations() throws IOException {
        Session s = new Session(connect(), unique("limits-back"));
        s.exchangeId();
        ChannelAttrs4 back = new ChannelAttrs4(0, 4096, 4096, 0, 3, 20, null);
        CREATE_SESSION4args args = new CREATE_SESSION4args(s.clientId(), s.createSessionSequence(), 0,
                Session.DEFAULT_FORE, back, 0x40000000, List.of(new CallbackSecParms4.AuthNone()));
        CREATE_SESSION4res r = Res.get(s.client().compound(1, List.of(args)), CREATE_SESSION4res.class);
        assertThat(Res.name(r.status())).isEqualTo("NFS4_OK");
        // on the back channel the client is the replier: its slots and operations are not the server's to change
        assertThat(r.resok().backChanAttrs().maxoperations()).isEqualTo(3);
        assertThat(r.resok().backChanAttrs().maxrequests()).isEqualTo(20);
    }

    // ------------------------------------------------------------------ NFS4ERR_TOO_MANY_OPS

    @Test
    void moreOperationsThanTheDecoderTakesAreStillTooManyOps() throws IOException {
        Session s = newSession("limits-toomany-huge");
        List<NfsArgop> ops = new ArrayList<>(Collections.nCopies(1100, putrootfh()));
        COMPOUND4res res = send(s, 0, false, ops).res();
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_TOO_MANY_OPS);
        assertThat(res.resarray()).hasSize(1);
        // the slot did not move
        assertOk(send(s, 0, false, List.of(putrootfh())).res());
    }

    @Test
    void theOperationsCountedAreTheDeclaredOnesEvenPastAnUndecodableOne() throws IOException {
        Session s = sessionWith("limits-toomany-declared", new ChannelAttrs4(0, 1 << 20, 1 << 20, 65536, 4, 4, null));
        assertThat(s.fore().maxoperations()).isEqualTo(4);
        // SEQUENCE + 4: too many, although decoding stops at the third
        COMPOUND4res res = send(s, 0, false, List.of(putrootfh(), new IllegalArgop(9999), getfh(), getfh())).res();
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_TOO_MANY_OPS);
        // within the limit the illegal operation is what fails
        res = send(s, 0, false, List.of(putrootfh(), new IllegalArgop(9999), getfh())).res();
        assertThat(Res.status(res)).isEqualTo("NFS4ERR_OP_ILLEGAL");
    }

    // ------------------------------------------------------------------ NFS4ERR_REQ_TOO_BIG

    @Test
    void aRequestOneWordPastCaMaxrequestsizeIsReqTooBigAndLeavesTheSlotAlone() throws IOException {
        int limit = 400;
        Session s = sessionWith("limits-req", new ChannelAttrs4(0, limit, 8192, 8192, 8, 4, null));
        assertOk(s.reclaimComplete());
        int seqid = s.nextSeqid(0);
        // the record as sent: RPC header with the credential, and the COMPOUND
        int empty = requestBytes(s, seqid, "");
        String exact = "n".repeat(limit - empty);
        assertThat(requestBytes(s, seqid, exact)).isEqualTo(limit);

        COMPOUND4res over = resend(s, 0, seqid, false, list(putrootfh(), lookup(exact + "four"))).res();
        assertFailed(over, OP_SEQUENCE, NfsStat4.NFS4ERR_REQ_TOO_BIG);
        assertThat(over.resarray()).hasSize(1);
        // exactly ca_maxrequestsize is accepted, on the seqid the refused request did not use up
        COMPOUND4res at = resend(s, 0, seqid, false, list(putrootfh(), lookup(exact))).res();
        assertThat(Res.get(at, SEQUENCE4res.class).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(Res.status(at)).isNotEqualTo("NFS4ERR_REQ_TOO_BIG");
    }

    private static int requestBytes(Session s, int seqid, String name) {
        List<NfsArgop> ops = s.sequenced(0, seqid, list(putrootfh(), lookup(name)));
        return s.client().callRecord(0, NFSPROC4_COMPOUND, NfsClient.compoundArgs("", s.minorVersion(), ops)).length;
    }

    // ------------------------------------------------------------------ NFS4ERR_REP_TOO_BIG

    @Test
    void theResultThatWouldPassCaMaxresponsesizeIsRepTooBigAndTheOnesBeforeStay() throws IOException {
        int limit = 1024;
        Session s = sessionWith("limits-rep", new ChannelAttrs4(0, 8192, limit, 8192, 32, 4, null));
        assertOk(s.reclaimComplete());
        CompoundReply r = send(s, 0, false, getattrs(12));
        COMPOUND4res res = r.res();
        assertThat(Res.status(res)).isEqualTo("NFS4ERR_REP_TOO_BIG");
        NfsResop failed = Res.last(res);
        assertThat(failed.opnum()).isEqualTo(OP_GETATTR);
        assertThat(res.resarray().size()).as("some GETATTRs fit").isGreaterThan(3).isLessThan(14);
        for (NfsResop earlier : res.resarray().subList(0, res.resarray().size() - 1)) {
            assertThat(status(earlier)).isEqualTo(NfsStat4.NFS4_OK);
        }
        assertThat(r.bytes().length + RPC_REPLY_HEADER).isLessThanOrEqualTo(limit);
        // as many as fit go through
        assertOk(send(s, 0, false, getattrs(res.resarray().size() - 3)).res());
    }

    @Test
    void anOperationThatChangesStateIsRefusedBeforeItRunsWhenItsResultMightNotFit() throws IOException {
        String file = unique("limits-write");
        Files.writeString(gw.rw.resolve(file), "0123456789");
        Session probe = newSession("limits-write-probe");
        byte[] fh = Res.fh(Res.ok(probe.seq(list(root("rw"), lookup(file), getfh()))));
        List<NfsArgop> head = List.of(putfh(fh), getattr(BULKY));
        int headBytes = send(probe, 0, false, head).bytes().length;

        // room for the GETATTR and an error after it, but not for WRITE's result (24 bytes)
        int limit = RPC_REPLY_HEADER + headBytes + 16;
        Session s = sessionWith("limits-write", new ChannelAttrs4(0, 8192, limit, limit, 8, 4, null));
        assertOk(s.reclaimComplete());
        List<NfsArgop> ops = new ArrayList<>(head);
        ops.add(write(Stateid4.ANONYMOUS, 0, "XXXX"));
        CompoundReply r = send(s, 0, false, ops);
        assertFailed(r.res(), OP_WRITE, NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(Res.get(r.res(), org.cephgw.protocol.nfs4.GETATTR4res.class).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.bytes().length + RPC_REPLY_HEADER).isLessThanOrEqualTo(limit);
        assertThat(Files.readString(gw.rw.resolve(file))).as("the WRITE did not run").isEqualTo("0123456789");
        // alone it fits, and runs
        assertOk(send(s, 0, false, List.of(putfh(fh), write(Stateid4.ANONYMOUS, 0, "XXXX"))).res());
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("XXXX456789");
    }

    // ------------------------------------------------------------------ NFS4ERR_REP_TOO_BIG_TO_CACHE

    @Test
    void aSequenceAskingToCacheWhatCannotBeCachedIsRepTooBigToCache() throws IOException {
        // pynfs CSESS27: a reply cache of 10 bytes holds no reply at all
        Session s = sessionWith("limits-tocache", new ChannelAttrs4(0, 8192, 8192, 10, 128, 8, null));
        assertThat(s.fore().maxresponsesizeCached()).isEqualTo(10);
        COMPOUND4res res = send(s, 0, true, List.of()).res();
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        // the slot is untouched; without sa_cachethis the same request runs
        assertOk(send(s, 0, false, List.of(reclaimComplete())).res());
        assertOk(send(s, 0, false, List.of(putrootfh(), getfh())).res());
    }

    @Test
    void theResultThatWouldPassTheCacheLimitIsRepTooBigToCacheAndTheReplyIsCached() throws IOException {
        int cached = 600;
        Session s = sessionWith("limits-tocache-op", new ChannelAttrs4(0, 8192, 8192, cached, 32, 4, null));
        assertOk(s.reclaimComplete());
        int seqid = s.nextSeqid(1);
        CompoundReply r = send(s, 1, true, getattrs(8));
        assertThat(Res.status(r.res())).isEqualTo("NFS4ERR_REP_TOO_BIG_TO_CACHE");
        assertThat(Res.last(r.res()).opnum()).isEqualTo(OP_GETATTR);
        assertThat(r.bytes().length + RPC_REPLY_HEADER).isLessThanOrEqualTo(cached);
        // a reply the client wants cached must be: the retry gets the very same bytes
        assertThat(resend(s, 1, seqid, true, getattrs(8)).bytes()).isEqualTo(r.bytes());
        // without sa_cachethis only ca_maxresponsesize counts
        assertOk(send(s, 1, false, getattrs(8)).res());
    }

    @Test
    void aReadTheClientWantsCachedIsShortenedToTheCacheLimit() throws IOException {
        int cached = 1024;
        String file = unique("limits-read");
        byte[] content = new byte[8192];
        Arrays.fill(content, (byte) 'r');
        content[0] = 'A';
        Files.write(gw.rw.resolve(file), content);
        Session s = sessionWith("limits-read", new ChannelAttrs4(0, 8192, 1 << 20, cached, 32, 4, null));
        assertOk(s.reclaimComplete());
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        CompoundReply r = send(s, 0, true, List.of(putfh(fh), read(Stateid4.ANONYMOUS, 0, 8192)));
        assertOk(r.res());
        READ4res read = Res.get(r.res(), READ4res.class);
        assertThat(read.resok().eof()).as("a short read, not the end of the file").isFalse();
        byte[] data = Res.readData(r.res());
        assertThat(data.length).isPositive().isLessThan(cached);
        assertThat(data[0]).isEqualTo((byte) 'A');
        assertThat(r.bytes().length + RPC_REPLY_HEADER).isLessThanOrEqualTo(cached);
        // the same READ not to be cached gets it all
        CompoundReply all = send(s, 0, false, List.of(putfh(fh), read(Stateid4.ANONYMOUS, 0, 8192)));
        assertThat(new String(Res.readData(all.res()), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(content, StandardCharsets.ISO_8859_1));
    }

    /**
     * Linux asks for ca_maxresponsesize = rsize + its worst-case reply overhead (924 bytes:
     * RPC header with the largest verifier, COMPOUND header with the longest tag, SEQUENCE,
     * PUTFH) and then READs rsize bytes: such a READ is answered whole. Cut short by a fixed
     * margin instead, every rsize took a second READ for its last bytes (half the kernel
     * client's read rate).
     */
    @Test
    void aReadOfTheSizeLinuxDerivesFromCaMaxresponsesizeIsAnsweredWhole() throws IOException {
        int rsize = 65536;
        String file = unique("limits-rsize");
        byte[] content = new byte[2 * rsize];
        Arrays.fill(content, (byte) 'q');
        content[rsize - 1] = 'Z';
        Files.write(gw.rw.resolve(file), content);
        Session s = sessionWith("limits-rsize", new ChannelAttrs4(0, 8192, rsize + 924, 8192, 32, 4, null));
        assertOk(s.reclaimComplete());
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        CompoundReply r = send(s, 0, false, List.of(putfh(fh), read(Stateid4.ANONYMOUS, 0, rsize)));
        assertOk(r.res());
        byte[] data = Res.readData(r.res());
        assertThat(data.length).isEqualTo(rsize);
        assertThat(data[rsize - 1]).isEqualTo((byte) 'Z');
        assertThat(r.bytes().length + RPC_REPLY_HEADER).isLessThanOrEqualTo(rsize + 924);
        // a READ with an operation after it leaves that one room: shorter, and both succeed
        CompoundReply more = send(s, 0, false, List.of(putfh(fh), read(Stateid4.ANONYMOUS, 0, rsize),
                getattr(FATTR4_SIZE, FATTR4_CHANGE, FATTR4_TIME_MODIFY)));
        assertOk(more.res());
        assertThat(Res.readData(more.res()).length).isPositive().isLessThan(rsize);
    }
}
