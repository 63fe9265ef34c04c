package org.cephgw.actors.compound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.actors.state.ChannelLimits;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CREATE4res;
import org.cephgw.protocol.nfs4.CREATE4resok;
import org.cephgw.protocol.nfs4.CREATE_SESSION4res;
import org.cephgw.protocol.nfs4.CREATE_SESSION4resok;
import org.cephgw.protocol.nfs4.CLOSE4res;
import org.cephgw.protocol.nfs4.ChangeInfo4;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.Compound;
import org.cephgw.protocol.nfs4.Dirlist4;
import org.cephgw.protocol.nfs4.Entry4;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.GETATTR4res;
import org.cephgw.protocol.nfs4.LOCK4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsSpaceLimit4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Nfsace4;
import org.cephgw.protocol.nfs4.OPEN4res;
import org.cephgw.protocol.nfs4.OPEN4resok;
import org.cephgw.protocol.nfs4.OpenDelegation4;
import org.cephgw.protocol.nfs4.PUTROOTFH4args;
import org.cephgw.protocol.nfs4.PUTROOTFH4res;
import org.cephgw.protocol.nfs4.READ4args;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.READ4resok;
import org.cephgw.protocol.nfs4.READDIR4res;
import org.cephgw.protocol.nfs4.READDIR4resok;
import org.cephgw.protocol.nfs4.REMOVE4res;
import org.cephgw.protocol.nfs4.RENAME4res;
import org.cephgw.protocol.nfs4.RENAME4resok;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.SEQUENCE4resok;
import org.cephgw.protocol.nfs4.SETATTR4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.WRITE4args;
import org.cephgw.protocol.nfs4.WRITE4res;
import org.cephgw.protocol.nfs4.WRITE4resok;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.junit.jupiter.api.Test;

/** The reply of a COMPOUND in a session, held to ca_maxresponsesize(_cached) by its encoded size. */
class BoundedReplyTest {
    private static final byte[] TAG = "tag".getBytes();
    private static final NfsResop SEQ = SEQUENCE4res.ok(new SEQUENCE4resok(new byte[16], 1, 0, 7, 7, 0));
    private static final ChangeInfo4 CINFO = new ChangeInfo4(true, 1, 2);
    private static final Stateid4 SID = new Stateid4(1, new byte[12]);

    private static ChannelLimits limits(int resp, int cached) {
        return new ChannelLimits(1 << 20, resp, cached, 64, 8);
    }

    /** A GETATTR result of {@code n} bytes of attribute values. */
    private static NfsResop getattr(int n) {
        return GETATTR4res.ok(new Fattr4(Bitmap4.of(1), new byte[n]));
    }

    private static COMPOUND4res decode(byte[] b) {
        return Compound.decodeRes(new XdrDecoder(b));
    }

    @Test
    void resultsThatFitAreEncodedExactlyAsTheWholeReplyWouldBe() {
        BoundedReply r = new BoundedReply(TAG, limits(8192, 8192), false, 64);
        List<NfsResop> all = List.of(SEQ, PUTROOTFH4res.OK, getattr(100));
        for (int i = 0; i < all.size(); i++) {
            assertThat(r.add(all.get(i), i == all.size() - 1)).isSameAs(all.get(i));
        }
        byte[] bytes = r.finish(NfsStat4.NFS4_OK).toByteArray();
        assertThat(bytes).isEqualTo(CompoundExecutor.encode(new COMPOUND4res(NfsStat4.NFS4_OK, TAG, all)));
        assertThat(r.size()).isEqualTo(bytes.length);
    }

