package org.cephgw.actors.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.cephgw.protocol.nfs4.NfsStat4;
import org.junit.jupiter.api.Test;

/** Negotiating and enforcing session channel attributes (RFC 8881 §18.36.3, §18.46.3, §2.10.6.4). */
class ChannelLimitsTest {

    private static ChannelLimits limits(int req, int resp, int cached, int ops, int slots) {
        return new ChannelLimits(req, resp, cached, ops, slots);
    }

    @Test
    void theSmallestUsefulMessagesAreMeasuredFromTheirEncoding() {
        // RPC reply header: xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier (8), SUCCESS
        assertThat(ChannelLimits.RPC_REPLY_HEADER).isEqualTo(24);
        // call header (24) + AUTH_NONE credential and verifier (16) + tag, minor version, count (12)
        // + SEQUENCE (opnum, sessionid, seqid, slot, highest slot, cachethis) + PUTROOTFH (opnum)
        assertThat(ChannelLimits.MIN_FORE_REQUEST).isEqualTo(24 + 16 + 12 + (4 + 16 + 4 * 4) + 4);
        // reply header + status, tag, count + SEQUENCE4res (4 + 4 + 16 + 5 * 4) + PUTROOTFH4res (8)
        assertThat(ChannelLimits.MIN_FORE_RESPONSE).isEqualTo(24 + 12 + 44 + 8);
        // a CB_RECALL carries the longest file handle: 128 bytes
        assertThat(ChannelLimits.MIN_BACK_REQUEST).isGreaterThan(128 + 40).isLessThan(400);
        assertThat(ChannelLimits.MIN_BACK_RESPONSE).isGreaterThan(ChannelLimits.RPC_REPLY_HEADER).isLessThan(200);
    }

    @Test
    void smallButWorkableForeChannelsAreGrantedOnlyUnworkableOnesAreTooSmall() {
        // pynfs CSESS26 asks for 400-byte requests and replies: small, but a COMPOUND fits
        assertThat(limits(400, 400, 400, 128, 8).usableAsFore()).isTrue();
        assertThat(limits(ChannelLimits.MIN_FORE_REQUEST, ChannelLimits.MIN_FORE_RESPONSE, 0, 2, 1).usableAsFore()).isTrue();
        // CSESS28 and CSESS25: no request or no reply could ever fit
        assertThat(limits(20, 8192, 8192, 128, 8).usableAsFore()).isFalse();
        assertThat(limits(8192, 0, 8192, 128, 8).usableAsFore()).isFalse();
        assertThat(limits(ChannelLimits.MIN_FORE_REQUEST - 1, 8192, 8192, 128, 8).usableAsFore()).isFalse();
        assertThat(limits(8192, ChannelLimits.MIN_FORE_RESPONSE - 1, 8192, 128, 8).usableAsFore()).isFalse();
        // SEQUENCE alone does no work
        assertThat(limits(8192, 8192, 8192, 1, 8).usableAsFore()).isFalse();
        // a reply cache of nothing is a choice, not a reason to refuse
        assertThat(limits(8192, 8192, 0, 8, 8).usableAsFore()).isTrue();
    }

    @Test
    void aBackChannelThatCannotCarryARecallIsTooSmall() {
        // what the Linux client offers
        assertThat(limits(4096, 4096, 0, 2, 1).usableAsBack()).isTrue();
        // pynfs CSESS29: 10-byte requests and one operation per CB_COMPOUND
        assertThat(limits(10, 8192, 8192, 1, 8).usableAsBack()).isFalse();
        assertThat(limits(8192, 8192, 8192, 1, 8).usableAsBack()).isFalse();
        assertThat(limits(10, 8192, 8192, 8, 8).usableAsBack()).isFalse();
        assertThat(limits(8192, ChannelLimits.MIN_BACK_RESPONSE - 1, 0, 2, 1).usableAsBack()).isFalse();
    }

    @Test
    void theForeChannelGetsTheLowerOfEachLimit() {
        ChannelLimits ours = limits(1 << 20, 1 << 20, 65536, 64, 64);
        assertThat(ours.min(limits(400, 300, 10, 4, 2))).isEqualTo(limits(400, 300, 10, 4, 2));
        assertThat(ours.min(limits(64 << 20, 64 << 20, 64 << 20, 1000, 1000))).isEqualTo(ours);
    }

    @Test
    void theBackChannelKeepsTheClientsSlotsAndOperations() {
        ChannelLimits ours = limits(16384, 16384, 0, 0, 0);
        // §18.36.3: for the back channel the server MUST NOT change ca_maxrequests or ca_maxoperations
        assertThat(ours.forBackChannel(limits(65536, 4096, 4096, 3, 32))).isEqualTo(limits(16384, 4096, 0, 3, 32));
    }

    @Test
    void aSequenceIsJudgedOperationsFirstThenRequestThenReply() {
        ChannelLimits l = limits(1000, 500, 200, 4, 8);
        assertThat(l.admit(4, 1000, 500, false)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(l.admit(5, 5000, 5000, true)).isEqualTo(NfsStat4.NFS4ERR_TOO_MANY_OPS);
        assertThat(l.admit(4, 1001, 5000, true)).isEqualTo(NfsStat4.NFS4ERR_REQ_TOO_BIG);
        assertThat(l.admit(4, 1000, 501, true)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(l.admit(4, 1000, 201, true)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
        // the cache limit matters only to a client that wants the reply cached
        assertThat(l.admit(4, 1000, 201, false)).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void theReplyLimitIsTheCachedOneWhenTheClientWantsCaching() {
        ChannelLimits l = limits(1000, 500, 200, 4, 8);
        assertThat(l.replyLimit(false)).isEqualTo(500);
        assertThat(l.replyLimit(true)).isEqualTo(200);
        assertThat(limits(1000, 500, 900, 4, 8).replyLimit(true)).isEqualTo(500);
        assertThat(l.replyStatus(500, false)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(l.replyStatus(501, false)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG);
        assertThat(l.replyStatus(200, true)).isEqualTo(NfsStat4.NFS4_OK);
        assertThat(l.replyStatus(201, true)).isEqualTo(NfsStat4.NFS4ERR_REP_TOO_BIG_TO_CACHE);
    }
}
