package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.client.NfsClient.CompoundReply;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/** SEQUENCE, slots and the reply cache (RFC 8881 §2.10.6, §18.46). */
class SequenceTest extends GatewayTestBase {

    @Test
    void aRetriedCreateIsAnsweredFromTheCacheWithoutRunningAgain() throws IOException {
        Session s = newSession("replay-create");
        String dir = unique("replay-dir");
        int seqid = s.nextSeqid(0);
        List<NfsArgop> ops = list(root("rw"), mkdir(dir), getfh());
        CompoundReply first = s.sendOnSlot(0, seqid, ops);
        assertOk(first.res());
        s.advance(0);
        assertThat(Files.isDirectory(gw.rw.resolve(dir))).isTrue();

        // executing it again would fail with NFS4ERR_EXIST: the cache answers instead
        CompoundReply retry = s.sendOnSlot(0, seqid, ops);
        assertOk(retry.res());
        assertThat(retry.bytes()).as("byte-identical reply").isEqualTo(first.bytes());

        // a genuinely new request on the slot does run (and fails as it should)
        assertFailed(s.seq(ops), OP_CREATE, NfsStat4.NFS4ERR_EXIST);
    }

    @Test
    void aRetriedWriteDoesNotWriteAgain() throws IOException {
        Session s = newSession("replay-write");
        String file = unique("replay-file");
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()), getfh()))));
        byte[] fh = Res.fh(s.seq(list(root("rw"), lookup(file), getfh())));

        int seqid = s.nextSeqid(1);
        List<NfsArgop> write = list(putfh(fh), write(sid, 0, "AAAA"));
        CompoundReply first = s.sendOnSlot(1, seqid, write);
        assertOk(first.res());
        s.advance(1);
        // someone changes the bytes in between (another slot)
        assertOk(s.seq(putfh(fh), write(sid, 0, "BBBB")));

        CompoundReply retry = s.sendOnSlot(1, seqid, write);
        assertThat(retry.bytes()).isEqualTo(first.bytes());
        assertThat(Files.readString(gw.rw.resolve(file))).as("the retry was not executed").isEqualTo("BBBB");
        assertThat(Res.readString(s.seq(putfh(fh), read(sid, 0, 100)))).isEqualTo("BBBB");
        assertOk(s.seq(putfh(fh), close(sid)));
    }

    @Test
    void aSeqidAheadOfTheSlotIsMisordered() throws IOException {
        Session s = newSession("misordered");
        int next = s.nextSeqid(0);
        for (int seqid : new int[] {next + 1, next + 100, next - 2}) {
            COMPOUND4res res = s.sendOnSlot(0, seqid, List.of(putrootfh())).res();
            assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_SEQ_MISORDERED);
            assertThat(res.resarray()).as("nothing after SEQUENCE runs").hasSize(1);
        }
        // a fresh slot expects seqid 1
        assertFailed(s.sendOnSlot(3, 2, List.of(putrootfh())).res(), OP_SEQUENCE, NfsStat4.NFS4ERR_SEQ_MISORDERED);
        assertOk(s.sendOnSlot(3, 1, List.of(putrootfh())).res());
        s.advance(3);
        assertOk(s.seq(putrootfh()));
    }

    @Test
    void anotherRequestReusingTheSeqidIsAFalseRetry() throws IOException {
        Session s = newSession("false-retry");
        int seqid = s.nextSeqid(0);
        assertOk(s.sendOnSlot(0, seqid, List.of(putrootfh(), getfh())).res());
        s.advance(0);
        COMPOUND4res res = s.sendOnSlot(0, seqid, List.of(putrootfh(), lookup("rw"), getfh())).res();
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
    }

    @Test
    void aSlotBeyondTheTableIsBadSlot() throws IOException {
        Session s = newSession("badslot");
        int slots = s.fore().maxrequests();
        COMPOUND4res res = s.sendOnSlot(slots, 1, List.of(putrootfh())).res();
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_BADSLOT);
        assertFailed(s.sendOnSlot(Integer.MAX_VALUE, 1, List.of(putrootfh())).res(), OP_SEQUENCE, NfsStat4.NFS4ERR_BADSLOT);
        // the last slot exists
        assertOk(s.sendOnSlot(slots - 1, 1, List.of(putrootfh())).res());
    }

    @Test
    void anUnknownSessionIsBadSession() throws IOException {
        Session s = newSession("badsession");
        byte[] bogus = s.sessionId();
        bogus[15] ^= 0x5a;
        SEQUENCE4args seq = new SEQUENCE4args(bogus, 1, 0, 0, false);
        COMPOUND4res res = s.client().compound(1, List.of(seq, putrootfh()));
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void moreOperationsThanNegotiatedIsTooManyOps() throws IOException {
        Session s = new Session(connect(), unique("toomany"));
        s.exchangeId();
        assertThat(Res.name(s.createSession(new ChannelAttrs4(0, 1 << 20, 1 << 20, 65536, 4, 4, null)).status())).isEqualTo("NFS4_OK");
        assertThat(s.fore().maxoperations()).isEqualTo(4);
        // SEQUENCE + 3 operations is the limit
        assertOk(s.seq(putrootfh(), getfh(), getfh()));
        COMPOUND4res res = s.seq(putrootfh(), getfh(), getfh(), getfh());
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_TOO_MANY_OPS);
        assertThat(res.resarray()).hasSize(1);
    }

    @Test
    void theReplyReportsTheSlotTable() throws IOException {
        Session s = newSession("seq-res");
        COMPOUND4res res = s.seq(putrootfh());
        SEQUENCE4res r = Res.get(res, SEQUENCE4res.class);
        assertThat(r.resok().sessionid()).isEqualTo(s.sessionId());
        assertThat(r.resok().slotid()).isZero();
        assertThat(r.resok().highestSlotid()).isEqualTo(s.fore().maxrequests() - 1);
        assertThat(r.resok().targetHighestSlotid()).isLessThanOrEqualTo(r.resok().highestSlotid());
    }

    @Test
    void slotsAreIndependent() throws IOException {
        Session s = newSession("slots");
        List<byte[]> replies = new ArrayList<>();
        for (int slot = 0; slot < 4; slot++) {
            for (int i = 0; i < 3; i++) {
                CompoundReply r = s.seqOnSlot(slot, 1, List.of(putrootfh(), getfh()));
                assertOk(r.res());
                replies.add(r.bytes());
            }
        }
        // replays on every slot still give the last reply of that slot
        for (int slot = 0; slot < 4; slot++) {
            CompoundReply r = s.sendOnSlot(slot, s.nextSeqid(slot) - 1, List.of(putrootfh(), getfh()));
            assertThat(r.bytes()).isEqualTo(replies.get(slot * 3 + 2));
        }
    }
    @Test
    void requestsOnManySlotsRunAtOnce() throws IOException {
        Session s = newSession("pipeline");
        String file = unique("pipeline");
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        int slots = s.fore().maxrequests();
        assertThat(slots).isGreaterThan(4);
        // every slot gets a WRITE of its own 1 KiB block, all sent before any reply is read
        int[] xids = new int[slots];
        for (int slot = 0; slot < slots; slot++) {
            byte[] block = new byte[1024];
            java.util.Arrays.fill(block, (byte) ('a' + slot));
            xids[slot] = s.client().sendCompound(1, s.sequenced(slot, s.nextSeqid(slot),
                    List.of(putfh(fh), write(sid, slot * 1024L, block))));
        }
        for (int slot = slots - 1; slot >= 0; slot--) {
            COMPOUND4res r = s.client().receiveCompound(xids[slot]).res();
            assertOk(r);
            s.advance(slot);
        }
        byte[] content = Files.readAllBytes(gw.rw.resolve(file));
        assertThat(content).hasSize(slots * 1024);
        for (int slot = 0; slot < slots; slot++) {
            assertThat(content[slot * 1024]).isEqualTo((byte) ('a' + slot));
            assertThat(content[slot * 1024 + 1023]).isEqualTo((byte) ('a' + slot));
        }
        // and every slot goes on from there
        for (int slot = 0; slot < slots; slot++) {
            assertOk(s.seqOnSlot(slot, 1, List.of(putfh(fh), getattr(FATTR4_SIZE))).res());
        }
    }

    @Test
    void aFalseRetryDoesNotDisturbTheSlot() throws IOException {
        Session s = newSession("false-retry-after");
        int seqid = s.nextSeqid(0);
        CompoundReply first = s.sendOnSlot(0, seqid, List.of(putrootfh(), getfh()));
        s.advance(0);
        assertFailed(s.sendOnSlot(0, seqid, List.of(putrootfh())).res(), OP_SEQUENCE, NfsStat4.NFS4ERR_SEQ_FALSE_RETRY);
        // the true retry still gets the cached reply, and the next seqid is a new request
        assertThat(s.sendOnSlot(0, seqid, List.of(putrootfh(), getfh())).bytes()).isEqualTo(first.bytes());
        assertOk(s.seq(putrootfh()));
    }
    @Test
    void aRetryOnANewConnectionIsAnsweredFromTheCache() throws IOException {
        Session s = newSession("reconnect");
        String dir = unique("reconnect-dir");
        int seqid = s.nextSeqid(0);
        List<NfsArgop> ops = list(root("rw"), mkdir(dir));
        CompoundReply first = s.sendOnSlot(0, seqid, ops);
        assertOk(first.res());
        s.advance(0);
        // the connection breaks before the client saw the reply; it retries over a new one
        s.client().close();
        Session again = new Session(connect(), s.ownerId(), s.verifier());
        CompoundReply retry = again.client().compoundReply(1, s.sequenced(0, seqid, ops));
        assertThat(retry.bytes()).isEqualTo(first.bytes());
        assertOk(again.client().compound(1, s.sequenced(0, seqid + 1, List.of(putrootfh()))));
    }

    @Test
    void aLostBackChannelIsReported() throws IOException {
        Session s = new Session(connect(), unique("backchannel"));
        s.exchangeId();
        assertThat(Res.name(s.createSession(s.clientId(), s.createSessionSequence(), CREATE_SESSION4_FLAG_CONN_BACK_CHAN,
                Session.DEFAULT_FORE).status())).isEqualTo("NFS4_OK");
        SEQUENCE4res up = Res.get(Res.ok(s.seq(putrootfh())), SEQUENCE4res.class);
        assertThat(up.resok().statusFlags() & (SEQ4_STATUS_CB_PATH_DOWN | SEQ4_STATUS_CB_PATH_DOWN_SESSION)).isZero();
        // the only connection carrying the back channel goes away; the client comes back on another
        s.client().close();
        org.cephgw.client.NfsClient c2 = connect();
        int[] flags = new int[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            COMPOUND4res r = c2.compound(1, s.sequenced(0, s.nextSeqid(0), List.of(putrootfh())));
            s.advance(0);
            flags[0] = Res.get(Res.ok(r), SEQUENCE4res.class).resok().statusFlags();
            return (flags[0] & (SEQ4_STATUS_CB_PATH_DOWN | SEQ4_STATUS_CB_PATH_DOWN_SESSION)) != 0;
        });
        // binding a new connection for the back channel repairs it
        assertOk(c2.compound(1, List.of(new org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4args(s.sessionId(),
                CDFC4_BACK_OR_BOTH, false))));
        COMPOUND4res r = c2.compound(1, s.sequenced(0, s.nextSeqid(0), List.of(putrootfh())));
        s.advance(0);
        assertThat(Res.get(Res.ok(r), SEQUENCE4res.class).resok().statusFlags()
                & (SEQ4_STATUS_CB_PATH_DOWN | SEQ4_STATUS_CB_PATH_DOWN_SESSION)).isZero();
    }
}