    @Test
    void theResultPastTheLimitBecomesRepTooBigAndTheOnesBeforeStay() {
        int limit = 400;
        BoundedReply r = new BoundedReply(TAG, limits(limit, 8192), false, 64);
        r.add(SEQ, false);
        r.add(PUTROOTFH4res.OK, false);
        assertThat(r.add(getattr(100), false).status()).isEqualTo(NfsStat4.NFS4_OK);
        NfsResop third = r.add(getattr(200), false);
        assertThat(third.opnum()).isEqualTo(OP_GETATTR);
        assertThat(third.status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        byte[] bytes = r.finish(third.status()).toByteArray();
        assertThat(bytes.length + ChannelLimits.RPC_REPLY_HEADER).isLessThanOrEqualTo(limit);
        COMPOUND4res res = decode(bytes);
        assertThat(res.status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(res.resarray()).hasSize(4);
        assertThat(res.resarray().get(2).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void roomForTheNextErrorIsKeptUnlessTheOperationIsTheLast() {
        int base = 4 + 4 + 4 + 4 + BoundedReply.SEQUENCE_RESULT + ChannelLimits.RPC_REPLY_HEADER;
        int getattr = BoundedReply.encodedSize(getattr(100));
        int limit = base + getattr;
        BoundedReply notLast = new BoundedReply(TAG, limits(limit, limit), false, 64);
        notLast.add(SEQ, false);
        assertThat(notLast.add(getattr(100), false).status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        BoundedReply last = new BoundedReply(TAG, limits(limit, limit), false, 64);
        last.add(SEQ, false);
        assertThat(last.add(getattr(100), true).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(last.finish(NfsStat4.NFS4_OK).length() + ChannelLimits.RPC_REPLY_HEADER).isEqualTo(limit);
    }

    @Test
    void aReplyTheClientWantsCachedIsHeldToTheCacheLimit() {
        BoundedReply r = new BoundedReply(TAG, limits(8192, 300), true, 64);
        r.add(SEQ, false);
        assertThat(r.add(getattr(100), false).status()).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(r.add(getattr(200), false).status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        // past both limits it is too big, cached or not
        BoundedReply both = new BoundedReply(TAG, limits(300, 200), true, 64);
        both.add(SEQ, false);
        assertThat(both.add(getattr(400), true).status()).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        // without sa_cachethis the cache limit does not matter
        BoundedReply uncached = new BoundedReply(TAG, limits(8192, 100), false, 64);
        uncached.add(SEQ, false);
        assertThat(uncached.add(getattr(400), true).status()).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void aReadIsShortenedToFitAndNoLongerClaimsTheEndOfTheFile() {
        int limit = 1000;
        BoundedReply r = new BoundedReply(TAG, limits(limit, limit), false, 64);
        r.add(SEQ, false);
        byte[] data = new byte[5000];
        data[0] = 42;
        NfsResop read = r.add(READ4res.ok(new READ4resok(true, ByteBuffer.wrap(data))), false);
        assertThat(read.status()).isEqualTo(NfsStat4.NFS4_OK);
        READ4resok ok = ((READ4res) read).resok();
        assertThat(ok.eof()).isFalse();
        assertThat(ok.data().remaining()).isPositive().isLessThan(1000);
        assertThat(ok.data().get(0)).isEqualTo((byte) 42);
        // and room is left for what follows
        assertThat(r.add(PUTROOTFH4res.OK, true).status()).isEqualTo(NfsStat4.NFS4_OK);
        byte[] bytes = r.finish(NfsStat4.NFS4_OK).toByteArray();
        assertThat(bytes.length + ChannelLimits.RPC_REPLY_HEADER).isLessThanOrEqualTo(limit);
        assertThat(decode(bytes).resarray()).hasSize(3);
    }

    @Test
    void aReaddirIsShortenedToTheEntriesThatFit() {
        int limit = 600;
        List<Entry4> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(new Entry4(i + 3, "entry-" + i, new Fattr4(Bitmap4.of(), new byte[0])));
        }
        BoundedReply r = new BoundedReply(TAG, limits(limit, limit), false, 64);
        r.add(SEQ, false);
        NfsResop rd = r.add(READDIR4res.ok(new READDIR4resok(new byte[8], new Dirlist4(entries, true))), true);
        assertThat(rd.status()).isEqualTo(NfsStat4.NFS4_OK);
        Dirlist4 list = ((READDIR4res) rd).resok().reply();
        assertThat(list.eof()).isFalse();
        assertThat(list.entries()).isNotEmpty().hasSizeLessThan(50);
        assertThat(list.entries()).isEqualTo(entries.subList(0, list.entries().size()));
        assertThat(r.finish(NfsStat4.NFS4_OK).length() + ChannelLimits.RPC_REPLY_HEADER).isLessThanOrEqualTo(limit);
    }

    @Test
    void anOperationChangingStateIsRefusedBeforeItRunsUnlessItsResultSurelyFits() {
        int afterSeq = 4 + 4 + 4 + 4 + BoundedReply.SEQUENCE_RESULT + ChannelLimits.RPC_REPLY_HEADER;
        int write = BoundedReply.resultBound(OP_WRITE);
        WRITE4args w = new WRITE4args(SID, 0, 0, ByteBuffer.allocate(1));
        BoundedReply tight = new BoundedReply(TAG, limits(afterSeq + write - 1, 8192), false, 64);
        tight.add(SEQ, false);
        assertThat(tight.admit(w, true)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        BoundedReply enough = new BoundedReply(TAG, limits(afterSeq + write, 8192), false, 64);
        enough.add(SEQ, false);
        assertThat(enough.admit(w, true)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(enough.admit(w, false)).as("room for the next error too").isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        BoundedReply cached = new BoundedReply(TAG, limits(8192, afterSeq + write - 1), true, 64);
        cached.add(SEQ, false);
        assertThat(cached.admit(w, true)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        // reading operations are judged by their result
        assertThat(tight.admit(PUTROOTFH4args.INSTANCE, true)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(tight.admit(new READ4args(SID, 0, 1 << 20), true)).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void theBoundsHoldForTheLargestResultsOfOperationsChangingState() {
        Bitmap4 allAttrs = Bitmap4.of(0, 40, 86, 127);
        Nfsace4 longWho = new Nfsace4(0, 0, 0, "x".repeat(128));
        List<NfsResop> largest = List.of(
                WRITE4res.ok(new WRITE4resok(1, 2, new byte[8])),
                CLOSE4res.ok(SID),
                LOCK4res.ok(SID),
                CREATE4res.ok(new CREATE4resok(CINFO, allAttrs)),
                REMOVE4res.ok(CINFO),
                RENAME4res.ok(new RENAME4resok(CINFO, CINFO)),
                SETATTR4res.ok(allAttrs),
                OPEN4res.ok(new OPEN4resok(SID, CINFO, 0, allAttrs, new OpenDelegation4.Write(SID, true,
                        NfsSpaceLimit4.blocks(1, 1), longWho))),
                OPEN4res.ok(new OPEN4resok(SID, CINFO, 0, allAttrs, new OpenDelegation4.Read(SID, true, longWho))),
                CREATE_SESSION4res.ok(new CREATE_SESSION4resok(new byte[16], 1, 3,
                        new ChannelAttrs4(0, 1, 1, 1, 1, 1, 1), new ChannelAttrs4(0, 1, 1, 1, 1, 1, 1))));
        for (NfsResop r : largest) {
            assertThat(BoundedReply.encodedSize(r)).as("%s", r).isLessThanOrEqualTo(BoundedReply.resultBound(r.opnum()));
        }
        assertThat(BoundedReply.resultBound(OP_GETATTR)).isNegative();
        assertThat(BoundedReply.resultBound(OP_READ)).isNegative();
    }

    @Test
    void theLeastAReplyTakesIsWhatTheSequenceResultTakes() {
        BoundedReply r = new BoundedReply(TAG, limits(8192, 8192), false, 64);
        r.add(SEQ, true);
        assertThat(BoundedReply.minimalBytes(TAG, 1)).isEqualTo(ChannelLimits.RPC_REPLY_HEADER + r.finish(0).length());
        assertThat(BoundedReply.minimalBytes(TAG, 2)).isEqualTo(BoundedReply.minimalBytes(TAG, 1) + BoundedReply.ERROR_ROOM);
        assertThat(BoundedReply.ERROR_ROOM).isEqualTo(12);
    }
}
