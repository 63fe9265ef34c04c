package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.cephgw.client.NfsClient;
import org.cephgw.client.NfsClient.RpcReply;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.ClientOwner4;
import org.cephgw.protocol.nfs4.EXCHANGE_ID4args;
import org.cephgw.protocol.nfs4.ILLEGAL4res;
import org.cephgw.protocol.nfs4.IllegalArgop;
import org.cephgw.protocol.nfs4.Nfs4Const;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.StateProtect4A;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.OpaqueAuth;
import org.cephgw.protocol.rpc.RpcConstants;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/** The RPC and COMPOUND framing rules (RFC 5531, RFC 8881 §2.10.6, §15.2, §16.2) over real TCP. */
class CompoundRulesTest extends GatewayTestBase {

    @Test
    void nullProcedureAnswersWithAnEmptySuccess() throws IOException {
        NfsClient c = connect();
        RpcReply r = c.nullCall();
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.body()).isEmpty();
        // and with AUTH_NONE too
        c.authNone();
        assertThat(c.nullCall().isSuccess()).isTrue();
    }

    @Test
    void minorVersionsOtherThanOneAndTwoAreMismatched() throws IOException {
        NfsClient c = connect();
        for (int minor : new int[] {0, 3, 100}) {
            COMPOUND4res res = c.compound(minor, List.of(putrootfh(), getfh()));
            assertThat(Res.status(res)).as("minor version %d", minor).isEqualTo("NFS4ERR_MINOR_VERS_MISMATCH");
            assertThat(res.resarray()).as("nothing is executed in minor version %d", minor).isEmpty();
        }
    }

    @Test
    void anEmptyCompoundSucceedsWithNoResults() throws IOException {
        COMPOUND4res res = connect().compound(1, List.of());
        assertThat(Res.status(res)).isEqualTo("NFS4_OK");
        assertThat(res.resarray()).isEmpty();
    }

    @Test
    void operationsOutsideASessionAreRefused() throws IOException {
        COMPOUND4res res = connect().compound(1, List.of(putrootfh(), getfh()));
        assertFailed(res, OP_PUTROOTFH, NfsStat4.NFS4ERR_OP_NOT_IN_SESSION);
        assertThat(res.resarray()).hasSize(1);
    }

    @Test
    void sequenceAnywhereButFirstIsRefused() throws IOException {
        Session s = newSession("seqpos");
        SEQUENCE4args again = new SEQUENCE4args(s.sessionId(), s.nextSeqid(0), 0, 0, false);
        COMPOUND4res res = s.seq(putrootfh(), again, getfh());
        assertFailed(res, OP_SEQUENCE, NfsStat4.NFS4ERR_SEQUENCE_POS);
        assertThat(res.resarray()).hasSize(3);
        // the slot was used by the first SEQUENCE: the session goes on normally
        assertOk(s.seq(putrootfh(), getfh()));
    }

    @Test
    void exchangeIdMustBeAloneWithoutSequence() throws IOException {
        EXCHANGE_ID4args eid = new EXCHANGE_ID4args(new ClientOwner4(Session.randomVerifier(),
                unique("notonly").getBytes()), 0, StateProtect4A.NONE, null);
        COMPOUND4res res = connect().compound(1, List.of(eid, putrootfh()));
        assertFailed(res, OP_EXCHANGE_ID, NfsStat4.NFS4ERR_NOT_ONLY_OP);
        assertThat(res.resarray()).hasSize(1);
    }

    @Test
    void anUnknownOperationIsIllegal() throws IOException {
        Session s = newSession("illegal");
        for (int opnum : new int[] {2, 77, 9999, 10044}) {
            COMPOUND4res res = s.seq(putrootfh(), new IllegalArgop(opnum), getfh());
            assertThat(Res.status(res)).as("opnum %d", opnum).isEqualTo("NFS4ERR_OP_ILLEGAL");
            // §15.2: the result of an illegal operation carries OP_ILLEGAL, whatever was sent
            assertThat(res.resarray()).hasSize(3);
            assertThat(res.resarray().get(2)).isInstanceOf(ILLEGAL4res.class);
            assertThat(res.resarray().get(2).opnum()).isEqualTo(OP_ILLEGAL);
        }
    }

    @Test
    void operationsOfNfsv40OnlyAreNotSupported() throws IOException {
        Session s = newSession("v40");
        // SETCLIENTID (35), SETCLIENTID_CONFIRM (36), RENEW (30), OPEN_CONFIRM (20), RELEASE_LOCKOWNER (39);
        // their arguments are never looked at: they are refused by number
        for (int opnum : new int[] {OP_SETCLIENTID, OP_SETCLIENTID_CONFIRM, OP_RENEW, OP_OPEN_CONFIRM, OP_RELEASE_LOCKOWNER}) {
            COMPOUND4res res = s.seq(putrootfh(), new IllegalArgop(opnum));
            assertFailed(res, opnum, NfsStat4.NFS4ERR_NOTSUPP);
        }
    }

    @Test
    void allocateIsIllegalInMinorVersionOne() throws IOException {
        Session s = newSession("alloc41");
        COMPOUND4res res = s.seqMinor(1, putrootfh(), allocate(org.cephgw.protocol.nfs4.Stateid4.ANONYMOUS, 0, 10));
        assertThat(Res.status(res)).isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.last(res).opnum()).isEqualTo(OP_ILLEGAL);
        COMPOUND4res res2 = s.seqMinor(2, putrootfh(), allocate(org.cephgw.protocol.nfs4.Stateid4.ANONYMOUS, 0, 10));
        // in 4.2 it is an operation; on the pseudo root it cannot allocate, but it is not illegal
        assertThat(Res.status(res2)).isNotEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.last(res2).opnum()).isEqualTo(OP_ALLOCATE);
    }

    @Test
    void undecodableCompoundArgumentsAreGarbageArgs() throws IOException {
        NfsClient c = connect();
        // a tag announcing more bytes than the record holds; three stray bytes; nothing at all
        byte[][] garbage = {{0, 0, 0x10, 0, 1, 2, 3, 4}, {1, 2, 3}, {}};
        for (byte[] args : garbage) {
            int xid = NfsClient.nextXid();
            RpcReply r = c.call(c.callRecord(xid, Nfs4Const.NFSPROC4_COMPOUND, args));
            assertThat(r.xid()).isEqualTo(xid);
            assertThat(r.replyStat()).isEqualTo(RpcConstants.MSG_ACCEPTED);
            assertThat(r.acceptStat()).as("accept_stat for %d bytes of arguments", args.length)
                    .isEqualTo(RpcConstants.GARBAGE_ARGS);
        }
        // byte for byte: xid, REPLY, MSG_ACCEPTED, AUTH_NONE verifier, GARBAGE_ARGS
        int xid = NfsClient.nextXid();
        byte[] raw = c.callRaw(c.callRecord(xid, Nfs4Const.NFSPROC4_COMPOUND, new byte[] {9}));
        XdrEncoder expected = new XdrEncoder();
        expected.writeInt(xid).writeInt(RpcConstants.REPLY).writeInt(RpcConstants.MSG_ACCEPTED)
                .writeInt(RpcConstants.AUTH_NONE).writeInt(0).writeInt(RpcConstants.GARBAGE_ARGS);
        assertThat(raw).isEqualTo(expected.toByteArray());
        // the connection is still fine
        assertThat(c.nullCall().isSuccess()).isTrue();
    }

    @Test
    void aTruncatedOperationIsBadXdrAndTheOnesBeforeItRun() throws IOException {
        Session s = newSession("badxdr");
        byte[] good = NfsClient.compoundArgs("t", 1, List.of(
                new SEQUENCE4args(s.sessionId(), s.nextSeqid(0), 0, 0, false), putrootfh()));
        // patch the operation count to 3 and append PUTFH whose handle claims 64 bytes but has 4
        XdrEncoder tail = new XdrEncoder();
        tail.writeInt(OP_PUTFH).writeInt(64).writeInt(0x01020304);
        byte[] t = tail.toByteArray();
        byte[] args = java.util.Arrays.copyOf(good, good.length + t.length);
        System.arraycopy(t, 0, args, good.length, t.length);
        // tag "t" takes 8 bytes, minor version 4: the count is at offset 12
        args[15] = 3;
        COMPOUND4res res = s.client().compoundReply(args).res();
        s.advance(0);
        assertFailed(res, OP_PUTFH, NfsStat4.NFS4ERR_BADXDR);
        assertThat(res.resarray()).hasSize(3);
        assertThat(new String(res.tag())).isEqualTo("t");
    }

    @Test
    void rpcLevelRejections() throws IOException {
        NfsClient c = connect();
        OpaqueAuth sys = OpaqueAuth.authSys(new AuthSysParms(1, "x", 0, 0, new int[0]));
        int xid = NfsClient.nextXid();
        RpcReply r = c.call(NfsClient.callRecord(xid, 100005, 3, 0, sys, new byte[0]));
        assertThat(r.acceptStat()).as("another program").isEqualTo(RpcConstants.PROG_UNAVAIL);
        xid = NfsClient.nextXid();
        r = c.call(NfsClient.callRecord(xid, Nfs4Const.NFS4_PROGRAM, 3, 0, sys, new byte[0]));
        assertThat(r.acceptStat()).as("NFSv3").isEqualTo(RpcConstants.PROG_MISMATCH);
        assertThat(r.body()).as("supported versions 4..4").containsExactly(0, 0, 0, 4, 0, 0, 0, 4);
        xid = NfsClient.nextXid();
        r = c.call(NfsClient.callRecord(xid, Nfs4Const.NFS4_PROGRAM, 4, 7, sys, new byte[0]));
        assertThat(r.acceptStat()).as("procedure 7").isEqualTo(RpcConstants.PROC_UNAVAIL);
        xid = NfsClient.nextXid();
        r = c.call(NfsClient.callRecord(xid, Nfs4Const.NFS4_PROGRAM, 4, 0,
                new OpaqueAuth(RpcConstants.RPCSEC_GSS, new byte[8]), new byte[0]));
        assertThat(r.replyStat()).as("RPCSEC_GSS is not offered").isEqualTo(RpcConstants.MSG_DENIED);
        assertThat(r.rejectStat()).isEqualTo(RpcConstants.AUTH_ERROR);
        assertThat(c.nullCall().isSuccess()).isTrue();
    }

    @Test
    void aRecordLargerThanTheMaximumClosesOnlyItsConnection() throws IOException {
        NfsClient bystander = connect();
        Session s = Session.open(bystander, unique("bystander"));
        NfsClient offender = connect();
        assertThat(offender.nullCall().isSuccess()).isTrue();

        // one last fragment announcing more than the server accepts, and the start of its bytes
        int size = TestGateway.MAX_RECORD + 4096;
        byte[] head = {(byte) (0x80 | (size >>> 24)), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
        offender.sendRaw(head);
        try {
            offender.sendRaw(new byte[1024]);
        } catch (IOException e) {
            // the server may have closed the connection on the header alone: what is tested
        }
        assertThat(offender.awaitClosedByServer(Duration.ofSeconds(10))).as("the offending connection is closed").isTrue();
        assertThatThrownBy(offender::nullCall).isInstanceOfAny(EOFException.class, IOException.class);

        // the other connection and its session are untouched
        assertThat(bystander.nullCall().isSuccess()).isTrue();
        assertOk(s.seq(putrootfh(), getfh()));
    }
    @Test
    void aRecordInManyFragmentsIsReassembled() throws IOException {
        Session s = newSession("fragments");
        NfsClient c = s.client();
        int xid = NfsClient.nextXid();
        byte[] record = c.callRecord(xid, Nfs4Const.NFSPROC4_COMPOUND, NfsClient.compoundArgs("frag", 1,
                s.sequenced(0, s.nextSeqid(0), List.of(putrootfh(), lookup("rw"), getfh()))));
        c.sendRaw(org.cephgw.protocol.rpc.RecordMarking.frameFragments(record, 3));
        RpcReply r = c.receive(xid);
        assertThat(r.isSuccess()).isTrue();
        COMPOUND4res res = org.cephgw.protocol.nfs4.Compound.decodeRes(new org.cephgw.protocol.xdr.XdrDecoder(r.body()));
        assertOk(res);
        s.advance(0);
        assertThat(new String(res.tag())).isEqualTo("frag");
        assertThat(Res.fh(res)).isEqualTo(Res.fh(Res.ok(s.seq(putrootfh(), lookup("rw"), getfh()))));
    }

    @Test
    void aReplyFromTheClientIsIgnoredAndAnUnreadableHeaderClosesTheConnection() throws IOException {
        NfsClient c = connect();
        // a REPLY message (as if answering a callback the server never sent)
        c.send(new byte[] {0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(c.nullCall().isSuccess()).isTrue();
        // a record too short to hold an xid and a message type: nothing can be answered
        NfsClient broken = connect();
        broken.send(new byte[] {0, 0, 0, 1});
        assertThat(broken.awaitClosedByServer(Duration.ofSeconds(10))).isTrue();
        assertThat(c.nullCall().isSuccess()).isTrue();
    }

    @Test
    void theTagIsEchoedEvenWhenNothingRuns() throws IOException {
        NfsClient c = connect();
        COMPOUND4res res = c.compoundReply(NfsClient.compoundArgs("my tag", 0, List.of(putrootfh()))).res();
        assertThat(Res.status(res)).isEqualTo("NFS4ERR_MINOR_VERS_MISMATCH");
        assertThat(new String(res.tag())).isEqualTo("my tag");
        res = c.compoundReply(NfsClient.compoundArgs("other tag", 1, List.of(putrootfh()))).res();
        assertThat(new String(res.tag())).isEqualTo("other tag");
    }
}
