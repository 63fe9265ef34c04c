package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cephgw.client.NfsClient;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.Entry4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.OPEN4res;
import org.cephgw.protocol.nfs4.READDIR4res;
import org.cephgw.protocol.nfs4.SEEK4res;
import org.cephgw.protocol.nfs4.SETATTR4res;
import org.cephgw.protocol.nfs4.Stateid4;
import org.junit.jupiter.api.Test;

/** File and directory operations a kernel workload rarely reaches (RFC 8881 §18, RFC 7862 §15). */
class FileOpsTest extends GatewayTestBase {

    private Stateid4 create(Session s, String export, String file) throws IOException {
        return Res.openStateid(Res.ok(s.seq(list(root(export), openCreate(s.owner("o"), file,
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, unchecked())))));
    }

    // ------------------------------------------------------------------ VERIFY / NVERIFY

    @Test
    void verifyAndNverifyCompareAttributes() throws IOException {
        Session s = newSession("verify");
        String file = unique("verify");
        Files.writeString(gw.rw.resolve(file), "12345");
        NfsAttrs right = new NfsAttrs().size(5).type(NF4REG);
        NfsAttrs wrong = new NfsAttrs().size(6).type(NF4REG);

        assertOk(s.seq(list(root("rw"), lookup(file), verify(right), getfh())));
        COMPOUND4res notSame = s.seq(list(root("rw"), lookup(file), verify(wrong), getfh()));
        assertFailed(notSame, OP_VERIFY, NfsStat4.NFS4ERR_NOT_SAME);
        assertThat(notSame.resarray()).as("GETFH after the failed VERIFY did not run").hasSize(5);

        assertFailed(s.seq(list(root("rw"), lookup(file), nverify(right), getfh())), OP_NVERIFY, NfsStat4.NFS4ERR_SAME);
        assertOk(s.seq(list(root("rw"), lookup(file), nverify(wrong), getfh())));
        // rdattr_error cannot be compared
        assertFailed(s.seq(list(root("rw"), lookup(file), verify(new NfsAttrs().rdattrError(0)))), OP_VERIFY, NfsStat4.NFS4ERR_INVAL);
    }

    // ------------------------------------------------------------------ names

