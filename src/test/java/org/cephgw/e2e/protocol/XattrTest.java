package org.cephgw.e2e.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.client.Ops.*;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;
import static org.cephgw.protocol.nfs4.NfsOpnum4.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import org.cephgw.client.Res;
import org.cephgw.client.Session;
import org.cephgw.protocol.nfs4.COMPOUND4res;
import org.cephgw.protocol.nfs4.ChangeInfo4;
import org.cephgw.protocol.nfs4.GETXATTR4res;
import org.cephgw.protocol.nfs4.LISTXATTRS4res;
import org.cephgw.protocol.nfs4.LISTXATTRS4resok;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.REMOVEXATTR4res;
import org.cephgw.protocol.nfs4.SETXATTR4res;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.junit.jupiter.api.Test;

/**
 * The extended-attribute operations of RFC 8276 (NFSv4.2) over the local back end: NFS names
 * are the file's "user." attributes, so what a client sets is what local processes see.
 */
class XattrTest extends GatewayTestBase {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static UserDefinedFileAttributeView onDisk(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
    }

    private static byte[] readOnDisk(Path p, String name) throws IOException {
        UserDefinedFileAttributeView v = onDisk(p);
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        return b.array();
    }

    private static void writeOnDisk(Path p, String name, String value) throws IOException {
        onDisk(p).write(name, ByteBuffer.wrap(utf8(value)));
    }

    /** A new file in the export's directory; its filehandle. */
    private byte[] file(Session s, String export, Path dir, String name) throws IOException {
        Files.writeString(dir.resolve(name), "data");
        return Res.fh(Res.ok(s.seq(list(root(export), lookup(name), getfh()))));
    }

    private static COMPOUND4res v42(Session s, Object... ops) throws IOException {
        return s.seqMinor(2, list(ops));
    }

    private static long change(Session s, byte[] fh) throws IOException {
        return Res.attrs(Res.ok(s.seqMinor(2, putfh(fh), getattr(FATTR4_CHANGE)))).change();
    }

    // ------------------------------------------------------------------ SETXATTR / GETXATTR

