package org.cephgw.actors.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cephgw.actors.compound.OpException;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.Fsid4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Nfstime4;
import org.cephgw.protocol.nfs4.Settime4;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fattr4 in both directions. */
class AttributesTest {
    @TempDir
    Path dir;
    private IdMapper ids;

    @BeforeEach
    void ids() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "alice:x:1000:1000::/:/bin/sh\n");
        Path group = Files.writeString(dir.resolve("group"), "wheel:x:10:\n");
        ids = new IdMapper("example.org", false, passwd, group);
    }

    private static int status(Runnable r) {
        try {
            r.run();
        } catch (OpException e) {
            return e.status();
        }
        return NfsStat4.NFS4_OK;
    }

    private int decodeStatus(NfsAttrs a, Bitmap4 settable, int minor) {
        return status(() -> Attributes.decodeSet(a.encode(), settable, minor, ids));
    }

    // ------------------------------------------------------------------ decodeSet

    @Test
    void settableAttributesBecomeChanges() {
        NfsAttrs a = new NfsAttrs().mode(0104755).owner("alice@example.org").ownerGroup("wheel@example.org").size(77)
                .timeAccessSet(Settime4.serverTime()).timeModifySet(Settime4.clientTime(new Nfstime4(1234, 56)));
        Attributes.Change c = Attributes.decodeSet(a.encode(), Attributes.SETTABLE, 1, ids);
        assertThat(c.attrs()).isEqualTo(new SetAttributes(04755, 1000, 10, 77L, SetAttributes.TimeSet.SERVER,
                SetAttributes.TimeSet.of(new Timestamp(1234, 56))));
        assertThat(c.bits()).isEqualTo(Bitmap4.of(FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER, FATTR4_OWNER_GROUP,
                FATTR4_TIME_ACCESS_SET, FATTR4_TIME_MODIFY_SET));
        Attributes.Change none = Attributes.decodeSet(Fattr4.EMPTY, Attributes.SETTABLE, 1, ids);
        assertThat(none.attrs().isEmpty()).isTrue();
        assertThat(none.bits().isEmpty()).isTrue();
        Attributes.Change numeric = Attributes.decodeSet(new NfsAttrs().owner("4242").ownerGroup("0").encode(),
                Attributes.SETTABLE, 2, ids);
        assertThat(numeric.attrs().uid()).isEqualTo(4242);
        assertThat(numeric.attrs().gid()).isZero();
    }

    @Test
    void readOnlyAttributesAreInvalid() {
        assertThat(decodeStatus(new NfsAttrs().type(NF4REG), Attributes.SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(decodeStatus(new NfsAttrs().fileid(5), Attributes.SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(decodeStatus(new NfsAttrs().mode(0644).size(1).change(9), Attributes.SETTABLE, 2))
                .isEqualTo(NfsStat4.NFS4ERR_INVAL);
    }

    @Test
    void unsupportedAttributesAreAttrNotSupp() {
        assertThat(decodeStatus(new NfsAttrs().hidden(true), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
        assertThat(decodeStatus(new NfsAttrs().acl(java.util.List.of()), Attributes.SETTABLE, 2))
                .isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
        // fs_locations: not even the codec knows it
        Fattr4 unknown = new Fattr4(Bitmap4.of(FATTR4_FS_LOCATIONS), new byte[] {0, 0, 0, 0});
        assertThat(status(() -> Attributes.decodeSet(unknown, Attributes.SETTABLE, 1, ids)))
                .isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
    }

    @Test
    void xattrSupportIsAnAttributeOfMinorVersion2Only() {
        NfsAttrs a = new NfsAttrs().xattrSupport(true);
        assertThat(decodeStatus(a, Attributes.SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
        assertThat(decodeStatus(a, Attributes.SETTABLE, 2)).as("supported, read-only").isEqualTo(NfsStat4.NFS4ERR_INVAL);
    }

    @Test
    void exclusiveCreateRejectsTimesAsInvalid() {
        // RFC 8881 §18.16.3: attributes outside suppattr_exclcreat in EXCLUSIVE4_1 are NFS4ERR_INVAL
        NfsAttrs times = new NfsAttrs().mode(0600).timeModifySet(Settime4.serverTime());
        assertThat(decodeStatus(times, Attributes.EXCLUSIVE_CREATE_SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        NfsAttrs ok = new NfsAttrs().mode(0600).owner("alice@example.org");
        assertThat(decodeStatus(ok, Attributes.EXCLUSIVE_CREATE_SETTABLE, 1)).isEqualTo(NfsStat4.NFS4_OK);
    }

    @Test
    void unknownOwnersAreBadOwner() {
        assertThat(decodeStatus(new NfsAttrs().owner("alice@other.org"), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_BADOWNER);
        assertThat(decodeStatus(new NfsAttrs().owner("nobody-here"), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_BADOWNER);
        assertThat(decodeStatus(new NfsAttrs().ownerGroup("staff@example.org"), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_BADOWNER);
        assertThat(decodeStatus(new NfsAttrs().owner("4294967296"), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_BADOWNER);
    }

    @Test
    void settimeIsValidated() {
        assertThat(decodeStatus(new NfsAttrs().timeModifySet(Settime4.clientTime(new Nfstime4(1, 1_000_000_000))),
                Attributes.SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(decodeStatus(new NfsAttrs().timeAccessSet(Settime4.clientTime(new Nfstime4(1, -1))),
                Attributes.SETTABLE, 1)).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        // a time_how4 that is neither server nor client time
        assertThat(decodeStatus(new NfsAttrs().timeAccessSet(new Settime4(7, null)), Attributes.SETTABLE, 1))
                .isEqualTo(NfsStat4.NFS4ERR_INVAL);
        Attributes.Change before1970 = Attributes.decodeSet(
                new NfsAttrs().timeModifySet(Settime4.clientTime(new Nfstime4(-5, 10))).encode(), Attributes.SETTABLE, 1, ids);
        assertThat(before1970.attrs().mtime().time()).isEqualTo(new Timestamp(-5, 10));
    }

    // ------------------------------------------------------------------ encode

    private Attributes.Source source(int minor, FsStats stats, Timestamp birth) {
        return source(minor, stats, birth, false);
    }

    private Attributes.Source source(int minor, FsStats stats, Timestamp birth, boolean xattrs) {
        Timestamp t = new Timestamp(1_700_000_000, 123);
        Stat st = new Stat(FileType.REGULAR, 0644, 2, 1000, 10, 4096, 8192, 0, 0, 42, t, t, t, birth, 99);
        FsInfo info = new FsInfo(5, 6, Long.MAX_VALUE, 1 << 20, 1 << 20, 255, true, true, true, 1, false);
        return new Attributes.Source(st, new byte[] {1, 0, 1, 7}, info, 5, 6, stats, 41, 90, 1 << 20, 1 << 19, minor, ids,
                xattrs);
    }

    @Test
    void encodesTheRequestedSupportedAttributesOnly() {
        Bitmap4 requested = Bitmap4.of(FATTR4_SUPPORTED_ATTRS, FATTR4_TYPE, FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER,
                FATTR4_OWNER_GROUP, FATTR4_FILEID, FATTR4_FILES_FREE, FATTR4_TIME_CREATE, FATTR4_ACL, FATTR4_XATTR_SUPPORT,
                FATTR4_TIME_ACCESS_SET, FATTR4_FILEHANDLE, FATTR4_LEASE_TIME, FATTR4_FSID, FATTR4_MAXWRITE);
        Fattr4 f1 = Attributes.encode(requested, source(1, null, null));
        assertThat(f1.attrmask()).isEqualTo(Bitmap4.of(FATTR4_SUPPORTED_ATTRS, FATTR4_TYPE, FATTR4_SIZE, FATTR4_MODE,
                FATTR4_OWNER, FATTR4_OWNER_GROUP, FATTR4_FILEID, FATTR4_FILEHANDLE, FATTR4_LEASE_TIME, FATTR4_FSID,
                FATTR4_MAXWRITE));
        NfsAttrs a = NfsAttrs.decode(f1);
        assertThat(a.supportedAttrs()).isEqualTo(Attributes.supported(1));
        assertThat(a.type()).isEqualTo(NF4REG);
        assertThat(a.size()).isEqualTo(4096);
        assertThat(a.mode()).isEqualTo(0644);
        assertThat(a.owner()).isEqualTo("alice@example.org");
        assertThat(a.ownerGroup()).isEqualTo("wheel@example.org");
        assertThat(a.fileid()).isEqualTo(42);
        assertThat(a.filehandle()).containsExactly(1, 0, 1, 7);
        assertThat(a.leaseTime()).isEqualTo(90);
        assertThat(a.fsid()).isEqualTo(new Fsid4(5, 6));
        assertThat(a.maxwrite()).isEqualTo(1 << 19);

        Fattr4 f2 = Attributes.encode(requested, source(2, new FsStats(1, 2, 3, 4, 5, 6), new Timestamp(1, 2)));
        assertThat(f2.attrmask().isSet(FATTR4_XATTR_SUPPORT)).isTrue();
        assertThat(f2.attrmask().isSet(FATTR4_FILES_FREE)).isTrue();
        assertThat(f2.attrmask().isSet(FATTR4_TIME_CREATE)).isTrue();
        assertThat(f2.attrmask().isSet(FATTR4_ACL)).isFalse();
        NfsAttrs b = NfsAttrs.decode(f2);
        assertThat(b.supportedAttrs()).isEqualTo(Attributes.supported(2));
        assertThat(b.xattrSupport()).isFalse();
        assertThat(b.filesFree()).isEqualTo(5);
        assertThat(b.timeCreate()).isEqualTo(new Nfstime4(1, 2));
    }

    @Test
    void xattrSupportIsTheFileSystems() {
        Bitmap4 requested = Bitmap4.of(FATTR4_XATTR_SUPPORT);
        assertThat(NfsAttrs.decode(Attributes.encode(requested, source(2, null, null, true))).xattrSupport()).isTrue();
        assertThat(NfsAttrs.decode(Attributes.encode(requested, source(2, null, null, false))).xattrSupport()).isFalse();
        assertThat(Attributes.encode(requested, source(1, null, null, true)).attrmask().isEmpty())
                .as("not an attribute of minor version 1").isTrue();
    }

    @Test
    void supportedSetsOfMinorVersions1And2() {
        Bitmap4 s1 = Attributes.supported(1);
        Bitmap4 s2 = Attributes.supported(2);
        assertThat(s2.containsAll(s1)).isTrue();
        assertThat(s2.andNot(s1)).isEqualTo(Bitmap4.of(FATTR4_XATTR_SUPPORT, FATTR4_OPEN_ARGUMENTS));
        assertThat(s1.containsAll(Attributes.SETTABLE)).isTrue();
        assertThat(Attributes.SETTABLE.containsAll(Attributes.EXCLUSIVE_CREATE_SETTABLE)).isTrue();
        assertThat(NfsAttrs.KNOWN.containsAll(s2)).isTrue();
    }

    @Test
    void everySupportedReadableAttributeIsEncoded() {
        for (int minor = 1; minor <= 2; minor++) {
            Bitmap4 supported = Attributes.supported(minor);
            Fattr4 f = Attributes.encode(supported, source(minor, new FsStats(1, 2, 3, 4, 5, 6), new Timestamp(1, 2)));
            // write-only attributes, and rdattr_error that only READDIR reports
            Bitmap4 notReadable = Bitmap4.of(FATTR4_TIME_ACCESS_SET, FATTR4_TIME_MODIFY_SET, FATTR4_RDATTR_ERROR);
            assertThat(f.attrmask()).as("minor %d", minor).isEqualTo(supported.andNot(notReadable));
            NfsAttrs a = NfsAttrs.decode(f);
            assertThat(a.suppattrExclcreat()).isEqualTo(Attributes.EXCLUSIVE_CREATE_SETTABLE);
            assertThat(a.timeDelta()).isEqualTo(new Nfstime4(0, 1));
            assertThat(a.mountedOnFileid()).isEqualTo(41);
            assertThat(a.numlinks()).isEqualTo(2);
        }
        assertThat(Attributes.needsStatfs(Bitmap4.of(FATTR4_SPACE_FREE))).isTrue();
        assertThat(Attributes.needsStatfs(Bitmap4.of(FATTR4_SPACE_USED, FATTR4_SIZE))).isFalse();
    }
}
