package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cephgw.client.CallbackServer;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.CallbackSecParms4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN4res;
import org.cephgw.protocol.nfs4.OpenArguments4;
import org.cephgw.protocol.nfs4.OpenDelegation4;
import org.cephgw.protocol.nfs4.SEQUENCE4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.cephgw.protocol.nfs4.TEST_STATEID4res;
import org.cephgw.protocol.nfs4.cb.CB_RECALL4args;
import org.cephgw.protocol.rpc.AuthSysParms;
import org.cephgw.protocol.rpc.RpcConstants;
import org.junit.jupiter.api.Test;

/**
 * Delegations and the back channel (RFC 8881 §10.4, §20): clients that ask get read and write
 * delegations; another client's conflicting access recalls them (CB_RECALL on the holder's back
 * channel, NFS4ERR_DELAY meanwhile); one not returned within the lease is revoked; CB_GETATTR
 * asks a write-delegation holder for size and change. The holder is this test's client, whose
 * callback service ({@link CallbackServer}) runs on its connection.
 */
class DelegationTest extends GatewayTestBase {
    private static final int READ = OPEN4_SHARE_ACCESS_READ;
    private static final int BOTH = OPEN4_SHARE_ACCESS_BOTH;

    /** Short, so that a revocation happens within the test's time. */
    @Override
    protected Duration lease() {
        return Duration.ofSeconds(6);
    }

    private record Holder(NfsClient client, CallbackServer callbacks, Session session) {
    }

    private Holder holder(String hint, List<CallbackSecParms4> security) throws IOException {
        NfsClient c = connect();
        CallbackServer cb = CallbackServer.on(c);
        Session s = new Session(c, unique(hint)).establishWithBackChannel(security);
        return new Holder(c, cb, s);
    }

    private Holder holder(String hint) throws IOException {
        return holder(hint, List.of(new CallbackSecParms4.AuthNone()));
    }

    private static OPEN4res openResult(COMPOUND4res res) {
        return Res.get(res, OPEN4res.class);
    }

    private String newFile(String hint) throws IOException {
        String name = unique(hint);
        Files.writeString(gw.rw.resolve(name), "0123456789");
        return name;
    }

    private static COMPOUND4res openWith(Session s, String file, int access) throws IOException {
        return s.seq(list(root("rw"), open(s.owner("o"), file, access, OPEN4_SHARE_DENY_NONE), getfh()));
    }

    @Test
    void readDelegationIsRecalledByAConflictingOpenAndReturned() throws IOException {
        Holder a = holder("deleg-a");
        String file = newFile("deleg-read");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        OpenDelegation4 d = openResult(opened).resok().delegation();
        assertThat(d).isInstanceOf(OpenDelegation4.Read.class);
        Stateid4 deleg = ((OpenDelegation4.Read) d).stateid();
        byte[] fh = Res.fh(opened);

        // the holder may read under its delegation
        assertThat(Res.readString(Res.ok(a.session.seq(putfh(fh), read(deleg, 0, 100))))).isEqualTo("0123456789");

        Session b = newSession("deleg-b");
        assertFailed(openWith(b, file, BOTH), OP_OPEN, NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(3));
        List<CB_RECALL4args> recalls = a.callbacks.recalls();
        assertThat(recalls).hasSize(1);
        assertThat(recalls.get(0).stateid()).isEqualTo(deleg);
        assertThat(recalls.get(0).fh()).isEqualTo(fh);
        // still conflicting until it is back; no second recall
        assertFailed(openWith(b, file, BOTH), OP_OPEN, NfsStat4.NFS4ERR_DELAY);

        Res.ok(a.session.seq(putfh(fh), delegreturn(deleg)));
        Res.ok(openWith(b, file, BOTH));
        a.client.pollCallbacks(Duration.ofMillis(300));
        assertThat(a.callbacks.recalls()).hasSize(1);
        // it is gone: returning it again is a bad stateid
        assertFailed(a.session.seq(putfh(fh), delegreturn(deleg)), OP_DELEGRETURN, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void readersShareReadDelegationsButAWriterGetsNone() throws IOException {
        Holder a = holder("share-a");
        Holder b = holder("share-b");
        String file = newFile("deleg-share");
        assertThat(openResult(Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG)))
                .resok().delegation()).isInstanceOf(OpenDelegation4.Read.class);
        assertThat(openResult(Res.ok(openWith(b.session, file, READ | OPEN4_SHARE_ACCESS_WANT_ANY_DELEG)))
                .resok().delegation()).isInstanceOf(OpenDelegation4.Read.class);

        // a file another client has open for writing gets no read delegation
        String busy = newFile("deleg-busy");
        Res.ok(openWith(a.session, busy, BOTH));
        OpenDelegation4 none = openResult(Res.ok(openWith(b.session, busy, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG)))
                .resok().delegation();
        assertThat(none).isEqualTo(new OpenDelegation4.NoneExt(WND4_CONTENTION, false));
    }