    @Test
    void setCreateReplaceEitherAndGet() throws IOException {
        Session s = newSession("xattr-set");
        String name = unique("xf");
        Path path = gw.rw.resolve(name);
        byte[] fh = file(s, "rw", gw.rw, name);

        long before = change(s, fh);
        COMPOUND4res created = v42(s, putfh(fh), setxattr(SETXATTR4_CREATE, "color", utf8("blue")));
        ChangeInfo4 info = Res.get(Res.ok(created), SETXATTR4res.class).info();
        assertThat(info.before()).isEqualTo(before);
        assertThat(info.after()).isGreaterThan(info.before());
        assertThat(change(s, fh)).isEqualTo(info.after());
        // the client's name is the file's user.<name>
        assertThat(readOnDisk(path, "color")).isEqualTo(utf8("blue"));
        assertThat(Res.get(Res.ok(v42(s, putfh(fh), getxattr("color"))), GETXATTR4res.class).value())
                .isEqualTo(utf8("blue"));

        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_CREATE, "color", utf8("red"))), OP_SETXATTR,
                NfsStat4.NFS4ERR_EXIST);
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_REPLACE, "shape", utf8("round"))), OP_SETXATTR,
                NfsStat4.NFS4ERR_NOXATTR);
        assertThat(onDisk(path).list()).containsExactly("color");

        assertOk(v42(s, putfh(fh), setxattr(SETXATTR4_REPLACE, "color", utf8("green"))));
        assertThat(readOnDisk(path, "color")).isEqualTo(utf8("green"));
        assertOk(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "color", utf8("cyan"))));
        assertOk(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "shape", new byte[0])));
        assertThat(readOnDisk(path, "color")).isEqualTo(utf8("cyan"));
        assertThat(readOnDisk(path, "shape")).isEmpty();

        // several in one COMPOUND, read back in the same one
        COMPOUND4res both = Res.ok(v42(s, putfh(fh), getxattr("color"), getxattr("shape")));
        assertThat(((GETXATTR4res) both.resarray().get(2)).value()).isEqualTo(utf8("cyan"));
        assertThat(((GETXATTR4res) both.resarray().get(3)).value()).isEmpty();
    }

    @Test
    void attributesOfLocalProcessesAreSeenAndMissingOnesAreNoxattr() throws IOException {
        Session s = newSession("xattr-get");
        String name = unique("xg");
        byte[] fh = file(s, "rw", gw.rw, name);
        writeOnDisk(gw.rw.resolve(name), "from-local", "hello");
        assertThat(Res.get(Res.ok(v42(s, putfh(fh), getxattr("from-local"))), GETXATTR4res.class).value())
                .isEqualTo(utf8("hello"));
        assertFailed(v42(s, putfh(fh), getxattr("missing")), OP_GETXATTR, NfsStat4.NFS4ERR_NOXATTR);
        // the namespace is not the client's to choose: this is user.user.from-local
        assertFailed(v42(s, putfh(fh), getxattr("user.from-local")), OP_GETXATTR, NfsStat4.NFS4ERR_NOXATTR);
    }

    @Test
    void badNamesValuesAndOptionsAreRefused() throws IOException {
        Session s = newSession("xattr-bad");
        byte[] fh = file(s, "rw", gw.rw, unique("xb"));
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_INVAL);
        assertFailed(v42(s, putfh(fh), getxattr("")), OP_GETXATTR, NfsStat4.NFS4ERR_INVAL);
        // 255 bytes with "user." is the most Linux keeps
        assertOk(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "n".repeat(250), utf8("v"))));
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "n".repeat(251), utf8("v"))), OP_SETXATTR,
                NfsStat4.NFS4ERR_NAMETOOLONG);
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "big", new byte[65537])), OP_SETXATTR,
                NfsStat4.NFS4ERR_XATTR2BIG);
        assertFailed(v42(s, putfh(fh), setxattr(7, "odd", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_INVAL);
    }

    // ------------------------------------------------------------------ LISTXATTRS

    @Test
    void listPagesByCookie() throws IOException {
        Session s = newSession("xattr-list");
        String name = unique("xl");
        byte[] fh = file(s, "rw", gw.rw, name);
        Path path = gw.rw.resolve(name);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String n = "attr-" + (char) ('a' + i) + "-" + "x".repeat(i % 5);
            writeOnDisk(path, n, Integer.toString(i));
            expected.add(n);
        }
        expected.sort(null);

        // everything at once
        LISTXATTRS4resok all = Res.get(Res.ok(v42(s, putfh(fh), listxattrs(0, 64 * 1024))), LISTXATTRS4res.class).resok();
        assertThat(all.names()).containsExactlyElementsOf(expected);
        assertThat(all.eof()).isTrue();
        assertThat(all.cookie()).isEqualTo(expected.size());

        // pages of a few names; maxcount bounds the whole LISTXATTRS4resok
        int maxcount = 16 + 3 * 16;
        List<String> seen = new ArrayList<>();
        long cookie = 0;
        int calls = 0;
        boolean eof = false;
        while (!eof) {
            LISTXATTRS4resok page = Res.get(Res.ok(v42(s, putfh(fh), listxattrs(cookie, maxcount))),
                    LISTXATTRS4res.class).resok();
            XdrEncoder x = new XdrEncoder();
            page.encode(x);
            assertThat(x.position()).as("LISTXATTRS4resok bytes").isLessThanOrEqualTo(maxcount);
            assertThat(page.names()).isNotEmpty();
            seen.addAll(page.names());
            assertThat(page.cookie()).isEqualTo(cookie + page.names().size());
            cookie = page.cookie();
            eof = page.eof();
            calls++;
            assertThat(calls).isLessThan(100);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(calls).isGreaterThan(5);

        // at the end: nothing more; past it: a cookie that names no position
        LISTXATTRS4resok end = Res.get(Res.ok(v42(s, putfh(fh), listxattrs(expected.size(), maxcount))),
                LISTXATTRS4res.class).resok();
        assertThat(end.names()).isEmpty();
        assertThat(end.eof()).isTrue();
        assertFailed(v42(s, putfh(fh), listxattrs(expected.size() + 1, maxcount)), OP_LISTXATTRS,
                NfsStat4.NFS4ERR_BAD_COOKIE);
        assertFailed(v42(s, putfh(fh), listxattrs(-1, maxcount)), OP_LISTXATTRS, NfsStat4.NFS4ERR_BAD_COOKIE);

        // too small for even one name
        String first = expected.get(0);
        int oneName = 16 + 4 + ((first.length() + 3) & ~3);
        assertFailed(v42(s, putfh(fh), listxattrs(0, oneName - 1)), OP_LISTXATTRS, NfsStat4.NFS4ERR_TOOSMALL);
        assertFailed(v42(s, putfh(fh), listxattrs(0, 0)), OP_LISTXATTRS, NfsStat4.NFS4ERR_TOOSMALL);
        LISTXATTRS4resok one = Res.get(Res.ok(v42(s, putfh(fh), listxattrs(0, oneName))), LISTXATTRS4res.class).resok();
        assertThat(one.names()).containsExactly(first);
        assertThat(one.eof()).isFalse();
        assertThat(one.cookie()).isEqualTo(1);
    }

    @Test
    void aFileWithoutAttributesListsNothing() throws IOException {
        Session s = newSession("xattr-empty");
        byte[] fh = file(s, "rw", gw.rw, unique("xe"));
        LISTXATTRS4resok r = Res.get(Res.ok(v42(s, putfh(fh), listxattrs(0, 1024))), LISTXATTRS4res.class).resok();
        assertThat(r.names()).isEmpty();
        assertThat(r.eof()).isTrue();
        assertThat(r.cookie()).isZero();
        // directories have them too
        String dir = unique("xdir");
        Files.createDirectory(gw.rw.resolve(dir));
        byte[] dfh = Res.fh(Res.ok(s.seq(list(root("rw"), lookup(dir), getfh()))));
        assertOk(v42(s, putfh(dfh), setxattr(SETXATTR4_CREATE, "on-dir", utf8("yes"))));
        assertThat(Res.get(Res.ok(v42(s, putfh(dfh), listxattrs(0, 1024))), LISTXATTRS4res.class).resok().names())
                .containsExactly("on-dir");
        assertThat(readOnDisk(gw.rw.resolve(dir), "on-dir")).isEqualTo(utf8("yes"));
    }

    // ------------------------------------------------------------------ REMOVEXATTR

    @Test
    void removeReportsTheChangeAndThenNoxattr() throws IOException {
        Session s = newSession("xattr-remove");
        String name = unique("xr");
        byte[] fh = file(s, "rw", gw.rw, name);
        Path path = gw.rw.resolve(name);
        writeOnDisk(path, "gone-soon", "x");
        writeOnDisk(path, "stays", "y");

        long before = change(s, fh);
        ChangeInfo4 info = Res.get(Res.ok(v42(s, putfh(fh), removexattr("gone-soon"))), REMOVEXATTR4res.class).info();
        assertThat(info.before()).isEqualTo(before);
        assertThat(info.after()).isGreaterThan(info.before());
        assertThat(onDisk(path).list()).containsExactly("stays");
        assertFailed(v42(s, putfh(fh), getxattr("gone-soon")), OP_GETXATTR, NfsStat4.NFS4ERR_NOXATTR);
        assertFailed(v42(s, putfh(fh), removexattr("gone-soon")), OP_REMOVEXATTR, NfsStat4.NFS4ERR_NOXATTR);
        assertThat(Res.get(Res.ok(v42(s, putfh(fh), listxattrs(0, 1024))), LISTXATTRS4res.class).resok().names())
                .containsExactly("stays");
    }

    // ------------------------------------------------------------------ exports, permissions, filehandles

    @Test
    void aReadOnlyExportReadsButRefusesChanges() throws IOException {
        Session s = newSession("xattr-ro");
        String name = unique("xro");
        byte[] fh = file(s, "ro", gw.ro, name);
        Path path = gw.ro.resolve(name);
        writeOnDisk(path, "kept", "as is");

        assertThat(Res.get(Res.ok(v42(s, putfh(fh), getxattr("kept"))), GETXATTR4res.class).value())
                .isEqualTo(utf8("as is"));
        assertThat(Res.get(Res.ok(v42(s, putfh(fh), listxattrs(0, 1024))), LISTXATTRS4res.class).resok().names())
                .containsExactly("kept");
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "new", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_ROFS);
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_REPLACE, "kept", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_ROFS);
        assertFailed(v42(s, putfh(fh), removexattr("kept")), OP_REMOVEXATTR, NfsStat4.NFS4ERR_ROFS);
        assertThat(onDisk(path).list()).containsExactly("kept");
        assertThat(readOnDisk(path, "kept")).isEqualTo(utf8("as is"));
    }

    @Test
    void theCallerNeedsTheFilesPermissions() throws IOException {
        // on the squash export root is anonymous (65534): others' permissions of a root-owned file apply
        Session s = newSession("xattr-perm");
        String name = unique("xp");
        byte[] fh = file(s, "squash", gw.squash, name);
        Path path = gw.squash.resolve(name);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        writeOnDisk(path, "readable", "yes");
        assertThat(Res.get(Res.ok(v42(s, putfh(fh), getxattr("readable"))), GETXATTR4res.class).value())
                .isEqualTo(utf8("yes"));
        assertFailed(v42(s, putfh(fh), setxattr(SETXATTR4_EITHER, "mine", utf8("no"))), OP_SETXATTR,
                NfsStat4.NFS4ERR_ACCESS);
        assertFailed(v42(s, putfh(fh), removexattr("readable")), OP_REMOVEXATTR, NfsStat4.NFS4ERR_ACCESS);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        assertFailed(v42(s, putfh(fh), getxattr("readable")), OP_GETXATTR, NfsStat4.NFS4ERR_ACCESS);
        assertThat(onDisk(path).list()).containsExactly("readable");
    }

    @Test
    void accessAnswersTheXattrRightsInMinorVersionTwo() throws IOException {
        Session s = newSession("xattr-access");
        int xa = ACCESS4_XAREAD | ACCESS4_XAWRITE | ACCESS4_XALIST;
        byte[] rw = file(s, "rw", gw.rw, unique("xa"));
        org.cephgw.protocol.nfs4.ACCESS4resok ok = Res.get(Res.ok(v42(s, putfh(rw),
                new org.cephgw.protocol.nfs4.ACCESS4args(xa))), org.cephgw.protocol.nfs4.ACCESS4res.class).resok();
        assertThat(ok.supported()).isEqualTo(xa);
        assertThat(ok.access()).isEqualTo(xa);
        // a read-only export: reading and listing, no writing
        byte[] ro = file(s, "ro", gw.ro, unique("xa"));
        ok = Res.get(Res.ok(v42(s, putfh(ro), new org.cephgw.protocol.nfs4.ACCESS4args(xa))),
                org.cephgw.protocol.nfs4.ACCESS4res.class).resok();
        assertThat(ok.access()).isEqualTo(ACCESS4_XAREAD | ACCESS4_XALIST);
        // in minor version 1 the bits mean nothing
        ok = Res.get(Res.ok(s.seqMinor(1, putfh(rw), new org.cephgw.protocol.nfs4.ACCESS4args(xa))),
                org.cephgw.protocol.nfs4.ACCESS4res.class).resok();
        assertThat(ok.supported()).isZero();
    }

    @Test
    void aCurrentFilehandleIsNeededAndThePseudoRootHasNone() throws IOException {
        Session s = newSession("xattr-nofh");
        assertFailed(v42(s, getxattr("x")), OP_GETXATTR, NfsStat4.NFS4ERR_NOFILEHANDLE);
        assertFailed(v42(s, setxattr(SETXATTR4_EITHER, "x", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_NOFILEHANDLE);
        assertFailed(v42(s, listxattrs(0, 1024)), OP_LISTXATTRS, NfsStat4.NFS4ERR_NOFILEHANDLE);
        assertFailed(v42(s, removexattr("x")), OP_REMOVEXATTR, NfsStat4.NFS4ERR_NOFILEHANDLE);
        // the pseudo file system joining the exports keeps no attributes
        assertFailed(v42(s, putrootfh(), getxattr("x")), OP_GETXATTR, NfsStat4.NFS4ERR_NOTSUPP);
        assertFailed(v42(s, putrootfh(), listxattrs(0, 1024)), OP_LISTXATTRS, NfsStat4.NFS4ERR_NOTSUPP);
        assertFailed(v42(s, putrootfh(), setxattr(SETXATTR4_EITHER, "x", utf8("v"))), OP_SETXATTR, NfsStat4.NFS4ERR_NOTSUPP);
    }

    @Test
    void theyAreOperationsOfMinorVersionTwoOnly() throws IOException {
        Session s = newSession("xattr-v41");
        byte[] fh = file(s, "rw", gw.rw, unique("x41"));
        COMPOUND4res res = s.seqMinor(1, putfh(fh), getxattr("x"));
        assertThat(Res.status(res)).isEqualTo("NFS4ERR_OP_ILLEGAL");
        assertThat(Res.last(res).opnum()).isEqualTo(OP_ILLEGAL);
        COMPOUND4res set = s.seqMinor(1, putfh(fh), setxattr(SETXATTR4_EITHER, "x", utf8("v")));
        assertThat(Res.status(set)).isEqualTo("NFS4ERR_OP_ILLEGAL");
    }

    // ------------------------------------------------------------------ xattr_support

    @Test
    void xattrSupportIsAnAttributeOfTheFileSystem() throws IOException {
        Session s = newSession("xattr-attr");
        byte[] fh = file(s, "rw", gw.rw, unique("xs"));
        NfsAttrs a = Res.attrs(Res.ok(v42(s, putfh(fh), getattr(FATTR4_SUPPORTED_ATTRS, FATTR4_XATTR_SUPPORT))));
        assertThat(a.supportedAttrs().isSet(FATTR4_XATTR_SUPPORT)).isTrue();
        assertThat(a.xattrSupport()).isTrue();
        NfsAttrs ro = Res.attrs(Res.ok(v42(s, list(root("ro"), getattr(FATTR4_XATTR_SUPPORT)))));
        assertThat(ro.xattrSupport()).as("read-only, but it has them").isTrue();
        NfsAttrs pseudo = Res.attrs(Res.ok(v42(s, putrootfh(), getattr(FATTR4_XATTR_SUPPORT))));
        assertThat(pseudo.xattrSupport()).isFalse();
        // an NFSv4.1 client is not told about it
        NfsAttrs v41 = Res.attrs(Res.ok(s.seqMinor(1, putfh(fh), getattr(FATTR4_SUPPORTED_ATTRS, FATTR4_XATTR_SUPPORT))));
        assertThat(v41.supportedAttrs().isSet(FATTR4_XATTR_SUPPORT)).isFalse();
        assertThat(v41.xattrSupport()).isNull();
    }
}
