package org.cephgw.protocol.nfs4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NfsAttrsTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** A non-default value for every attribute the codec knows. */
    static Map<Integer, Object> samples() {
        Map<Integer, Object> m = new HashMap<>();
        m.put(FATTR4_SUPPORTED_ATTRS, Bitmap4.of(0, 1, 33, 75));
        m.put(FATTR4_TYPE, NF4DIR);
        m.put(FATTR4_FH_EXPIRE_TYPE, FH4_VOL_RENAME);
        m.put(FATTR4_CHANGE, 0x1234_5678_9abc_def0L);
        m.put(FATTR4_SIZE, -2L);
        m.put(FATTR4_LINK_SUPPORT, true);
        m.put(FATTR4_SYMLINK_SUPPORT, true);
        m.put(FATTR4_NAMED_ATTR, false);
        m.put(FATTR4_FSID, new Fsid4(7, 8));
        m.put(FATTR4_UNIQUE_HANDLES, true);
        m.put(FATTR4_LEASE_TIME, 90);
        m.put(FATTR4_RDATTR_ERROR, NfsStat4.NFS4ERR_ACCESS);
        m.put(FATTR4_ACL, List.of(new Nfsace4(ACE4_ACCESS_ALLOWED_ACE_TYPE, 0, ACE4_GENERIC_READ, "OWNER@"),
                new Nfsace4(ACE4_ACCESS_DENIED_ACE_TYPE, ACE4_IDENTIFIER_GROUP, ACE4_WRITE_DATA, "staff@example.com")));
        m.put(FATTR4_ACLSUPPORT, ACL4_SUPPORT_ALLOW_ACL | ACL4_SUPPORT_DENY_ACL);
        m.put(FATTR4_ARCHIVE, true);
        m.put(FATTR4_CANSETTIME, true);
        m.put(FATTR4_CASE_INSENSITIVE, false);
        m.put(FATTR4_CASE_PRESERVING, true);
        m.put(FATTR4_CHOWN_RESTRICTED, true);
        m.put(FATTR4_FILEHANDLE, hex("0102030405"));
        m.put(FATTR4_FILEID, 12345L);
        m.put(FATTR4_FILES_AVAIL, 1L);
        m.put(FATTR4_FILES_FREE, 2L);
        m.put(FATTR4_FILES_TOTAL, 3L);
        m.put(FATTR4_HIDDEN, true);
        m.put(FATTR4_HOMOGENEOUS, true);
        m.put(FATTR4_MAXFILESIZE, Long.MAX_VALUE);
        m.put(FATTR4_MAXLINK, 255);
        m.put(FATTR4_MAXNAME, 255);
        m.put(FATTR4_MAXREAD, 1048576L);
        m.put(FATTR4_MAXWRITE, 1048576L);
        m.put(FATTR4_MIMETYPE, "text/plain");
        m.put(FATTR4_MODE, 0755);
        m.put(FATTR4_NO_TRUNC, true);
        m.put(FATTR4_NUMLINKS, 2);
        m.put(FATTR4_OWNER, "1000");
        m.put(FATTR4_OWNER_GROUP, "grüppe@example.org");
        m.put(FATTR4_QUOTA_AVAIL_HARD, 10L);
        m.put(FATTR4_QUOTA_AVAIL_SOFT, 11L);
        m.put(FATTR4_QUOTA_USED, 12L);
        m.put(FATTR4_RAWDEV, new Specdata4(8, 1));
        m.put(FATTR4_SPACE_AVAIL, 100L);
        m.put(FATTR4_SPACE_FREE, 200L);
        m.put(FATTR4_SPACE_TOTAL, 300L);
        m.put(FATTR4_SPACE_USED, 4096L);
        m.put(FATTR4_SYSTEM, false);
        m.put(FATTR4_TIME_ACCESS, new Nfstime4(1_700_000_000L, 5));
        m.put(FATTR4_TIME_ACCESS_SET, Settime4.SERVER_TIME);
        m.put(FATTR4_TIME_BACKUP, new Nfstime4(-1, 0));
        m.put(FATTR4_TIME_CREATE, new Nfstime4(1, 2));
        m.put(FATTR4_TIME_DELTA, new Nfstime4(0, 1));
        m.put(FATTR4_TIME_METADATA, new Nfstime4(3, 4));
        m.put(FATTR4_TIME_MODIFY, new Nfstime4(5, 6));
        m.put(FATTR4_TIME_MODIFY_SET, Settime4.clientTime(new Nfstime4(7, 8)));
        m.put(FATTR4_MOUNTED_ON_FILEID, 2L);
        m.put(FATTR4_DIR_NOTIF_DELAY, new Nfstime4(9, 0));
        m.put(FATTR4_DIRENT_NOTIF_DELAY, new Nfstime4(10, 0));
        m.put(FATTR4_DACL, new Nfsacl41(ACL4_AUTO_INHERIT, List.of(new Nfsace4(0, 0, ACE4_READ_DATA, "EVERYONE@"))));
        m.put(FATTR4_SACL, new Nfsacl41(0, List.of()));
        m.put(FATTR4_CHANGE_POLICY, new ChangePolicy4(1, 2));
        m.put(FATTR4_FS_LAYOUT_TYPES, new int[] {LAYOUT4_NFSV4_1_FILES, LAYOUT4_FLEX_FILES});
        m.put(FATTR4_LAYOUT_TYPES, new int[] {});
        m.put(FATTR4_LAYOUT_BLKSIZE, 4096);
        m.put(FATTR4_LAYOUT_ALIGNMENT, 512);
        m.put(FATTR4_MODE_SET_MASKED, new ModeMasked4(0644, 0777));
        m.put(FATTR4_SUPPATTR_EXCLCREAT, Bitmap4.of(FATTR4_SIZE, FATTR4_MODE));
        m.put(FATTR4_FS_CHARSET_CAP, FSCHARSET_CAP4_ALLOWS_ONLY_UTF8);
        m.put(FATTR4_CLONE_BLKSIZE, 65536);
        m.put(FATTR4_SPACE_FREED, 99L);
        m.put(FATTR4_CHANGE_ATTR_TYPE, NFS4_CHANGE_TYPE_IS_VERSION_COUNTER);
        m.put(FATTR4_SEC_LABEL, new SecLabel4(1, 2, "system_u:object_r".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        m.put(FATTR4_MODE_UMASK, new ModeUmask4(0777, 022));
        m.put(FATTR4_XATTR_SUPPORT, true);
        m.put(FATTR4_TIME_DELEG_ACCESS, new Nfstime4(1700000000L, 5));
        m.put(FATTR4_TIME_DELEG_MODIFY, new Nfstime4(1700000001L, 6));
        m.put(FATTR4_OPEN_ARGUMENTS, new OpenArguments4(Bitmap4.of(1, 2, 3), Bitmap4.of(0, 3), Bitmap4.of(3, 4, 5),
                Bitmap4.of(0, 4), Bitmap4.of(0, 1, 2, 3)));
        return m;
    }

    @Test
    void samplesCoverEveryKnownAttribute() {
        Bitmap4.Builder b = new Bitmap4.Builder();
        samples().keySet().forEach(b::set);
        assertThat(b.build()).isEqualTo(NfsAttrs.KNOWN);
        assertThat(NfsAttrs.KNOWN.containsAll(NfsAttrs.WRITABLE)).isTrue();
    }

    @Test
    void everyAttributeRoundTripsAlone() {
        samples().forEach((attr, value) -> {
            NfsAttrs a = new NfsAttrs().set(attr, value);
            Fattr4 f = a.encode(Bitmap4.of(attr));
            assertThat(f.attrmask()).as("attr %d", attr).isEqualTo(Bitmap4.of(attr));
            assertThat(f.attrVals().length % 4).isZero();
            NfsAttrs back = NfsAttrs.decode(f);
            assertThat(Objects.deepEquals(back.get(attr), value)).as("attr %d: %s", attr, back).isTrue();
            assertThat(back.present()).isEqualTo(Bitmap4.of(attr));
            assertThat(back).isEqualTo(a);
        });
    }

    @Test
    void allAttributesRoundTripTogether() {
        NfsAttrs a = new NfsAttrs();
        samples().forEach(a::set);
        Fattr4 f = a.encode();
        assertThat(f.attrmask()).isEqualTo(NfsAttrs.KNOWN);
        NfsAttrs back = NfsAttrs.decode(f);
        assertThat(back).isEqualTo(a);
        assertThat(back.hashCode()).isEqualTo(a.hashCode());
        assertThat(back.encode(NfsAttrs.KNOWN)).isEqualTo(f);
    }

    @Test
    void typedAccessorsReachTheSameValues() {
        NfsAttrs a = new NfsAttrs().type(NF4REG).size(5).mode(0644).owner("alice").fsid(new Fsid4(1, 2))
                .timeModifySet(Settime4.SERVER_TIME).xattrSupport(true).fsLayoutTypes(new int[] {1});
        assertThat(a.type()).isEqualTo(NF4REG);
        assertThat(a.size()).isEqualTo(5L);
        assertThat(a.get(FATTR4_SIZE)).isEqualTo(5L);
        assertThat(a.mode()).isEqualTo(0644);
        assertThat(a.owner()).isEqualTo("alice");
        assertThat(a.fsid()).isEqualTo(new Fsid4(1, 2));
        assertThat(a.timeModifySet().isServerTime()).isTrue();
        assertThat(a.xattrSupport()).isTrue();
        assertThat(a.fsLayoutTypes()).containsExactly(1);
        assertThat(a.ownerGroup()).isNull();
        assertThat(a.present()).isEqualTo(Bitmap4.of(FATTR4_TYPE, FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER, FATTR4_FSID,
                FATTR4_TIME_MODIFY_SET, FATTR4_XATTR_SUPPORT, FATTR4_FS_LAYOUT_TYPES));
        a.clear(FATTR4_SIZE);
        assertThat(a.size()).isNull();
        assertThat(a.has(FATTR4_SIZE)).isFalse();
    }

    @Test
    void encodesInAscendingOrderWhateverTheRequest() {
        NfsAttrs a = new NfsAttrs().mode(0644).size(5).type(NF4REG);
        Fattr4 f = a.encode(Bitmap4.of(FATTR4_MODE, FATTR4_SIZE, FATTR4_TYPE));
        // type (1), size (4), mode (33): mask words 0x12, 0x2
        assertThat(f.attrmask().words()).containsExactly(0x12, 0x2);
        assertThat(hex(f.attrVals())).isEqualTo("00000001" + "0000000000000005" + "000001a4");
    }

    @Test
    void maskHasExactlyTheRequestedAttributesThatArePresent() {
        NfsAttrs a = new NfsAttrs().size(5).mode(0644).fileid(9);
        // fileid not requested; owner requested but absent; 24 (fs_locations) and 300 unknown
        Fattr4 f = a.encode(Bitmap4.of(FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER, FATTR4_FS_LOCATIONS, 300));
        assertThat(f.attrmask()).isEqualTo(Bitmap4.of(FATTR4_SIZE, FATTR4_MODE));
        assertThat(f.attrmask().words()).hasSize(2);
        assertThat(a.encode(Bitmap4.EMPTY)).isEqualTo(Fattr4.EMPTY);
        assertThat(new NfsAttrs().encode(Bitmap4.of(FATTR4_SIZE))).isEqualTo(Fattr4.EMPTY);
        // only the second word requested: no leading attributes leak in
        assertThat(a.encode(Bitmap4.of(FATTR4_MODE)).attrVals()).isEqualTo(hex("000001a4"));
    }

    @Test
    void settimeEncodings() {
        Fattr4 server = new NfsAttrs().timeModifySet(Settime4.SERVER_TIME).encode();
        assertThat(hex(server.attrVals())).isEqualTo("00000000");
        Fattr4 client = new NfsAttrs().timeAccessSet(Settime4.clientTime(new Nfstime4(1, 2))).encode();
        assertThat(hex(client.attrVals())).isEqualTo("00000001" + "0000000000000001" + "00000002");
        // a how outside time_how4 takes the void default arm: decodes, the server judges it
        NfsAttrs odd = NfsAttrs.decode(new Fattr4(Bitmap4.of(FATTR4_TIME_ACCESS_SET), hex("00000007")));
        assertThat(odd.timeAccessSet()).isEqualTo(new Settime4(7, null));
    }

    private static NfsAttrsException failure(Fattr4 f) {
        return catchThrowableOfType(NfsAttrsException.class, () -> NfsAttrs.decode(f));
    }

    @Test
    void unknownAttributeIsAttrNotSupp() {
        // mode, then fs_locations (24) which this codec does not know
        NfsAttrsException e = failure(new Fattr4(Bitmap4.of(FATTR4_FS_LOCATIONS, FATTR4_MODE), hex("00000000 00000000")));
        assertThat(e.status()).isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
        assertThat(e.attr()).isEqualTo(FATTR4_FS_LOCATIONS);
        assertThat(failure(new Fattr4(Bitmap4.of(200), new byte[0])).status()).isEqualTo(NfsStat4.NFS4ERR_ATTRNOTSUPP);
    }

    @Test
    void malformedValuesAreBadXdr() {
        // trailing bytes after the last value
        NfsAttrsException trailing = failure(new Fattr4(Bitmap4.of(FATTR4_MODE), hex("000001a4 00000000")));
        assertThat(trailing.status()).isEqualTo(NfsStat4.NFS4ERR_BADXDR);
        assertThat(trailing.attr()).isEqualTo(-1);
        // size truncated
        assertThat(failure(new Fattr4(Bitmap4.of(FATTR4_SIZE), hex("00000000"))).status()).isEqualTo(NfsStat4.NFS4ERR_BADXDR);
        // a bool of 2
        assertThat(failure(new Fattr4(Bitmap4.of(FATTR4_HIDDEN), hex("00000002"))).status()).isEqualTo(NfsStat4.NFS4ERR_BADXDR);
        // an owner announcing more bytes than there are
        assertThat(failure(new Fattr4(Bitmap4.of(FATTR4_OWNER), hex("00000010 61626364"))).status())
                .isEqualTo(NfsStat4.NFS4ERR_BADXDR);
        // a filehandle over 128 bytes
        assertThat(failure(new Fattr4(Bitmap4.of(FATTR4_FILEHANDLE), hex("00000081" + "00".repeat(132)))).status())
                .isEqualTo(NfsStat4.NFS4ERR_BADXDR);
    }

    @Test
    void ownerThatIsNotUtf8IsInval() {
        NfsAttrsException e = failure(new Fattr4(Bitmap4.of(FATTR4_OWNER), hex("00000002 ff fe 0000")));
        assertThat(e.status()).isEqualTo(NfsStat4.NFS4ERR_INVAL);
        assertThat(e.attr()).isEqualTo(FATTR4_OWNER);
    }

    @Test
    void setChecksTypes() {
        assertThatThrownBy(() -> new NfsAttrs().set(FATTR4_SIZE, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NfsAttrs().set(FATTR4_FS_LOCATIONS, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NfsAttrs().set(FATTR4_SIZE, 5L).size()).isEqualTo(5L);
    }

    @Test
    void retainAndCopy() {
        NfsAttrs a = new NfsAttrs().size(1).mode(2).owner("x");
        NfsAttrs c = a.copy().retain(Bitmap4.of(FATTR4_MODE));
        assertThat(c.present()).isEqualTo(Bitmap4.of(FATTR4_MODE));
        assertThat(a.present().cardinality()).isEqualTo(3);
        assertThat(new NfsAttrs().isEmpty()).isTrue();
    }

    /** Arbitrary bytes under arbitrary masks: a result or NfsAttrsException, never anything else. */
    @Property(tries = 2000)
    void garbageOnlyFailsWithAStatus(@ForAll @Size(max = 3) int[] words, @ForAll @Size(max = 48) byte[] vals) {
        try {
            NfsAttrs a = NfsAttrs.decode(new Fattr4(new Bitmap4(words), vals));
            // what decodes re-encodes to the same bytes
            assertThat(a.encode(new Bitmap4(words)).attrVals()).isEqualTo(vals);
        } catch (NfsAttrsException e) {
            assertThat(e.status()).isIn(NfsStat4.NFS4ERR_BADXDR, NfsStat4.NFS4ERR_ATTRNOTSUPP, NfsStat4.NFS4ERR_INVAL);
        }
    }
}