    @Test
    void whoDoesNotAskOrCannotBeCalledBackGetsNone() throws IOException {
        Holder a = holder("none-a");
        String file = newFile("deleg-none");
        assertThat(openResult(Res.ok(openWith(a.session, file, READ))).resok().delegation())
                .isInstanceOf(OpenDelegation4.None.class);
        assertThat(openResult(Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_NO_DELEG)))
                .resok().delegation()).isEqualTo(new OpenDelegation4.NoneExt(WND4_NOT_WANTED, false));
        assertThat(openResult(Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_CANCEL)))
                .resok().delegation()).isEqualTo(new OpenDelegation4.NoneExt(WND4_CANCELLED, false));
        // a session without a back channel could never be recalled
        Session plain = newSession("none-plain");
        assertThat(openResult(Res.ok(openWith(plain, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG)))
                .resok().delegation()).isEqualTo(new OpenDelegation4.NoneExt(WND4_RESOURCE, false));
    }

    @Test
    void writeDelegationAnswersGetattrThroughCbGetattrAndIsRecalledByAnyOpen() throws Exception {
        Holder a = holder("write-a");
        String file = newFile("deleg-write");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, BOTH | OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG));
        OpenDelegation4 d = openResult(opened).resok().delegation();
        assertThat(d).isInstanceOf(OpenDelegation4.Write.class);
        Stateid4 deleg = ((OpenDelegation4.Write) d).stateid();
        byte[] fh = Res.fh(opened);
        NfsAttrs before = Res.attrs(Res.ok(a.session.seq(putfh(fh), getattr(FATTR4_CHANGE, FATTR4_SIZE))));

        // the holder has written 5 bytes it keeps cached: another client's GETATTR must see them
        a.callbacks.getattr(g -> new NfsAttrs().change(before.change() + 7).size(5).encode());
        Session b = newSession("write-b");
        NfsAttrs seen = getattrOfAnother(b, a, fh);
        assertThat(seen.size()).isEqualTo(5L);
        assertThat(seen.change()).isNotEqualTo(before.change());

        // any open by another client conflicts with a write delegation
        assertFailed(openWith(b, file, READ), OP_OPEN, NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(2));
        assertThat(a.callbacks.recalls()).extracting(CB_RECALL4args::stateid).containsExactly(deleg);
        // before returning it, the holder opens what its local opens need under the delegation
        Res.ok(a.session.seq(putfh(fh), openDelegCurFh(a.session.owner("local"), BOTH, OPEN4_SHARE_DENY_NONE, deleg)));
        Res.ok(a.session.seq(putfh(fh), delegreturn(deleg)));
        Res.ok(openWith(b, file, READ));
    }

    @Test
    void unchangedHolderLeavesGetattrAsTheServerHasIt() throws Exception {
        Holder a = holder("same-a");
        String file = newFile("deleg-same");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, BOTH | OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG));
        byte[] fh = Res.fh(opened);
        NfsAttrs before = Res.attrs(Res.ok(a.session.seq(putfh(fh), getattr(FATTR4_CHANGE, FATTR4_SIZE))));
        a.callbacks.getattr(g -> new NfsAttrs().change(before.change()).size(before.size()).encode());
        NfsAttrs seen = getattrOfAnother(newSession("same-b"), a, fh);
        assertThat(seen.size()).isEqualTo(10L);
        assertThat(seen.change()).isEqualTo(before.change());
    }

    @Test
    void stateLessWriteOfAnotherClientRecallsTheDelegation() throws IOException {
        Holder a = holder("anon-a");
        String file = newFile("deleg-anon");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        byte[] fh = Res.fh(opened);
        Session b = newSession("anon-b");
        assertFailed(b.seq(putfh(fh), write(Stateid4.ANONYMOUS, 0, "x")), OP_WRITE, NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(2));
        assertThat(a.callbacks.recalls()).hasSize(1);
        // reading does not conflict with a read delegation
        Res.ok(b.seq(putfh(fh), read(Stateid4.ANONYMOUS, 0, 4)));
    }

    @Test
    void anotherClientsSetattrRecallsButTheHoldersOwnDoesNot() throws IOException {
        Holder a = holder("setattr-a");
        String file = newFile("deleg-setattr");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        Stateid4 deleg = ((OpenDelegation4.Read) openResult(opened).resok().delegation()).stateid();
        byte[] fh = Res.fh(opened);
        Res.ok(a.session.seq(putfh(fh), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0640))));
        a.client.pollCallbacks(Duration.ofMillis(300));
        assertThat(a.callbacks.recalls()).isEmpty();

        Session b = newSession("setattr-b");
        assertFailed(b.seq(putfh(fh), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0600))), OP_SETATTR,
                NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(2));
        assertThat(a.callbacks.recalls()).extracting(CB_RECALL4args::stateid).containsExactly(deleg);
        Res.ok(a.session.seq(putfh(fh), delegreturn(deleg)));
        Res.ok(b.seq(putfh(fh), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0600))));
        assertThat(Res.attrs(Res.ok(b.seq(putfh(fh), getattr(FATTR4_MODE)))).mode()).isEqualTo(0600);
    }

    @Test
    void anotherClientsRenameAndRemoveRecall() throws IOException {
        Holder a = holder("names-a");
        String file = newFile("deleg-names");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        Stateid4 deleg = ((OpenDelegation4.Read) openResult(opened).resok().delegation()).stateid();
        byte[] fh = Res.fh(opened);
        Session b = newSession("names-b");
        String renamed = file + "-renamed";
        assertFailed(b.seq(list(root("rw"), savefh(), rename(file, renamed))), OP_RENAME, NfsStat4.NFS4ERR_DELAY);
        assertFailed(b.seq(list(root("rw"), remove(file))), OP_REMOVE, NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(2));
        assertThat(a.callbacks.recalls()).extracting(CB_RECALL4args::stateid).containsExactly(deleg);
        assertThat(Files.exists(gw.rw.resolve(file))).isTrue();
        Res.ok(a.session.seq(putfh(fh), delegreturn(deleg)));
        Res.ok(b.seq(list(root("rw"), savefh(), rename(file, renamed))));
        Res.ok(b.seq(list(root("rw"), remove(renamed))));
        assertThat(Files.exists(gw.rw.resolve(renamed))).isFalse();
    }

    @Test
    void callbacksUseTheSecurityTheClientGaveAndBackchannelCtlChangesIt() throws IOException {
        AuthSysParms first = new AuthSysParms(13, "cb-host", 17, 19, new int[0]);
        Holder a = holder("sec-a", List.of(new CallbackSecParms4.AuthSys(first)));
        a.client.pollCallbacks(Duration.ofMillis(500));
        // the server checked the path with CB_NULL when the session was created
        assertThat(a.callbacks.received()).isNotEmpty();
        assertThat(a.callbacks.received().get(0).call().procedure()).isEqualTo(0);

        AuthSysParms second = new AuthSysParms(14, "cb-host", 29, 31, new int[0]);
        Res.ok(a.session.seq(backchannelCtl(Session.CALLBACK_PROGRAM, List.of(new CallbackSecParms4.AuthSys(second)))));
        String file = newFile("deleg-sec");
        Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        assertFailed(openWith(newSession("sec-b"), file, BOTH), OP_OPEN, NfsStat4.NFS4ERR_DELAY);
        a.client.pollCallbacks(Duration.ofSeconds(2));
        CallbackServer.Received recall = a.callbacks.received().get(a.callbacks.received().size() - 1);
        assertThat(recall.call().credential().flavor()).isEqualTo(RpcConstants.AUTH_SYS);
        assertThat(recall.call().authSys().uid()).isEqualTo(29);
        assertThat(recall.call().authSys().gid()).isEqualTo(31);
        assertThat(recall.call().program()).isEqualTo(Session.CALLBACK_PROGRAM);
        // each CB_COMPOUND is sequenced on the back channel's slot 0 of this session
        assertThat(a.callbacks.sequences()).allSatisfy(s -> {
            assertThat(s.sessionId()).isEqualTo(a.session.sessionId());
            assertThat(s.slotId()).isZero();
        });
    }

    @Test
    void aDelegationNotReturnedIsRevokedAfterTheLease() throws Exception {
        Holder a = holder("revoke-a");
        String file = newFile("deleg-revoke");
        COMPOUND4res opened = Res.ok(openWith(a.session, file, READ | OPEN4_SHARE_ACCESS_WANT_READ_DELEG));
        Stateid4 deleg = ((OpenDelegation4.Read) openResult(opened).resok().delegation()).stateid();
        byte[] fh = Res.fh(opened);
        Session b = newSession("revoke-b");

        long start = System.nanoTime();
        COMPOUND4res res = openWith(b, file, BOTH);
        // the holder answers the recall but never returns the delegation; both keep their leases
        while (Res.get(res, OPEN4res.class).status() == NfsStat4.NFS4ERR_DELAY) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(lease().multipliedBy(3));
            a.client.pollCallbacks(Duration.ofMillis(500));
            Res.ok(a.session.seq());
            res = openWith(b, file, BOTH);
        }
        Res.ok(res);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(lease().minusSeconds(1));

        assertFailed(a.session.seq(putfh(fh), read(deleg, 0, 10)), OP_READ, NfsStat4.NFS4ERR_DELEG_REVOKED);
        assertThat(sequenceFlags(a.session.seq()) & SEQ4_STATUS_RECALLABLE_STATE_REVOKED).isNotZero();
        TEST_STATEID4res tested = Res.get(Res.ok(a.session.seq(testStateid(deleg))), TEST_STATEID4res.class);
        assertThat(tested.statusCodes()).containsExactly(NfsStat4.NFS4ERR_DELEG_REVOKED);
        Res.ok(a.session.seq(freeStateid(deleg)));
        assertThat(sequenceFlags(a.session.seq()) & SEQ4_STATUS_RECALLABLE_STATE_REVOKED).isZero();
    }

    @Test
    void openArgumentsSaysWhatOpenSupports() throws IOException {
        Session s = newSession("open-args");
        // an NFSv4.2 attribute (RFC 9754)
        NfsAttrs v41 = Res.attrs(Res.ok(s.seqMinor(1, putrootfh(), getattr(FATTR4_SUPPORTED_ATTRS))));
        assertThat(v41.supportedAttrs().isSet(FATTR4_OPEN_ARGUMENTS)).isFalse();
        NfsAttrs a = Res.attrs(Res.ok(s.seqMinor(2, putrootfh(), getattr(FATTR4_SUPPORTED_ATTRS, FATTR4_OPEN_ARGUMENTS))));
        assertThat(a.supportedAttrs().isSet(FATTR4_OPEN_ARGUMENTS)).isTrue();
        OpenArguments4 oa = a.openArguments();
        assertThat(oa.oaShareAccessWant().isSet(3)).as("OPEN_ARGS_SHARE_ACCESS_WANT_ANY_DELEG").isTrue();
        assertThat(oa.oaOpenClaim().isSet(5)).as("OPEN_ARGS_OPEN_CLAIM_DELEG_CUR_FH").isTrue();
        assertThat(oa.oaOpenClaim().isSet(6)).as("OPEN_ARGS_OPEN_CLAIM_DELEG_PREV_FH").isFalse();
    }

    /**
     * GETATTR of size and change by {@code other} while {@code holder} answers its CB_GETATTR
     * (the server waits for the holder, so the GETATTR runs on another thread).
     */
    private static NfsAttrs getattrOfAnother(Session other, Holder holder, byte[] fh) throws Exception {
        CompletableFuture<COMPOUND4res> getattr = CompletableFuture.supplyAsync(() -> {
            try {
                return other.seq(putfh(fh), getattr(FATTR4_CHANGE, FATTR4_SIZE));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        holder.client.pollCallbacks(Duration.ofSeconds(2));
        return Res.attrs(Res.ok(getattr.get(10, TimeUnit.SECONDS)));
    }

    private static int sequenceFlags(COMPOUND4res res) {
        return ((SEQUENCE4res) res.resarray().get(0)).resok().statusFlags();
    }
}
