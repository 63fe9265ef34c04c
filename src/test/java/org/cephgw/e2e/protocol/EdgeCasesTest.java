package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4args;
import org.cephgw.protocol.nfs4.BIND_CONN_TO_SESSION4res;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.ChannelAttrs4;
import org.cephgw.protocol.nfs4.LINK4args;
import org.cephgw.protocol.nfs4.LOOKUPP4args;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.SEQUENCE4args;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/** Corners of the protocol a well-behaved client rarely shows a server. */
class EdgeCasesTest extends GatewayTestBase {

    private Stateid4 create(Session s, String owner, String file) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root("rw"), openCreate(s.owner(owner), file,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
    }

    @Test
    void aReplyTooLargeForTheCacheCannotBeReplayed() throws IOException {
        Session s = new Session(connect(), unique("uncached"));
        s.exchangeId();
        assertThat(Res.name(s.createSession(new ChannelAttrs4(0, 1 << 20, 1 << 20, 512, 16, 2, null)).status())).isEqualTo("NFS4_OK");
        assertOk(s.reclaimComplete());
        String file = unique("uncached");
        Files.write(gw.rw.resolve(file), new byte[8192]);
        int seqid = s.nextSeqid(0);
        List<org.cephgw.protocol.nfs4.NfsArgop> ops = list(root("rw"), lookup(file), read(Stateid4.ANONYMOUS, 0, 8192));
        assertOk(s.sendOnSlot(0, seqid, ops).res());
        s.advance(0);
        assertFailed(s.sendOnSlot(0, seqid, ops).res(), OP_SEQUENCE, NfsStat4.NFS4ERR_RETRY_UNCACHED_REP);
        // a small reply is cached
        seqid = s.nextSeqid(0);
        byte[] first = s.sendOnSlot(0, seqid, List.of(putrootfh())).bytes();
        s.advance(0);
        assertThat(s.sendOnSlot(0, seqid, List.of(putrootfh())).bytes()).isEqualTo(first);
    }

    @Test
    void aRequestLargerThanNegotiatedIsTooBig() throws IOException {
        Session s = new Session(connect(), unique("reqbig"));
        s.exchangeId();
        assertThat(Res.name(s.createSession(new ChannelAttrs4(0, 2048, 1 << 20, 65536, 16, 2, null)).status())).isEqualTo("NFS4_OK");
        assertOk(s.reclaimComplete());
        String file = unique("reqbig");
        Stateid4 sid = create(s, "o", file);
        COMPOUND4res r = s.seq(list(root("rw"), lookup(file), write(sid, 0, new byte[4096])));
        assertFailed(r, OP_SEQUENCE, NfsStat4.NFS4ERR_REQ_TOO_BIG);
        assertThat(Files.size(gw.rw.resolve(file))).isZero();
        assertOk(s.seq(list(root("rw"), lookup(file), write(sid, 0, new byte[512]))));
    }