    @Test
    void badAndOverlongNamesAreRefused() throws IOException {
        Session s = newSession("names");
        assertFailed(s.seq(list(root("rw"), lookup("."))), OP_LOOKUP, NfsStat4.NFS4ERR_BADNAME);
        assertFailed(s.seq(list(root("rw"), lookup(".."))), OP_LOOKUP, NfsStat4.NFS4ERR_BADNAME);
        assertFailed(s.seq(list(root("rw"), lookup("a/b"))), OP_LOOKUP, NfsStat4.NFS4ERR_BADNAME);
        assertFailed(s.seq(list(root("rw"), lookup(""))), OP_LOOKUP, NfsStat4.NFS4ERR_INVAL);
        String tooLong = "n".repeat(256);
        assertFailed(s.seq(list(root("rw"), lookup(tooLong))), OP_LOOKUP, NfsStat4.NFS4ERR_NAMETOOLONG);
        assertFailed(s.seq(list(root("rw"), mkdir(tooLong))), OP_CREATE, NfsStat4.NFS4ERR_NAMETOOLONG);
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), tooLong, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))), OP_OPEN, NfsStat4.NFS4ERR_NAMETOOLONG);
        // 255 bytes is allowed (multi-byte characters count in bytes)
        String longest = "é".repeat(127) + "x";
        assertOk(s.seq(list(root("rw"), mkdir(longest))));
        assertThat(Files.isDirectory(gw.rw.resolve(longest))).isTrue();
        assertFailed(s.seq(list(root("rw"), mkdir("é".repeat(128)))), OP_CREATE, NfsStat4.NFS4ERR_NAMETOOLONG);
        // a missing name is NOENT, not one of the above
        assertFailed(s.seq(list(root("rw"), lookup(unique("missing")))), OP_LOOKUP, NfsStat4.NFS4ERR_NOENT);
    }

    // ------------------------------------------------------------------ RENAME

    @Test
    void renameNeedsASavedHandleInTheSameExport() throws IOException {
        Session s = newSession("rename");
        String file = unique("rename");
        Files.writeString(gw.rw.resolve(file), "moving");
        byte[] rwRoot = Res.fh(Res.ok(s.seq(list(root("rw"), getfh()))));
        byte[] squashRoot = Res.fh(Res.ok(s.seq(list(root("squash"), getfh()))));

        assertFailed(s.seq(putfh(rwRoot), savefh(), putfh(squashRoot), rename(file, "elsewhere")),
                OP_RENAME, NfsStat4.NFS4ERR_XDEV);
        assertThat(Files.exists(gw.rw.resolve(file))).isTrue();
        // no saved filehandle at all
        assertFailed(s.seq(putfh(rwRoot), rename(file, "elsewhere")), OP_RENAME, NfsStat4.NFS4ERR_NOFILEHANDLE);
        assertFailed(s.seq(putfh(rwRoot), restorefh()), OP_RESTOREFH, NfsStat4.NFS4ERR_RESTOREFH);

        String target = unique("renamed");
        assertOk(s.seq(putfh(rwRoot), savefh(), putfh(rwRoot), rename(file, target)));
        assertThat(Files.exists(gw.rw.resolve(file))).isFalse();
        assertThat(Files.readString(gw.rw.resolve(target))).isEqualTo("moving");
        assertFailed(s.seq(putfh(rwRoot), savefh(), putfh(rwRoot), rename(file, target)), OP_RENAME, NfsStat4.NFS4ERR_NOENT);
    }

    // ------------------------------------------------------------------ READDIR

    @Test
    void readdirResumesByCookieOverAManyCallListing() throws IOException {
        Session s = newSession("readdir");
        String dir = unique("bigdir");
        Path d = Files.createDirectory(gw.rw.resolve(dir));
        int n = 3000;
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = "entry-" + i + "-" + "x".repeat(i % 40);
            Files.createFile(d.resolve(name));
            expected.add(name);
        }
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(dir), getfh()))));

        List<String> seen = new ArrayList<>();
        Set<String> removed = new HashSet<>();
        long cookie = 0;
        byte[] verifier = new byte[8];
        int calls = 0;
        boolean eof = false;
        while (!eof) {
            COMPOUND4res res = s.seq(putfh(fh), readdir(cookie, verifier, 2048, 4096, FATTR4_TYPE, FATTR4_FILEID));
            assertOk(res);
            READDIR4res rd = Res.get(res, READDIR4res.class);
            // maxcount bounds the whole READDIR4resok (§18.23.2)
            org.cephgw.protocol.xdr.XdrEncoder x = new org.cephgw.protocol.xdr.XdrEncoder();
            rd.resok().encode(x);
            assertThat(x.position()).as("READDIR4resok bytes").isLessThanOrEqualTo(4096);
            List<Entry4> entries = rd.resok().reply().entries();
            eof = rd.resok().reply().eof();
            assertThat(entries.isEmpty() && !eof).as("a call that returns nothing must be the last").isFalse();
            for (Entry4 e : entries) {
                seen.add(e.name());
                assertThat(NfsAttrs.decode(e.attrs()).type()).isEqualTo(NF4REG);
                cookie = e.cookie();
            }
            verifier = rd.resok().cookieverf();
            calls++;
            if (calls == 3) {
                // entries removed behind the listing (the one resumed from, too) do not disturb it
                for (int k = 0; k < 2 && k < entries.size(); k++) {
                    String gone = entries.get(entries.size() - 1 - k).name();
                    Files.delete(d.resolve(gone));
                    removed.add(gone);
                }
            }
            assertThat(calls).as("READDIR calls").isLessThan(n);
        }
        assertThat(calls).as("a listing in many pieces").isGreaterThan(10);
        assertThat(seen).doesNotContain(".", "..").doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
        assertThat(removed).hasSize(2);

        // a maxcount that cannot hold a single entry
        COMPOUND4res small = s.seq(putfh(fh), readdir(0, new byte[8], 0, 16, FATTR4_TYPE));
        assertFailed(small, OP_READDIR, NfsStat4.NFS4ERR_TOOSMALL);
        // READDIR of a file is NOTDIR
        String aFile = seen.stream().filter(x -> !removed.contains(x)).findFirst().orElseThrow();
        assertFailed(s.seq(putfh(fh), lookup(aFile), readdir(0, new byte[8], 0, 4096)), OP_READDIR, NfsStat4.NFS4ERR_NOTDIR);
    }

    // ------------------------------------------------------------------ OPEN create modes

    @Test
    void exclusiveCreateIsIdempotentForItsVerifierOnly() throws IOException {
        Session s = newSession("excl");
        String file = unique("excl");
        byte[] verf = {1, 2, 3, 4, 5, 6, 7, 8};
        COMPOUND4res first = s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, exclusive41(verf)), getfh()));
        assertOk(first);
        byte[] fh = Res.fh(first);
        Stateid4 sid = Res.openStateid(first);
        assertOk(s.seq(putfh(fh), close(sid)));

        // the retry of the same create (same verifier, e.g. after a lost reply) opens the same file
        COMPOUND4res retry = s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, exclusive41(verf)), getfh()));
        assertOk(retry);
        assertThat(Res.fh(retry)).isEqualTo(fh);
        assertOk(s.seq(putfh(fh), close(Res.openStateid(retry))));

        byte[] other = {8, 7, 6, 5, 4, 3, 2, 1};
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, exclusive41(other)))), OP_OPEN, NfsStat4.NFS4ERR_EXIST);
        // a file that was not created exclusively is EXIST for any verifier
        String plain = unique("excl-plain");
        Files.writeString(gw.rw.resolve(plain), "plain");
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), plain, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, exclusive41(verf)))), OP_OPEN, NfsStat4.NFS4ERR_EXIST);
    }

    @Test
    void guardedCreateOfAnExistingFileIsExistAndUncheckedOpensIt() throws IOException {
        Session s = newSession("guarded");
        String file = unique("guarded");
        Files.writeString(gw.rw.resolve(file), "kept");
        assertFailed(s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, guarded()))), OP_OPEN, NfsStat4.NFS4ERR_EXIST);
        COMPOUND4res unchecked = s.seq(list(root("rw"), openCreate(s.owner("o"), file, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked())));
        assertOk(unchecked);
        assertThat(Res.get(unchecked, OPEN4res.class).resok().attrset().isSet(FATTR4_MODE))
                .as("nothing was created, so no attribute was set").isFalse();
        assertThat(Files.readString(gw.rw.resolve(file))).as("UNCHECKED without a size leaves the data").isEqualTo("kept");
        // a new name is created by GUARDED
        String fresh = unique("guarded-new");
        long dirChange = Res.attrs(Res.ok(s.seq(list(root("rw"), getattr(FATTR4_CHANGE))))).change();
        COMPOUND4res created = s.seq(list(root("rw"), openCreate(s.owner("o"), fresh, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, guarded())));
        assertOk(created);
        org.cephgw.protocol.nfs4.OPEN4resok ok = Res.get(created, OPEN4res.class).resok();
        assertThat(ok.attrset().isSet(FATTR4_MODE)).as("the mode was set at creation").isTrue();
        assertThat(Files.getPosixFilePermissions(gw.rw.resolve(fresh))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        // the directory's change_info brackets the creation
        assertThat(ok.cinfo().before()).isNotEqualTo(ok.cinfo().after());
        assertThat(Long.compareUnsigned(ok.cinfo().before(), dirChange)).isGreaterThanOrEqualTo(0);
        assertThat(Res.attrs(Res.ok(s.seq(list(root("rw"), getattr(FATTR4_CHANGE))))).change()).isEqualTo(ok.cinfo().after());
        assertThat(Files.isRegularFile(gw.rw.resolve(fresh))).isTrue();
        // CREATE of a directory over an existing name
        assertFailed(s.seq(list(root("rw"), mkdir(file))), OP_CREATE, NfsStat4.NFS4ERR_EXIST);
    }

    // ------------------------------------------------------------------ attributes

    @Test
    void setattrOfAReadOnlyAttributeIsInval() throws IOException {
        Session s = newSession("setattr");
        String file = unique("setattr");
        Files.writeString(gw.rw.resolve(file), "x");
        assertFailed(s.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().type(NF4DIR)))),
                OP_SETATTR, NfsStat4.NFS4ERR_INVAL);
        assertFailed(s.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().change(42)))),
                OP_SETATTR, NfsStat4.NFS4ERR_INVAL);
        assertFailed(s.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().fileid(7).mode(0600)))),
                OP_SETATTR, NfsStat4.NFS4ERR_INVAL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gw.rw.resolve(file))))
                .as("nothing of a refused SETATTR is applied").isNotEqualTo("rw-------");
        // a settable one works and says so
        COMPOUND4res ok = s.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0600)),
                getattr(FATTR4_MODE)));
        assertOk(ok);
        assertThat(Res.get(ok, SETATTR4res.class).attrsset().isSet(FATTR4_MODE)).isTrue();
        assertThat(Res.attrs(ok).mode()).isEqualTo(0600);
    }

    @Test
    void theChangeAttributeIncreasesWithEveryWrite() throws IOException {
        Session s = newSession("change");
        String file = unique("change");
        Stateid4 sid = create(s, "rw", file);
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        long last = Res.attrs(Res.ok(s.seq(putfh(fh), getattr(FATTR4_CHANGE)))).change();
        for (int i = 0; i < 20; i++) {
            COMPOUND4res r = s.seq(putfh(fh), write(sid, i, new byte[] {(byte) i}), getattr(FATTR4_CHANGE));
            assertOk(r);
            long now = Res.attrs(r).change();
            assertThat(Long.compareUnsigned(now, last)).as("change after write %d: %d then %d", i, last, now).isPositive();
            last = now;
        }
        // a READ changes nothing
        COMPOUND4res r = s.seq(putfh(fh), read(sid, 0, 20), getattr(FATTR4_CHANGE));
        assertThat(Res.attrs(r).change()).isEqualTo(last);
        assertOk(s.seq(putfh(fh), close(sid)));
    }

    // ------------------------------------------------------------------ identities and exports

    @Test
    void anUnprivilegedUserCannotWriteARootOwnedFile() throws IOException {
        String file = unique("rootfile");
        Path p = gw.rw.resolve(file);
        Files.writeString(p, "root's");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));

        NfsClient c = connect();
        Session s = Session.open(c, unique("uid1000"));
        c.authSys(1000, 1000);
        assertFailed(s.seq(list(root("rw"), open(s.owner("o"), file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_ACCESS);
        assertFailed(s.seq(list(root("rw"), lookup(file), write(Stateid4.ANONYMOUS, 0, "mine"))), OP_WRITE, NfsStat4.NFS4ERR_ACCESS);
        assertFailed(s.seq(list(root("rw"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0666)))),
                OP_SETATTR, NfsStat4.NFS4ERR_PERM);
        assertThat(Files.readString(p)).isEqualTo("root's");
        // reading is allowed
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("rw"),
                open(s.owner("o"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)))));
        assertThat(Res.readString(Res.ok(s.seq(list(root("rw"), lookup(file), read(sid, 0, 100)))))).isEqualTo("root's");
        // and root (no squashing on this export) may write
        c.authSys(0, 0);
        assertOk(s.seq(list(root("rw"), lookup(file), write(Stateid4.ANONYMOUS, 0, "ROOT"))));
        assertThat(Files.readString(p)).isEqualTo("ROOT's");
        // files uid 1000 creates are its own
        c.authSys(1000, 1000);
        String own = unique("own");
        create(s, "rw", own);
        assertThat(Files.getAttribute(gw.rw.resolve(own), "unix:uid")).isEqualTo(1000);
        assertThat(Res.attrs(Res.ok(s.seq(list(root("rw"), lookup(own), getattr(FATTR4_OWNER))))).owner()).isEqualTo("1000");
    }

    @Test
    void rootIsSquashedOnASquashingExport() throws IOException {
        Session s = newSession("squash");
        String file = unique("squashed");
        create(s, "squash", file);
        Path p = gw.squash.resolve(file);
        assertThat(Files.getAttribute(p, "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(p, "unix:gid")).isEqualTo(65534);
        assertThat(Res.attrs(Res.ok(s.seq(list(root("squash"), lookup(file), getattr(FATTR4_OWNER, FATTR4_OWNER_GROUP))))).owner())
                .isEqualTo("65534");
        // the same caller is root on the other export
        String there = unique("unsquashed");
        create(s, "rw", there);
        assertThat(Files.getAttribute(gw.rw.resolve(there), "unix:uid")).isEqualTo(0);
        // squashed root cannot write a root-owned file
        String rootFile = unique("squash-rootfile");
        Files.writeString(gw.squash.resolve(rootFile), "r");
        Files.setPosixFilePermissions(gw.squash.resolve(rootFile), PosixFilePermissions.fromString("rw-r--r--"));
        assertFailed(s.seq(list(root("squash"), open(s.owner("o"), rootFile, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_ACCESS);
    }

    @Test
    void aReadOnlyExportRefusesModifications() throws IOException {
        Session s = newSession("ro");
        String file = unique("ro");
        Files.writeString(gw.ro.resolve(file), "read me");
        assertFailed(s.seq(list(root("ro"), openCreate(s.owner("o"), unique("ro-new"), OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, unchecked()))), OP_OPEN, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), open(s.owner("o"), file, OPEN4_SHARE_ACCESS_WRITE, OPEN4_SHARE_DENY_NONE))),
                OP_OPEN, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), mkdir(unique("ro-dir")))), OP_CREATE, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), remove(file))), OP_REMOVE, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), lookup(file), setattr(Stateid4.ANONYMOUS, new NfsAttrs().mode(0600)))),
                OP_SETATTR, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), lookup(file), write(Stateid4.ANONYMOUS, 0, "no"))), OP_WRITE, NfsStat4.NFS4ERR_ROFS);
        assertFailed(s.seq(list(root("ro"), savefh(), rename(file, "other"))), OP_RENAME, NfsStat4.NFS4ERR_ROFS);
        assertThat(Files.readString(gw.ro.resolve(file))).isEqualTo("read me");
        assertThat(Files.list(gw.ro).count()).isEqualTo(1);
        // reading works
        Stateid4 sid = Res.openStateid(Res.ok(s.seq(list(root("ro"),
                open(s.owner("o"), file, OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)))));
        assertThat(Res.readString(Res.ok(s.seq(list(root("ro"), lookup(file), read(sid, 0, 100)))))).isEqualTo("read me");
    }

    @Test
    void accessReportsWhatTheCallerMayDo() throws IOException {
        String file = unique("access");
        Path p = gw.rw.resolve(file);
        Files.writeString(p, "a");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        NfsClient c = connect();
        Session s = Session.open(c, unique("access"));
        int asked = ACCESS4_READ | ACCESS4_MODIFY | ACCESS4_EXTEND | ACCESS4_EXECUTE;
        org.cephgw.protocol.nfs4.ACCESS4res root = Res.get(Res.ok(s.seq(list(root("rw"), lookup(file),
                new org.cephgw.protocol.nfs4.ACCESS4args(asked)))), org.cephgw.protocol.nfs4.ACCESS4res.class);
        assertThat(root.resok().access() & (ACCESS4_READ | ACCESS4_MODIFY | ACCESS4_EXTEND))
                .isEqualTo(ACCESS4_READ | ACCESS4_MODIFY | ACCESS4_EXTEND);
        c.authSys(1000, 1000);
        org.cephgw.protocol.nfs4.ACCESS4res user = Res.get(Res.ok(s.seq(list(root("rw"), lookup(file),
                new org.cephgw.protocol.nfs4.ACCESS4args(asked)))), org.cephgw.protocol.nfs4.ACCESS4res.class);
        assertThat(user.resok().supported() & asked).isEqualTo(asked);
        assertThat(user.resok().access()).isEqualTo(ACCESS4_READ);
    }

    @Test
    void authNoneIsTheAnonymousUser() throws IOException {
        NfsClient c = connect();
        Session s = Session.open(c, unique("authnone"));
        c.authNone();
        String file = unique("authnone");
        create(s, "rw", file);
        assertThat(Files.getAttribute(gw.rw.resolve(file), "unix:uid")).isEqualTo(65534);
    }

    @Test
    void readdirOfThePseudoRootListsTheExports() throws IOException {
        Session s = newSession("pseudo");
        COMPOUND4res res = s.seq(putrootfh(), readdir(0, new byte[8], 0, 8192, FATTR4_TYPE, FATTR4_FSID));
        assertOk(res);
        READDIR4res rd = Res.get(res, READDIR4res.class);
        assertThat(rd.resok().reply().eof()).isTrue();
        assertThat(rd.resok().reply().entries()).extracting(Entry4::name).containsExactlyInAnyOrder("rw", "squash", "ro");
        for (Entry4 e : rd.resok().reply().entries()) {
            assertThat(NfsAttrs.decode(e.attrs()).type()).isEqualTo(NF4DIR);
        }
        assertFailed(s.seq(putrootfh(), readdir(1, new byte[8], 0, 8192)), OP_READDIR, NfsStat4.NFS4ERR_BAD_COOKIE);
        // the pseudo file system is read-only
        assertFailed(s.seq(putrootfh(), mkdir(unique("pseudo-dir"))), OP_CREATE, NfsStat4.NFS4ERR_ROFS);
    }

    @Test
    void maxreadAndMaxwriteFitTheLimitsEvenWithTheLargestCredential() throws IOException {
        NfsClient c = connect();
        Session s = new Session(c, unique("maxio"));
        s.exchangeId();
        // ask for everything: the session gets the server's limits
        assertThat(Res.name(s.createSession(new org.cephgw.protocol.nfs4.ChannelAttrs4(0, 64 << 20, 64 << 20, 65536, 16, 4,
                null)).status())).isEqualTo("NFS4_OK");
        assertOk(s.reclaimComplete());
        String file = unique("maxio");
        Stateid4 sid = create(s, "rw", file);
        COMPOUND4res a = Res.ok(s.seq(list(root("rw"), lookup(file), getfh(), getattr(FATTR4_MAXREAD, FATTR4_MAXWRITE))));
        byte[] fh = Res.fh(a);
        long maxWrite = Res.attrs(a).maxwrite();
        long maxRead = Res.attrs(a).maxread();
        assertThat(maxWrite).isPositive().isLessThanOrEqualTo(TestGateway.MAX_RECORD);
        assertThat(maxRead).isPositive().isLessThanOrEqualTo(TestGateway.MAX_RECORD);
        // the biggest AUTH_SYS credential there is: 255-byte machine name, 16 groups
        int[] gids = new int[16];
        java.util.Arrays.fill(gids, 4242);
        c.authSysFrom("m".repeat(255), 0, 0, gids);
        byte[] data = new byte[(int) maxWrite];
        new java.util.Random(7).nextBytes(data);
        COMPOUND4res w = s.seq(putfh(fh), write(sid, 0, data), getattr(FATTR4_SIZE));
        assertOk(w);
        assertThat(Res.get(w, org.cephgw.protocol.nfs4.WRITE4res.class).resok().count()).isEqualTo((int) maxWrite);
        COMPOUND4res r = s.seq(putfh(fh), read(sid, 0, (int) maxRead), getattr(FATTR4_SIZE, FATTR4_CHANGE));
        assertOk(r);
        assertThat(Res.readData(r)).hasSize((int) Math.min(maxRead, maxWrite));
        assertThat(Res.readData(r)).isEqualTo(java.util.Arrays.copyOf(data, (int) Math.min(maxRead, maxWrite)));
    }

    @Test
    void eachExportIsAFileSystemOfItsOwn() throws IOException {
        Session s = newSession("fsid");
        org.cephgw.protocol.nfs4.Fsid4 pseudo = Res.attrs(Res.ok(s.seq(putrootfh(), getattr(FATTR4_FSID)))).fsid();
        org.cephgw.protocol.nfs4.Fsid4 rw = Res.attrs(Res.ok(s.seq(list(root("rw"), getattr(FATTR4_FSID))))).fsid();
        org.cephgw.protocol.nfs4.Fsid4 sq = Res.attrs(Res.ok(s.seq(list(root("squash"), getattr(FATTR4_FSID))))).fsid();
        assertThat(java.util.Set.of(pseudo, rw, sq)).hasSize(3);
        Files.createDirectories(gw.rw.resolve(unique("fsid-sub")));
        assertThat(Res.attrs(Res.ok(s.seq(list(root("rw"), getattr(FATTR4_FSID))))).fsid()).isEqualTo(rw);
    }

    // ------------------------------------------------------------------ NFSv4.2

    @Test
    void seekAllocateAndDeallocateInMinorVersionTwo() throws IOException {
        Session s = newSession("v42");
        String file = unique("v42");
        Stateid4 sid = create(s, "rw", file);
        byte[] fh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(file), getfh()))));
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 'd');
        // data at 0..64K and 1M..1M+64K, a hole between
        assertOk(s.seq(putfh(fh), write(sid, 0, block), write(sid, 1 << 20, block)));

        SEEK4res data = Res.get(Res.ok(s.seqMinor(2, putfh(fh), seek(sid, 0, NFS4_CONTENT_DATA))), SEEK4res.class);
        assertThat(data.resok().offset()).isZero();
        SEEK4res hole = Res.get(Res.ok(s.seqMinor(2, putfh(fh), seek(sid, 0, NFS4_CONTENT_HOLE))), SEEK4res.class);
        assertThat(hole.resok().offset()).isEqualTo(64 * 1024);
        SEEK4res next = Res.get(Res.ok(s.seqMinor(2, putfh(fh), seek(sid, 100 * 1024, NFS4_CONTENT_DATA))), SEEK4res.class);
        assertThat(next.resok().offset()).isEqualTo(1 << 20);
        assertFailed(s.seqMinor(2, putfh(fh), seek(sid, 2 << 20, NFS4_CONTENT_DATA)), OP_SEEK, NfsStat4.NFS4ERR_NXIO);

        // DEALLOCATE punches a hole (zeros, same size); ALLOCATE grows the file
        assertOk(s.seqMinor(2, putfh(fh), deallocate(sid, 4096, 8192)));
        COMPOUND4res r = s.seq(putfh(fh), read(sid, 0, 16384), getattr(FATTR4_SIZE));
        byte[] got = Res.readData(r);
        assertThat(got[4095]).isEqualTo((byte) 'd');
        assertThat(java.util.Arrays.copyOfRange(got, 4096, 12288)).containsOnly(0);
        assertThat(got[12288]).isEqualTo((byte) 'd');
        assertThat(Res.attrs(r).size()).isEqualTo((1 << 20) + 64 * 1024);
        assertOk(s.seqMinor(2, putfh(fh), allocate(sid, 0, 4 << 20), getattr(FATTR4_SIZE)));
        assertThat(Files.size(gw.rw.resolve(file))).isEqualTo(4 << 20);

        // ALLOCATE and SEEK do not exist in 4.1
        COMPOUND4res v41 = s.seqMinor(1, putfh(fh), allocate(sid, 0, 1));
        assertThat(Res.status(v41)).isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.last(v41).opnum()).isEqualTo(OP_ILLEGAL);
        assertThat(Res.status(s.seqMinor(1, putfh(fh), seek(sid, 0, NFS4_CONTENT_DATA)))).isEqualTo("NFS4ERR_OP_ILLEGAL");
        // a read-only open cannot allocate
        Stateid4 ro = Res.openStateid(Res.ok(s.seq(list(root("rw"), open(s.owner("reader"), file, OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE)))));
        assertFailed(s.seqMinor(2, putfh(fh), allocate(ro, 0, 8 << 20)), OP_ALLOCATE, NfsStat4.NFS4ERR_OPENMODE);
        assertThat(Res.get(Res.ok(s.seq(list(root("rw"), open(s.owner("reader2"), file, OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE)))), OPEN4res.class).resok().rflags() & OPEN4_RESULT_LOCKTYPE_POSIX).isNotZero();
    }
}
