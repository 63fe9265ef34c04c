package org.cephgw.protocol.nfs4;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.xdr.XdrException;

/**
 * A typed, sparse set of file attributes (RFC 8881 §5, RFC 7862 §12.2, RFC 8275, RFC 8276):
 * each attribute is absent (null) or has a value. {@link #encode(Bitmap4)} builds the fattr4 a
 * server returns for GETATTR or READDIR; {@link #decode(Fattr4)} reads the fattr4 of SETATTR,
 * CREATE, OPEN or (N)VERIFY.
 *
 * <p>owner and owner_group stay strings: mapping them to ids is the server's business.
 * Array values (filehandle, layout types) are stored and returned without copies.
 * Not thread-safe.
 *
 * <p>Known attributes are all those of this class's accessors; fs_locations, fs_status,
 * layout_hint, fs_locations_info, mdsthreshold and the retention attributes are not, and
 * decode as NFS4ERR_ATTRNOTSUPP.
 */
public final class NfsAttrs {
    /** Highest attribute number this codec knows. */
    public static final int MAX_ATTR = FATTR4_OPEN_ARGUMENTS;

    private static final Codec<?>[] CODECS = new Codec<?>[MAX_ATTR + 1];

    private static final Codec<Boolean> BOOL = new Codec<>(Boolean.class, XdrDecoder::readBoolean, XdrEncoder::writeBoolean);
    private static final Codec<Integer> UINT32 = new Codec<>(Integer.class, XdrDecoder::readInt, XdrEncoder::writeInt);
    private static final Codec<Long> UINT64 = new Codec<>(Long.class, XdrDecoder::readHyper, XdrEncoder::writeHyper);
    private static final Codec<String> UTF8 = new Codec<>(String.class, Nfs4Xdr::readUtf8, XdrEncoder::writeString);
    private static final Codec<Bitmap4> BITMAP = struct(Bitmap4.class, Bitmap4::decode);
    private static final Codec<byte[]> FH = new Codec<>(byte[].class, Nfs4Xdr::readFh, XdrEncoder::writeOpaque);
    private static final Codec<int[]> LAYOUT_TYPES = new Codec<>(int[].class, NfsAttrs::readInts, NfsAttrs::writeInts);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Codec<List<Nfsace4>> ACL = new Codec<>((Class) List.class,
            x -> Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 16, Nfsace4::decode),
            (x, l) -> Nfs4Xdr.writeList(x, l, (e, a) -> a.encode(e)));

    static {
        register(FATTR4_SUPPORTED_ATTRS, BITMAP);
        register(FATTR4_TYPE, UINT32);
        register(FATTR4_FH_EXPIRE_TYPE, UINT32);
        register(FATTR4_CHANGE, UINT64);
        register(FATTR4_SIZE, UINT64);
        register(FATTR4_LINK_SUPPORT, BOOL);
        register(FATTR4_SYMLINK_SUPPORT, BOOL);
        register(FATTR4_NAMED_ATTR, BOOL);
        register(FATTR4_FSID, struct(Fsid4.class, Fsid4::decode));
        register(FATTR4_UNIQUE_HANDLES, BOOL);
        register(FATTR4_LEASE_TIME, UINT32);
        register(FATTR4_RDATTR_ERROR, UINT32);
        register(FATTR4_ACL, ACL);
        register(FATTR4_ACLSUPPORT, UINT32);
        register(FATTR4_ARCHIVE, BOOL);
        register(FATTR4_CANSETTIME, BOOL);
        register(FATTR4_CASE_INSENSITIVE, BOOL);
        register(FATTR4_CASE_PRESERVING, BOOL);
        register(FATTR4_CHOWN_RESTRICTED, BOOL);
        register(FATTR4_FILEHANDLE, FH);
        register(FATTR4_FILEID, UINT64);
        register(FATTR4_FILES_AVAIL, UINT64);
        register(FATTR4_FILES_FREE, UINT64);
        register(FATTR4_FILES_TOTAL, UINT64);
        register(FATTR4_HIDDEN, BOOL);
        register(FATTR4_HOMOGENEOUS, BOOL);
        register(FATTR4_MAXFILESIZE, UINT64);
        register(FATTR4_MAXLINK, UINT32);
        register(FATTR4_MAXNAME, UINT32);
        register(FATTR4_MAXREAD, UINT64);
        register(FATTR4_MAXWRITE, UINT64);
        register(FATTR4_MIMETYPE, UTF8);
        register(FATTR4_MODE, UINT32);
        register(FATTR4_NO_TRUNC, BOOL);
        register(FATTR4_NUMLINKS, UINT32);
        register(FATTR4_OWNER, UTF8);
        register(FATTR4_OWNER_GROUP, UTF8);
        register(FATTR4_QUOTA_AVAIL_HARD, UINT64);
        register(FATTR4_QUOTA_AVAIL_SOFT, UINT64);
        register(FATTR4_QUOTA_USED, UINT64);
        register(FATTR4_RAWDEV, struct(Specdata4.class, Specdata4::decode));
        register(FATTR4_SPACE_AVAIL, UINT64);
        register(FATTR4_SPACE_FREE, UINT64);
        register(FATTR4_SPACE_TOTAL, UINT64);
        register(FATTR4_SPACE_USED, UINT64);
        register(FATTR4_SYSTEM, BOOL);
        register(FATTR4_TIME_ACCESS, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_ACCESS_SET, struct(Settime4.class, Settime4::decode));
        register(FATTR4_TIME_BACKUP, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_CREATE, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_DELTA, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_METADATA, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_MODIFY, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_MODIFY_SET, struct(Settime4.class, Settime4::decode));
        register(FATTR4_MOUNTED_ON_FILEID, UINT64);
        register(FATTR4_DIR_NOTIF_DELAY, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_DIRENT_NOTIF_DELAY, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_DACL, struct(Nfsacl41.class, Nfsacl41::decode));
        register(FATTR4_SACL, struct(Nfsacl41.class, Nfsacl41::decode));
        register(FATTR4_CHANGE_POLICY, struct(ChangePolicy4.class, ChangePolicy4::decode));
        register(FATTR4_FS_LAYOUT_TYPES, LAYOUT_TYPES);
        register(FATTR4_LAYOUT_TYPES, LAYOUT_TYPES);
        register(FATTR4_LAYOUT_BLKSIZE, UINT32);
        register(FATTR4_LAYOUT_ALIGNMENT, UINT32);
        register(FATTR4_MODE_SET_MASKED, struct(ModeMasked4.class, ModeMasked4::decode));
        register(FATTR4_SUPPATTR_EXCLCREAT, BITMAP);
        register(FATTR4_FS_CHARSET_CAP, UINT32);
        register(FATTR4_CLONE_BLKSIZE, UINT32);
        register(FATTR4_SPACE_FREED, UINT64);
        register(FATTR4_CHANGE_ATTR_TYPE, UINT32);
        register(FATTR4_SEC_LABEL, struct(SecLabel4.class, SecLabel4::decode));
        register(FATTR4_MODE_UMASK, struct(ModeUmask4.class, ModeUmask4::decode));
        register(FATTR4_XATTR_SUPPORT, BOOL);
        register(FATTR4_TIME_DELEG_ACCESS, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_TIME_DELEG_MODIFY, struct(Nfstime4.class, Nfstime4::decode));
        register(FATTR4_OPEN_ARGUMENTS, struct(OpenArguments4.class, OpenArguments4::decode));
    }

    /** Every attribute this codec can encode and decode. */
    public static final Bitmap4 KNOWN = known();

    /**
     * The attributes RFC 8881/7862/8275 define as settable (R/W) that this codec knows: what a
     * SETATTR may carry, besides the create-only mode_umask.
     */
    public static final Bitmap4 WRITABLE = Bitmap4.of(FATTR4_ACL, FATTR4_ARCHIVE, FATTR4_HIDDEN, FATTR4_MIMETYPE,
            FATTR4_MODE, FATTR4_OWNER, FATTR4_OWNER_GROUP, FATTR4_SIZE, FATTR4_SYSTEM, FATTR4_TIME_ACCESS_SET,
            FATTR4_TIME_BACKUP, FATTR4_TIME_CREATE, FATTR4_TIME_MODIFY_SET, FATTR4_DACL, FATTR4_SACL,
            FATTR4_MODE_SET_MASKED, FATTR4_SEC_LABEL, FATTR4_MODE_UMASK);

    private final Object[] values = new Object[MAX_ATTR + 1];

    /** The XDR of one attribute's value. */
    private record Codec<T>(Class<T> type, Function<XdrDecoder, T> decoder, BiConsumer<XdrEncoder, T> encoder) {
        void encodeValue(XdrEncoder x, Object v) {
            encoder.accept(x, type.cast(v));
        }
    }

    private static <T extends org.cephgw.protocol.xdr.XdrEncodable> Codec<T> struct(Class<T> type,
                                                                                   Function<XdrDecoder, T> decode) {
        return new Codec<>(type, decode, (x, v) -> v.encode(x));
    }

    private static void register(int attr, Codec<?> codec) {
        CODECS[attr] = codec;
    }

    private static Bitmap4 known() {
        Bitmap4.Builder b = new Bitmap4.Builder();
        for (int i = 0; i < CODECS.length; i++) {
            if (CODECS[i] != null) {
                b.set(i);
            }
        }
        return b.build();
    }

    private static int[] readInts(XdrDecoder x) {
        int n = x.readCount(Nfs4Limits.MAX_ARRAY, 4);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = x.readInt();
        }
        return out;
    }

    private static void writeInts(XdrEncoder x, int[] v) {
        x.writeInt(v.length);
        for (int i : v) {
            x.writeInt(i);
        }
    }

    /** True if this codec can encode and decode attribute {@code attr}. */
    public static boolean isKnown(int attr) {
        return attr >= 0 && attr < CODECS.length && CODECS[attr] != null;
    }

    /**
     * The fattr4 of the attributes that are both requested and present, in ascending order; its
     * mask has exactly those bits. Requested attributes that are absent or unknown are left out,
     * as RFC 8881 §18.7.3 wants of GETATTR.
     */
    public Fattr4 encode(Bitmap4 requested) {
        XdrEncoder x = new XdrEncoder(256);
        Bitmap4.Builder mask = new Bitmap4.Builder();
        for (int bit : requested.bits()) {
            if (bit < values.length && values[bit] != null) {
                CODECS[bit].encodeValue(x, values[bit]);
                mask.set(bit);
            }
        }
        return new Fattr4(mask.build(), x.toByteArray());
    }

    /** The fattr4 of every present attribute. */
    public Fattr4 encode() {
        return encode(present());
    }

    /**
     * Reads the attributes of a fattr4.
     *
     * @throws NfsAttrsException with NFS4ERR_ATTRNOTSUPP for an attribute this codec does not
     *         know (attributes after it cannot be located), NFS4ERR_BADXDR for a malformed value
     *         or bytes left after the last one, NFS4ERR_INVAL for a string that is not UTF-8
     */
    public static NfsAttrs decode(Fattr4 f) {
        NfsAttrs a = new NfsAttrs();
        XdrDecoder x = new XdrDecoder(f.attrVals());
        for (int bit : f.attrmask().bits()) {
            if (!isKnown(bit)) {
                throw new NfsAttrsException(NfsStat4.NFS4ERR_ATTRNOTSUPP, bit, "attribute " + bit + " is not supported");
            }
            try {
                a.values[bit] = CODECS[bit].decoder().apply(x);
            } catch (XdrDecoder.InvalidUtf8Exception e) {
                throw new NfsAttrsException(NfsStat4.NFS4ERR_INVAL, bit, "attribute " + bit + ": " + e.getMessage());
            } catch (XdrException | IllegalArgumentException e) {
                throw new NfsAttrsException(NfsStat4.NFS4ERR_BADXDR, bit, "attribute " + bit + ": " + e.getMessage());
            }
        }
        if (x.remaining() != 0) {
            throw new NfsAttrsException(NfsStat4.NFS4ERR_BADXDR, -1, x.remaining() + " bytes after the last attribute");
        }
        return a;
    }

    /** The attributes that have a value. */
    public Bitmap4 present() {
        Bitmap4.Builder b = new Bitmap4.Builder();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                b.set(i);
            }
        }
        return b.build();
    }

    public boolean has(int attr) {
        return attr >= 0 && attr < values.length && values[attr] != null;
    }

    public boolean isEmpty() {
        for (Object v : values) {
            if (v != null) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code attr} (its accessor's type), or null. */
    public Object get(int attr) {
        return has(attr) ? values[attr] : null;
    }

    /**
     * Sets attribute {@code attr} by number; the value must have the type of its accessor
     * (boxed for numbers and booleans).
     */
    public NfsAttrs set(int attr, Object value) {
        if (!isKnown(attr)) {
            throw new IllegalArgumentException("attribute " + attr + " is not known");
        }
        if (value != null && !CODECS[attr].type().isInstance(value)) {
            throw new IllegalArgumentException("attribute " + attr + " takes " + CODECS[attr].type().getSimpleName()
                    + ", not " + value.getClass().getSimpleName());
        }
        values[attr] = value instanceof List<?> l ? List.copyOf(l) : value;
        return this;
    }

    public NfsAttrs clear(int attr) {
        if (attr >= 0 && attr < values.length) {
            values[attr] = null;
        }
        return this;
    }

    /** Only the attributes also in {@code mask}. */
    public NfsAttrs retain(Bitmap4 mask) {
        for (int i = 0; i < values.length; i++) {
            if (!mask.isSet(i)) {
                values[i] = null;
            }
        }
        return this;
    }

    public NfsAttrs copy() {
        NfsAttrs c = new NfsAttrs();
        System.arraycopy(values, 0, c.values, 0, values.length);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NfsAttrs a && Arrays.deepEquals(a.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NfsAttrs{");
        boolean first = true;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                sb.append(first ? "" : ", ").append(i).append('=');
                Object v = values[i];
                sb.append(v instanceof byte[] b ? Nfs4Xdr.hex(b) : v instanceof int[] a ? Arrays.toString(a) : v);
                first = false;
            }
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------ typed accessors

    /** fattr4_supported_attrs (0). */
    public Bitmap4 supportedAttrs() {
        return (Bitmap4) values[FATTR4_SUPPORTED_ATTRS];
    }

    public NfsAttrs supportedAttrs(Bitmap4 v) {
        values[FATTR4_SUPPORTED_ATTRS] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_type (1). */
    public Integer type() {
        return (Integer) values[FATTR4_TYPE];
    }

    public NfsAttrs type(int v) {
        values[FATTR4_TYPE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_fh_expire_type (2). */
    public Integer fhExpireType() {
        return (Integer) values[FATTR4_FH_EXPIRE_TYPE];
    }

    public NfsAttrs fhExpireType(int v) {
        values[FATTR4_FH_EXPIRE_TYPE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_change (3). */
    public Long change() {
        return (Long) values[FATTR4_CHANGE];
    }

    public NfsAttrs change(long v) {
        values[FATTR4_CHANGE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_size (4). */
    public Long size() {
        return (Long) values[FATTR4_SIZE];
    }

    public NfsAttrs size(long v) {
        values[FATTR4_SIZE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_link_support (5). */
    public Boolean linkSupport() {
        return (Boolean) values[FATTR4_LINK_SUPPORT];
    }

    public NfsAttrs linkSupport(boolean v) {
        values[FATTR4_LINK_SUPPORT] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_symlink_support (6). */
    public Boolean symlinkSupport() {
        return (Boolean) values[FATTR4_SYMLINK_SUPPORT];
    }

    public NfsAttrs symlinkSupport(boolean v) {
        values[FATTR4_SYMLINK_SUPPORT] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_named_attr (7). */
    public Boolean namedAttr() {
        return (Boolean) values[FATTR4_NAMED_ATTR];
    }

    public NfsAttrs namedAttr(boolean v) {
        values[FATTR4_NAMED_ATTR] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_fsid (8). */
    public Fsid4 fsid() {
        return (Fsid4) values[FATTR4_FSID];
    }

    public NfsAttrs fsid(Fsid4 v) {
        values[FATTR4_FSID] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_unique_handles (9). */
    public Boolean uniqueHandles() {
        return (Boolean) values[FATTR4_UNIQUE_HANDLES];
    }

    public NfsAttrs uniqueHandles(boolean v) {
        values[FATTR4_UNIQUE_HANDLES] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_lease_time (10). */
    public Integer leaseTime() {
        return (Integer) values[FATTR4_LEASE_TIME];
    }

    public NfsAttrs leaseTime(int v) {
        values[FATTR4_LEASE_TIME] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_rdattr_error (11). */
    public Integer rdattrError() {
        return (Integer) values[FATTR4_RDATTR_ERROR];
    }

    public NfsAttrs rdattrError(int v) {
        values[FATTR4_RDATTR_ERROR] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_acl (12). */
    @SuppressWarnings("unchecked")
    public List<Nfsace4> acl() {
        return (List<Nfsace4>) values[FATTR4_ACL];
    }

    public NfsAttrs acl(List<Nfsace4> v) {
        values[FATTR4_ACL] = List.copyOf(v);
        return this;
    }

    /** fattr4_aclsupport (13). */
    public Integer aclSupport() {
        return (Integer) values[FATTR4_ACLSUPPORT];
    }

    public NfsAttrs aclSupport(int v) {
        values[FATTR4_ACLSUPPORT] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_archive (14). */
    public Boolean archive() {
        return (Boolean) values[FATTR4_ARCHIVE];
    }

    public NfsAttrs archive(boolean v) {
        values[FATTR4_ARCHIVE] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_cansettime (15). */
    public Boolean cansettime() {
        return (Boolean) values[FATTR4_CANSETTIME];
    }

    public NfsAttrs cansettime(boolean v) {
        values[FATTR4_CANSETTIME] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_case_insensitive (16). */
    public Boolean caseInsensitive() {
        return (Boolean) values[FATTR4_CASE_INSENSITIVE];
    }

    public NfsAttrs caseInsensitive(boolean v) {
        values[FATTR4_CASE_INSENSITIVE] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_case_preserving (17). */
    public Boolean casePreserving() {
        return (Boolean) values[FATTR4_CASE_PRESERVING];
    }

    public NfsAttrs casePreserving(boolean v) {
        values[FATTR4_CASE_PRESERVING] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_chown_restricted (18). */
    public Boolean chownRestricted() {
        return (Boolean) values[FATTR4_CHOWN_RESTRICTED];
    }

    public NfsAttrs chownRestricted(boolean v) {
        values[FATTR4_CHOWN_RESTRICTED] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_filehandle (19). */
    public byte[] filehandle() {
        return (byte[]) values[FATTR4_FILEHANDLE];
    }

    public NfsAttrs filehandle(byte[] v) {
        values[FATTR4_FILEHANDLE] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_fileid (20). */
    public Long fileid() {
        return (Long) values[FATTR4_FILEID];
    }

    public NfsAttrs fileid(long v) {
        values[FATTR4_FILEID] = Long.valueOf(v);
        return this;
    }

    /** fattr4_files_avail (21). */
    public Long filesAvail() {
        return (Long) values[FATTR4_FILES_AVAIL];
    }

    public NfsAttrs filesAvail(long v) {
        values[FATTR4_FILES_AVAIL] = Long.valueOf(v);
        return this;
    }

    /** fattr4_files_free (22). */
    public Long filesFree() {
        return (Long) values[FATTR4_FILES_FREE];
    }

    public NfsAttrs filesFree(long v) {
        values[FATTR4_FILES_FREE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_files_total (23). */
    public Long filesTotal() {
        return (Long) values[FATTR4_FILES_TOTAL];
    }

    public NfsAttrs filesTotal(long v) {
        values[FATTR4_FILES_TOTAL] = Long.valueOf(v);
        return this;
    }

    /** fattr4_hidden (25). */
    public Boolean hidden() {
        return (Boolean) values[FATTR4_HIDDEN];
    }

    public NfsAttrs hidden(boolean v) {
        values[FATTR4_HIDDEN] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_homogeneous (26). */
    public Boolean homogeneous() {
        return (Boolean) values[FATTR4_HOMOGENEOUS];
    }

    public NfsAttrs homogeneous(boolean v) {
        values[FATTR4_HOMOGENEOUS] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_maxfilesize (27). */
    public Long maxfilesize() {
        return (Long) values[FATTR4_MAXFILESIZE];
    }

    public NfsAttrs maxfilesize(long v) {
        values[FATTR4_MAXFILESIZE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_maxlink (28). */
    public Integer maxlink() {
        return (Integer) values[FATTR4_MAXLINK];
    }

    public NfsAttrs maxlink(int v) {
        values[FATTR4_MAXLINK] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_maxname (29). */
    public Integer maxname() {
        return (Integer) values[FATTR4_MAXNAME];
    }

    public NfsAttrs maxname(int v) {
        values[FATTR4_MAXNAME] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_maxread (30). */
    public Long maxread() {
        return (Long) values[FATTR4_MAXREAD];
    }

    public NfsAttrs maxread(long v) {
        values[FATTR4_MAXREAD] = Long.valueOf(v);
        return this;
    }

    /** fattr4_maxwrite (31). */
    public Long maxwrite() {
        return (Long) values[FATTR4_MAXWRITE];
    }

    public NfsAttrs maxwrite(long v) {
        values[FATTR4_MAXWRITE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_mimetype (32). */
    public String mimetype() {
        return (String) values[FATTR4_MIMETYPE];
    }

    public NfsAttrs mimetype(String v) {
        values[FATTR4_MIMETYPE] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_mode (33). */
    public Integer mode() {
        return (Integer) values[FATTR4_MODE];
    }

    public NfsAttrs mode(int v) {
        values[FATTR4_MODE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_no_trunc (34). */
    public Boolean noTrunc() {
        return (Boolean) values[FATTR4_NO_TRUNC];
    }

    public NfsAttrs noTrunc(boolean v) {
        values[FATTR4_NO_TRUNC] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_numlinks (35). */
    public Integer numlinks() {
        return (Integer) values[FATTR4_NUMLINKS];
    }

    public NfsAttrs numlinks(int v) {
        values[FATTR4_NUMLINKS] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_owner (36). */
    public String owner() {
        return (String) values[FATTR4_OWNER];
    }

    public NfsAttrs owner(String v) {
        values[FATTR4_OWNER] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_owner_group (37). */
    public String ownerGroup() {
        return (String) values[FATTR4_OWNER_GROUP];
    }

    public NfsAttrs ownerGroup(String v) {
        values[FATTR4_OWNER_GROUP] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_quota_avail_hard (38). */
    public Long quotaAvailHard() {
        return (Long) values[FATTR4_QUOTA_AVAIL_HARD];
    }

    public NfsAttrs quotaAvailHard(long v) {
        values[FATTR4_QUOTA_AVAIL_HARD] = Long.valueOf(v);
        return this;
    }

    /** fattr4_quota_avail_soft (39). */
    public Long quotaAvailSoft() {
        return (Long) values[FATTR4_QUOTA_AVAIL_SOFT];
    }

    public NfsAttrs quotaAvailSoft(long v) {
        values[FATTR4_QUOTA_AVAIL_SOFT] = Long.valueOf(v);
        return this;
    }

    /** fattr4_quota_used (40). */
    public Long quotaUsed() {
        return (Long) values[FATTR4_QUOTA_USED];
    }

    public NfsAttrs quotaUsed(long v) {
        values[FATTR4_QUOTA_USED] = Long.valueOf(v);
        return this;
    }

    /** fattr4_rawdev (41). */
    public Specdata4 rawdev() {
        return (Specdata4) values[FATTR4_RAWDEV];
    }

    public NfsAttrs rawdev(Specdata4 v) {
        values[FATTR4_RAWDEV] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_space_avail (42). */
    public Long spaceAvail() {
        return (Long) values[FATTR4_SPACE_AVAIL];
    }

    public NfsAttrs spaceAvail(long v) {
        values[FATTR4_SPACE_AVAIL] = Long.valueOf(v);
        return this;
    }

    /** fattr4_space_free (43). */
    public Long spaceFree() {
        return (Long) values[FATTR4_SPACE_FREE];
    }

    public NfsAttrs spaceFree(long v) {
        values[FATTR4_SPACE_FREE] = Long.valueOf(v);
        return this;
    }

    /** fattr4_space_total (44). */
    public Long spaceTotal() {
        return (Long) values[FATTR4_SPACE_TOTAL];
    }

    public NfsAttrs spaceTotal(long v) {
        values[FATTR4_SPACE_TOTAL] = Long.valueOf(v);
        return this;
    }

    /** fattr4_space_used (45). */
    public Long spaceUsed() {
        return (Long) values[FATTR4_SPACE_USED];
    }

    public NfsAttrs spaceUsed(long v) {
        values[FATTR4_SPACE_USED] = Long.valueOf(v);
        return this;
    }

    /** fattr4_system (46). */
    public Boolean system() {
        return (Boolean) values[FATTR4_SYSTEM];
    }

    public NfsAttrs system(boolean v) {
        values[FATTR4_SYSTEM] = Boolean.valueOf(v);
        return this;
    }

    /** fattr4_time_access (47). */
    public Nfstime4 timeAccess() {
        return (Nfstime4) values[FATTR4_TIME_ACCESS];
    }

    public NfsAttrs timeAccess(Nfstime4 v) {
        values[FATTR4_TIME_ACCESS] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_access_set (48). */
    public Settime4 timeAccessSet() {
        return (Settime4) values[FATTR4_TIME_ACCESS_SET];
    }

    public NfsAttrs timeAccessSet(Settime4 v) {
        values[FATTR4_TIME_ACCESS_SET] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_backup (49). */
    public Nfstime4 timeBackup() {
        return (Nfstime4) values[FATTR4_TIME_BACKUP];
    }

    public NfsAttrs timeBackup(Nfstime4 v) {
        values[FATTR4_TIME_BACKUP] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_create (50). */
    public Nfstime4 timeCreate() {
        return (Nfstime4) values[FATTR4_TIME_CREATE];
    }

    public NfsAttrs timeCreate(Nfstime4 v) {
        values[FATTR4_TIME_CREATE] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_delta (51). */
    public Nfstime4 timeDelta() {
        return (Nfstime4) values[FATTR4_TIME_DELTA];
    }

    public NfsAttrs timeDelta(Nfstime4 v) {
        values[FATTR4_TIME_DELTA] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_metadata (52). */
    public Nfstime4 timeMetadata() {
        return (Nfstime4) values[FATTR4_TIME_METADATA];
    }

    public NfsAttrs timeMetadata(Nfstime4 v) {
        values[FATTR4_TIME_METADATA] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_modify (53). */
    public Nfstime4 timeModify() {
        return (Nfstime4) values[FATTR4_TIME_MODIFY];
    }

    public NfsAttrs timeModify(Nfstime4 v) {
        values[FATTR4_TIME_MODIFY] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_modify_set (54). */
    public Settime4 timeModifySet() {
        return (Settime4) values[FATTR4_TIME_MODIFY_SET];
    }

    public NfsAttrs timeModifySet(Settime4 v) {
        values[FATTR4_TIME_MODIFY_SET] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_mounted_on_fileid (55). */
    public Long mountedOnFileid() {
        return (Long) values[FATTR4_MOUNTED_ON_FILEID];
    }

    public NfsAttrs mountedOnFileid(long v) {
        values[FATTR4_MOUNTED_ON_FILEID] = Long.valueOf(v);
        return this;
    }

    /** fattr4_dir_notif_delay (56). */
    public Nfstime4 dirNotifDelay() {
        return (Nfstime4) values[FATTR4_DIR_NOTIF_DELAY];
    }

    public NfsAttrs dirNotifDelay(Nfstime4 v) {
        values[FATTR4_DIR_NOTIF_DELAY] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_dirent_notif_delay (57). */
    public Nfstime4 direntNotifDelay() {
        return (Nfstime4) values[FATTR4_DIRENT_NOTIF_DELAY];
    }

    public NfsAttrs direntNotifDelay(Nfstime4 v) {
        values[FATTR4_DIRENT_NOTIF_DELAY] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_dacl (58). */
    public Nfsacl41 dacl() {
        return (Nfsacl41) values[FATTR4_DACL];
    }

    public NfsAttrs dacl(Nfsacl41 v) {
        values[FATTR4_DACL] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_sacl (59). */
    public Nfsacl41 sacl() {
        return (Nfsacl41) values[FATTR4_SACL];
    }

    public NfsAttrs sacl(Nfsacl41 v) {
        values[FATTR4_SACL] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_change_policy (60). */
    public ChangePolicy4 changePolicy() {
        return (ChangePolicy4) values[FATTR4_CHANGE_POLICY];
    }

    public NfsAttrs changePolicy(ChangePolicy4 v) {
        values[FATTR4_CHANGE_POLICY] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_fs_layout_types (62). */
    public int[] fsLayoutTypes() {
        return (int[]) values[FATTR4_FS_LAYOUT_TYPES];
    }

    public NfsAttrs fsLayoutTypes(int[] v) {
        values[FATTR4_FS_LAYOUT_TYPES] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_layout_types (64). */
    public int[] layoutTypes() {
        return (int[]) values[FATTR4_LAYOUT_TYPES];
    }

    public NfsAttrs layoutTypes(int[] v) {
        values[FATTR4_LAYOUT_TYPES] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_layout_blksize (65). */
    public Integer layoutBlksize() {
        return (Integer) values[FATTR4_LAYOUT_BLKSIZE];
    }

    public NfsAttrs layoutBlksize(int v) {
        values[FATTR4_LAYOUT_BLKSIZE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_layout_alignment (66). */
    public Integer layoutAlignment() {
        return (Integer) values[FATTR4_LAYOUT_ALIGNMENT];
    }

    public NfsAttrs layoutAlignment(int v) {
        values[FATTR4_LAYOUT_ALIGNMENT] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_mode_set_masked (74). */
    public ModeMasked4 modeSetMasked() {
        return (ModeMasked4) values[FATTR4_MODE_SET_MASKED];
    }

    public NfsAttrs modeSetMasked(ModeMasked4 v) {
        values[FATTR4_MODE_SET_MASKED] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_suppattr_exclcreat (75). */
    public Bitmap4 suppattrExclcreat() {
        return (Bitmap4) values[FATTR4_SUPPATTR_EXCLCREAT];
    }

    public NfsAttrs suppattrExclcreat(Bitmap4 v) {
        values[FATTR4_SUPPATTR_EXCLCREAT] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_fs_charset_cap (76). */
    public Integer fsCharsetCap() {
        return (Integer) values[FATTR4_FS_CHARSET_CAP];
    }

    public NfsAttrs fsCharsetCap(int v) {
        values[FATTR4_FS_CHARSET_CAP] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_clone_blksize (77). */
    public Integer cloneBlksize() {
        return (Integer) values[FATTR4_CLONE_BLKSIZE];
    }

    public NfsAttrs cloneBlksize(int v) {
        values[FATTR4_CLONE_BLKSIZE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_space_freed (78). */
    public Long spaceFreed() {
        return (Long) values[FATTR4_SPACE_FREED];
    }

    public NfsAttrs spaceFreed(long v) {
        values[FATTR4_SPACE_FREED] = Long.valueOf(v);
        return this;
    }

    /** fattr4_change_attr_type (79). */
    public Integer changeAttrType() {
        return (Integer) values[FATTR4_CHANGE_ATTR_TYPE];
    }

    public NfsAttrs changeAttrType(int v) {
        values[FATTR4_CHANGE_ATTR_TYPE] = Integer.valueOf(v);
        return this;
    }

    /** fattr4_sec_label (80). */
    public SecLabel4 secLabel() {
        return (SecLabel4) values[FATTR4_SEC_LABEL];
    }

    public NfsAttrs secLabel(SecLabel4 v) {
        values[FATTR4_SEC_LABEL] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_mode_umask (81). */
    public ModeUmask4 modeUmask() {
        return (ModeUmask4) values[FATTR4_MODE_UMASK];
    }

    public NfsAttrs modeUmask(ModeUmask4 v) {
        values[FATTR4_MODE_UMASK] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_deleg_access (84, RFC 9754). */
    public Nfstime4 timeDelegAccess() {
        return (Nfstime4) values[FATTR4_TIME_DELEG_ACCESS];
    }

    public NfsAttrs timeDelegAccess(Nfstime4 v) {
        values[FATTR4_TIME_DELEG_ACCESS] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_time_deleg_modify (85, RFC 9754). */
    public Nfstime4 timeDelegModify() {
        return (Nfstime4) values[FATTR4_TIME_DELEG_MODIFY];
    }

    public NfsAttrs timeDelegModify(Nfstime4 v) {
        values[FATTR4_TIME_DELEG_MODIFY] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_open_arguments (86, RFC 9754). */
    public OpenArguments4 openArguments() {
        return (OpenArguments4) values[FATTR4_OPEN_ARGUMENTS];
    }

    public NfsAttrs openArguments(OpenArguments4 v) {
        values[FATTR4_OPEN_ARGUMENTS] = java.util.Objects.requireNonNull(v);
        return this;
    }

    /** fattr4_xattr_support (82). */
    public Boolean xattrSupport() {
        return (Boolean) values[FATTR4_XATTR_SUPPORT];
    }

    public NfsAttrs xattrSupport(boolean v) {
        values[FATTR4_XATTR_SUPPORT] = Boolean.valueOf(v);
        return this;
    }
}