    @Test
    void aStateidOfAnotherFileIsBad() throws IOException {
        Session s = newSession("otherfile");
        String a = unique("file-a");
        String b = unique("file-b");
        Stateid4 sidA = create(s, "o", a);
        create(s, "o", b);
        assertFailed(s.seq(list(root("rw"), lookup(b), write(sidA, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(s.seq(list(root("rw"), lookup(b), close(sidA))), OP_CLOSE, NfsStat4.NFS4ERR_BAD_STATEID);
        assertThat(Files.size(gw.rw.resolve(b))).isZero();
    }

    @Test
    void theCurrentStateidIsSavedAndRestoredWithTheFilehandle() throws IOException {
        Session s = newSession("savestate");
        String file = unique("savestate");
        COMPOUND4res r = s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()),
                savefh(), putrootfh(), restorefh(),
                write(Stateid4.CURRENT, 0, "restored"), close(Stateid4.CURRENT)));
        assertOk(r);
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("restored");
        // PUTFH clears it
        Stateid4 sid = create(s, "o", unique("cleared"));
        assertThat(sid.seqid()).isEqualTo(1);
        COMPOUND4res cleared = s.seq(list(root("rw"),
                openCreate(s.owner("o"), unique("cleared2"), OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked()),
                getfh(), putrootfh(), lookup("rw"), write(Stateid4.CURRENT, 0, "x")));
        assertFailed(cleared, OP_WRITE, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void ioOnWhatIsNotARegularFile() throws IOException {
        Session s = newSession("types");
        String dir = unique("iodir");
        Files.createDirectory(gw.rw.resolve(dir));
        String link = unique("iolink");
        Files.createSymbolicLink(gw.rw.resolve(link), Path.of("nowhere"));
        assertFailed(s.seq(list(root("rw"), lookup(dir), read(Stateid4.ANONYMOUS, 0, 10))), OP_READ, NfsStat4.NFS4ERR_ISDIR);
        assertFailed(s.seq(list(root("rw"), lookup(dir), write(Stateid4.ANONYMOUS, 0, "x"))), OP_WRITE, NfsStat4.NFS4ERR_ISDIR);
        assertFailed(s.seq(list(root("rw"), lookup(link), read(Stateid4.ANONYMOUS, 0, 10))), OP_READ, NfsStat4.NFS4ERR_SYMLINK);
        assertFailed(s.seq(list(root("rw"), open(s.owner("o"), dir, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_ISDIR);
        assertFailed(s.seq(list(root("rw"), open(s.owner("o"), link, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_SYMLINK);
        // a LOOKUP through a symlink is not followed
        assertFailed(s.seq(list(root("rw"), lookup(link), lookup("x"))), OP_LOOKUP, NfsStat4.NFS4ERR_SYMLINK);
        String file = unique("iofile");
        Files.writeString(gw.rw.resolve(file), "f");
        assertFailed(s.seq(list(root("rw"), lookup(file), lookup("x"))), OP_LOOKUP, NfsStat4.NFS4ERR_NOTDIR);
        assertFailed(s.seq(list(root("rw"), lookup(file), LOOKUPP4args.INSTANCE)), OP_LOOKUPP, NfsStat4.NFS4ERR_NOTDIR);
        assertFailed(s.seq(list(root("rw"), lookup(link), LOOKUPP4args.INSTANCE)), OP_LOOKUPP, NfsStat4.NFS4ERR_SYMLINK);
        assertFailed(s.seq(list(root("rw"), lookup(file), readdir(0, new byte[8], 0, 4096))), OP_READDIR, NfsStat4.NFS4ERR_NOTDIR);
        // reading past the end: no data and eof
        READ4res past = Res.get(Res.ok(s.seq(list(root("rw"), lookup(file), read(Stateid4.ANONYMOUS, 100, 10)))), READ4res.class);
        assertThat(past.resok().eof()).isTrue();
        assertThat(past.resok().data().remaining()).isZero();
    }

    @Test
    void badOpenArgumentsAreInval() throws IOException {
        Session s = newSession("openargs");
        String file = unique("openargs");
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), file, 0, OPEN4_SHARE_DENY_NONE, unchecked()))),
                OP_OPEN, NfsStat4.NFS4ERR_INVAL);
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_READ, 4, unchecked()))),
                OP_OPEN, NfsStat4.NFS4ERR_INVAL);
        assertThat(Files.exists(gw.rw.resolve(file))).isFalse();
        assertFailed(s.seq(list(root("rw"), open(s.owner("o"), unique("absent"), OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_NOENT);
        // no filehandle at all
        assertFailed(s.seq(open(s.owner("o"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)),
                OP_OPEN, NfsStat4.NFS4ERR_NOFILEHANDLE);
    }

    @Test
    void handles() throws IOException {
        Session s = newSession("handles");
        String file = unique("handle");
        Files.writeString(gw.rw.resolve(file), "h");
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        byte[] rootFh = Res.fh(Res.ok(s.seq(putrootfh(), getfh())));
        // LOOKUPP from an export's root leads back into the pseudo file system
        assertThat(Res.fh(Res.ok(s.seq(list(root("rw"), new LOOKUPP4args(), getfh()))))).isEqualTo(rootFh);
        assertFailed(s.seq(putrootfh(), LOOKUPP4args.INSTANCE), OP_LOOKUPP, NfsStat4.NFS4ERR_NOENT);

        assertFailed(s.seq(putfh(new byte[] {1, 2, 3}), getattr(FATTR4_TYPE)), OP_PUTFH, NfsStat4.NFS4ERR_BADHANDLE);
        byte[] garbled = fh.clone();
        garbled[garbled.length - 1] ^= 0x7f;
        COMPOUND4res g = s.seq(putfh(garbled), getattr(FATTR4_TYPE));
        assertThat(Res.status(g)).isIn("NFS4ERR_BADHANDLE", "NFS4ERR_STALE");
        // the file removed behind the server's back: its handle is stale
        Files.delete(gw.rw.resolve(file));
        COMPOUND4res stale = s.seq(putfh(fh), getattr(FATTR4_TYPE));
        assertThat(Res.status(stale)).isEqualTo("NFS4ERR_STALE");
        assertFailed(s.seq(getfh()), OP_GETFH, NfsStat4.NFS4ERR_NOFILEHANDLE);
    }

    @Test
    void linkAndRemoveRules() throws IOException {
        Session s = newSession("link");
        String file = unique("link");
        Files.writeString(gw.rw.resolve(file), "l");
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        byte[] squashRoot = Res.fh(Res.ok(s.seq(list(root("squash"), getfh()))));
        assertFailed(s.seq(putfh(fh), savefh(), putfh(squashRoot), new LINK4args("x")), OP_LINK, NfsStat4.NFS4ERR_XDEV);
        String linked = unique("linked");
        assertOk(s.seq(list(putfh(fh), savefh(), root("rw"), new LINK4args(linked))));
        assertThat(Files.isSameFile(gw.rw.resolve(file), gw.rw.resolve(linked))).isTrue();
        // a non-empty directory cannot be removed
        String dir = unique("full");
        Files.createDirectories(gw.rw.resolve(dir).resolve("inner"));
        assertFailed(s.seq(list(root("rw"), remove(dir))), OP_REMOVE, NfsStat4.NFS4ERR_NOTEMPTY);
        assertFailed(s.seq(list(root("rw"), remove(unique("absent")))), OP_REMOVE, NfsStat4.NFS4ERR_NOENT);
        assertOk(s.seq(list(root("rw"), lookup(dir), remove("inner"), LOOKUPP4args.INSTANCE, remove(dir))));
        assertThat(Files.exists(gw.rw.resolve(dir))).isFalse();
    }

    @Test
    void anotherConnectionCanJoinTheSession() throws IOException {
        Session s = newSession("bind");
        NfsClient second = connect();
        COMPOUND4res r = second.compound(1, List.of(new BIND_CONN_TO_SESSION4args(s.sessionId(), CDFC4_FORE, false)));
        assertOk(r);
        BIND_CONN_TO_SESSION4res b = Res.get(r, BIND_CONN_TO_SESSION4res.class);
        assertThat(b.resok().sessid()).isEqualTo(s.sessionId());
        assertThat(b.resok().dir()).isEqualTo(CDFS4_FORE);
        // requests of the session may come over it, on the session's slots
        COMPOUND4res viaSecond = second.compound(1, List.of(new SEQUENCE4args(s.sessionId(), s.nextSeqid(0), 0, 0, false), putrootfh()));
        assertOk(viaSecond);
        s.advance(0);
        assertOk(s.seq(putrootfh()));
        byte[] bogus = s.sessionId();
        bogus[0] ^= 1;
        assertFailed(second.compound(1, List.of(new BIND_CONN_TO_SESSION4args(bogus, CDFC4_FORE, false))),
                OP_BIND_CONN_TO_SESSION, NfsStat4.NFS4ERR_BADSESSION);
    }

    @Test
    void upgradingToADenyThatConflictsIsRefused() throws IOException {
        Session a = newSession("up-a");
        Session b = newSession("up-b");
        String file = unique("upgrade");
        Stateid4 sidA = create(a, "a", file);
        Res.ok(b.seq(list(root("rw"), open(b.owner("b"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))));
        assertFailed(a.seq(list(root("rw"), open(a.owner("a"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_READ))),
                OP_OPEN, NfsStat4.NFS4ERR_SHARE_DENIED);
        // the refused upgrade left A's open as it was
        assertOk(a.seq(list(root("rw"), lookup(file), write(sidA, 0, "x"))));
        TestStateidCheck.assertValid(a, sidA);
        assertFailed(b.seq(list(root("rw"), lookup(file), openDowngrade(sidA, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN_DOWNGRADE, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void anOpenThatTruncatesNeedsWriteAccessAndRespectsDenyModes() throws IOException {
        Session a = newSession("trunc-a");
        Session b = newSession("trunc-b");
        String file = unique("trunc");
        Files.writeString(gw.rw.resolve(file), "precious data");
        Stateid4 sidA = Res.openStateid(Res.ok(a.seq(list(root("rw"),
                open(a.owner("a"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_WRITE)))));
        // B asks to truncate (UNCHECKED4 with size 0) through a read-only open: A denies writing
        COMPOUND4res r = b.seq(list(root("rw"), openCreate(b.owner("b"), file, OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE, unchecked(new org.cephgw.protocol.nfs4.NfsAttrs().size(0)))));
        assertFailed(r, OP_OPEN, NfsStat4.NFS4ERR_INVAL);
        assertThat(Files.readString(gw.rw.resolve(file))).as("A's deny-write is respected").isEqualTo("precious data");
        // with write access B is denied by A's reservation, before anything is truncated
        assertFailed(b.seq(list(root("rw"), openCreate(b.owner("b"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked(new org.cephgw.protocol.nfs4.NfsAttrs().size(0))))), OP_OPEN,
                NfsStat4.NFS4ERR_SHARE_DENIED);
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("precious data");
        // B holds no open from the refused OPENs: nothing keeps A from denying everything
        assertOk(a.seq(list(root("rw"), open(a.owner("a"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_BOTH))));
        assertOk(a.seq(list(root("rw"), lookup(file), close(new Stateid4(0, sidA.other())))));
    }

    @Test
    void aFailedSizeChangeLeavesNoOpenBehind() throws IOException {
        Session s = newSession("trunc-fail");
        String file = unique("trunc-fail");
        // a size no file system takes: the file is created and reserved, then the size change fails
        COMPOUND4res r = s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_BOTH, unchecked(new org.cephgw.protocol.nfs4.NfsAttrs().size(Long.MAX_VALUE - 1)))));
        assertThat(Res.status(r)).isIn("NFS4ERR_FBIG", "NFS4ERR_INVAL");
        // the refused OPEN must not hold a DENY_BOTH reservation nobody can close
        Session other = newSession("trunc-fail-other");
        assertOk(other.seq(list(root("rw"), open(other.owner("x"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE))));
        // and a read-only open may not truncate at all, whoever asks
        Files.writeString(gw.rw.resolve(file), "data");
        NfsClient c = connect();
        Session user = Session.open(c, unique("trunc-user"));
        c.authSys(1000, 1000);
        assertFailed(user.seq(list(root("rw"), openCreate(user.owner("o"), file, OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE, unchecked(new org.cephgw.protocol.nfs4.NfsAttrs().size(0))))), OP_OPEN, NfsStat4.NFS4ERR_INVAL);
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("data");
    }

    @Test
    void aSizeChangeIsAWriteForStateids() throws IOException {
        Session a = newSession("size-a");
        Session b = newSession("size-b");
        String file = unique("size");
        Files.writeString(gw.rw.resolve(file), "0123456789");
        Stateid4 readOnly = Res.openStateid(Res.ok(a.seq(list(root("rw"),
                open(a.owner("a"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_WRITE)))));
        org.cephgw.protocol.nfs4.NfsAttrs truncate = new org.cephgw.protocol.nfs4.NfsAttrs().size(2);
        assertFailed(a.seq(list(root("rw"), lookup(file), setattr(readOnly, truncate))), OP_SETATTR, NfsStat4.NFS4ERR_OPENMODE);
        // another client's stateless truncation meets A's deny-write
        assertFailed(b.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, truncate))), OP_SETATTR, NfsStat4.NFS4ERR_LOCKED);
        // the all-ones stateid is the anonymous one in a write (RFC 8881 §8.2.3): no way around the deny
        assertFailed(b.seq(list(root("rw"), lookup(file), setattr(Stateid4.READ_BYPASS, truncate))), OP_SETATTR,
                NfsStat4.NFS4ERR_LOCKED);
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("0123456789");
        // a mode change is no write: the deny does not stop it
        assertOk(b.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new org.cephgw.protocol.nfs4.NfsAttrs().mode(0640)))));
        // a write open may change the size
        Stateid4 rw = Res.openStateid(Res.ok(a.seq(list(root("rw"),
                open(a.owner("a"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_WRITE)))));
        assertOk(a.seq(list(root("rw"), lookup(file), setattr(rw, truncate))));
        assertThat(Files.readString(gw.rw.resolve(file))).isEqualTo("01");
    }

    @Test
    void reclaimsOutsideGraceAreRefused() throws IOException {
        Session s = newSession("noreclaim");
        String file = unique("noreclaim");
        Stateid4 open = create(s, "o", file);
        COMPOUND4res prev = s.seq(list(root("rw"), lookup(file), new org.cephgw.protocol.nfs4.OPEN4args(0,
                OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE, s.owner("o"), org.cephgw.protocol.nfs4.Openflag4.NOCREATE,
                new org.cephgw.protocol.nfs4.OpenClaim4.ClaimPrevious(OPEN_DELEGATE_NONE))));
        assertFailed(prev, OP_OPEN, NfsStat4.NFS4ERR_NO_GRACE);
        COMPOUND4res lock = s.seq(list(root("rw"), lookup(file), new org.cephgw.protocol.nfs4.LOCK4args(WRITE_LT, true, 0, 1,
                new org.cephgw.protocol.nfs4.OpenToLockOwner4(0, open, 0, s.owner("l")))));
        assertFailed(lock, OP_LOCK, NfsStat4.NFS4ERR_NO_GRACE);
        // delegations were never granted, so none can be returned or claimed
        assertFailed(s.seq(list(root("rw"), lookup(file), new org.cephgw.protocol.nfs4.DELEGRETURN4args(open))),
                OP_DELEGRETURN, NfsStat4.NFS4ERR_BAD_STATEID);
    }

    @Test
    void writesBeyondTheLargestOffsetAreTooBig() throws IOException {
        Session s = newSession("fbig");
        String file = unique("fbig");
        Stateid4 sid = create(s, "o", file);
        assertFailed(s.seq(list(root("rw"), lookup(file), write(sid, Long.MAX_VALUE - 1, "xyz"))), OP_WRITE, NfsStat4.NFS4ERR_FBIG);
        assertFailed(s.seq(list(root("rw"), lookup(file), write(sid, -4096, "x"))), OP_WRITE, NfsStat4.NFS4ERR_FBIG);
        assertThat(Files.size(gw.rw.resolve(file))).isZero();
    }

    @Test
    void lockStateidsAreCheckedLikeOpenOnes() throws IOException {
        Session s = newSession("lockseq");
        String file = unique("lockseq");
        String other = unique("lockseq-other");
        Stateid4 open = create(s, "o", file);
        Stateid4 openOther = create(s, "o", other);
        Stateid4 l1 = Res.lockStateid(Res.ok(s.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 0, 10, open, s.owner("l"))))));
        Stateid4 l2 = Res.lockStateid(Res.ok(s.seq(list(root("rw"), lookup(file), lock(WRITE_LT, 20, 10, l1)))));
        assertThat(l2.seqid()).isEqualTo(l1.seqid() + 1);
        assertFailed(s.seq(list(root("rw"), lookup(file), lock(WRITE_LT, 40, 10, l1))), OP_LOCK, NfsStat4.NFS4ERR_OLD_STATEID);
        assertFailed(s.seq(list(root("rw"), lookup(file), locku(WRITE_LT, l1, 0, 10))), OP_LOCKU, NfsStat4.NFS4ERR_OLD_STATEID);
        // a lock stateid or an open stateid of another file
        assertFailed(s.seq(list(root("rw"), lookup(other), lock(WRITE_LT, 0, 10, l2))), OP_LOCK, NfsStat4.NFS4ERR_BAD_STATEID);
        assertFailed(s.seq(list(root("rw"), lookup(file), lockNew(WRITE_LT, 100, 10, openOther, s.owner("l2")))),
                OP_LOCK, NfsStat4.NFS4ERR_BAD_STATEID);
        // the lock stateid does I/O with its open's access
        assertOk(s.seq(list(root("rw"), lookup(file), write(l2, 0, "via lock"), read(l2, 0, 8))));
        assertOk(s.seq(list(root("rw"), lookup(file), locku(WRITE_LT, new Stateid4(0, l2.other()), 0, NFS4_UINT64_MAX))));
    }

    @Test
    void managementCountsOpenAndLockStateidsApart() throws Exception {
        Session s = newSession("mgmt-count");
        String file = unique("mgmt-count");
        Stateid4 open = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
        Stateid4 lock = Res.lockStateid(Res.ok(s.seq(list(root("rw"), lookup(file),
                lockNew(WRITE_LT, 0, 10, open, s.owner("l"))))));
        com.fasterxml.jackson.databind.JsonNode me = client(s);
        assertThat(me.get("sessions").asInt()).isEqualTo(1);
        assertThat(me.get("confirmed").asBoolean()).isTrue();
        assertThat(me.get("openStateids").asInt()).isEqualTo(1);
        assertThat(me.get("lockStateids").asInt()).isEqualTo(1);
        assertThat(me.get("leaseRemainingMillis").asLong()).isPositive().isLessThanOrEqualTo(60_000);

        assertOk(s.seq(list(root("rw"), lookup(file), locku(WRITE_LT, lock, 0, 10))));
        assertOk(s.seq(freeStateid(new Stateid4(0, lock.other()))));
        me = client(s);
        assertThat(me.get("openStateids").asInt()).isEqualTo(1);
        assertThat(me.get("lockStateids").asInt()).isZero();
        assertOk(s.seq(list(root("rw"), lookup(file), close(open))));
        assertThat(client(s).get("openStateids").asInt()).isZero();
        s.destroy();
    }

    private com.fasterxml.jackson.databind.JsonNode client(Session s) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode c : gw.clients().get("clients")) {
            if (c.get("clientId").asText().equals(s.clientIdHex())) {
                return c;
            }
        }
        throw new AssertionError("client " + s.clientIdHex() + " not listed: " + gw.clients());
    }

    /** TEST_STATEID as an assertion. */
    static final class TestStateidCheck {
        static void assertValid(Session s, Stateid4 sid) throws IOException {
            org.cephgw.protocol.nfs4.TEST_STATEID4res t = Res.get(Res.ok(s.seq(testStateid(sid))),
                    org.cephgw.protocol.nfs4.TEST_STATEID4res.class);
            assertThat(Res.name(t.statusCodes()[0])).isEqualTo("NFS4_OK");
        }
    }
}
