package org.cephgw.actors.attr;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import org.cephgw.actors.compound.OpException;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.FsInfo;
import org.cephgw.fsal.FsStats;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.fsal.Stat;
import org.cephgw.fsal.Timestamp;
import org.cephgw.protocol.nfs4.Bitmap4;
import org.cephgw.protocol.xdr.XdrEncoder;
import org.cephgw.protocol.nfs4.OpenArguments4;
import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.Fsid4;
import org.cephgw.protocol.nfs4.NfsAttrs;
import org.cephgw.protocol.nfs4.NfsAttrsException;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.Nfstime4;
import org.cephgw.protocol.nfs4.Settime4;
import org.cephgw.protocol.nfs4.Specdata4;

/** Turns back-end attributes into fattr4 and fattr4 into back-end changes (RFC 8881 §5). */
public final class Attributes {
    private Attributes() {
    }

    /** What a SETATTR (or the attributes of a create) may change here. */
    public static final Bitmap4 SETTABLE = Bitmap4.of(FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER, FATTR4_OWNER_GROUP,
            FATTR4_TIME_ACCESS_SET, FATTR4_TIME_MODIFY_SET);

    /** EXCLUSIVE4_1 keeps its verifier in the times, so those cannot come with the create. */
    public static final Bitmap4 EXCLUSIVE_CREATE_SETTABLE = Bitmap4.of(FATTR4_SIZE, FATTR4_MODE, FATTR4_OWNER,
            FATTR4_OWNER_GROUP);

    private static final Bitmap4 SUPPORTED_41 = Bitmap4.of(
            FATTR4_SUPPORTED_ATTRS, FATTR4_TYPE, FATTR4_FH_EXPIRE_TYPE, FATTR4_CHANGE, FATTR4_SIZE,
            FATTR4_LINK_SUPPORT, FATTR4_SYMLINK_SUPPORT, FATTR4_NAMED_ATTR, FATTR4_FSID, FATTR4_UNIQUE_HANDLES,
            FATTR4_LEASE_TIME, FATTR4_RDATTR_ERROR, FATTR4_ACLSUPPORT, FATTR4_CANSETTIME,
            FATTR4_CASE_INSENSITIVE, FATTR4_CASE_PRESERVING, FATTR4_CHOWN_RESTRICTED, FATTR4_FILEHANDLE,
            FATTR4_FILEID, FATTR4_FILES_AVAIL, FATTR4_FILES_FREE, FATTR4_FILES_TOTAL, FATTR4_HOMOGENEOUS,
            FATTR4_MAXFILESIZE, FATTR4_MAXLINK, FATTR4_MAXNAME, FATTR4_MAXREAD, FATTR4_MAXWRITE, FATTR4_MODE,
            FATTR4_NO_TRUNC, FATTR4_NUMLINKS, FATTR4_OWNER, FATTR4_OWNER_GROUP, FATTR4_RAWDEV,
            FATTR4_SPACE_AVAIL, FATTR4_SPACE_FREE, FATTR4_SPACE_TOTAL, FATTR4_SPACE_USED, FATTR4_TIME_ACCESS,
            FATTR4_TIME_ACCESS_SET, FATTR4_TIME_CREATE, FATTR4_TIME_DELTA, FATTR4_TIME_METADATA,
            FATTR4_TIME_MODIFY, FATTR4_TIME_MODIFY_SET, FATTR4_MOUNTED_ON_FILEID, FATTR4_SUPPATTR_EXCLCREAT);

    private static final Bitmap4 SUPPORTED_42 = SUPPORTED_41.or(Bitmap4.of(FATTR4_XATTR_SUPPORT, FATTR4_OPEN_ARGUMENTS));

    /**
     * What OPEN supports (RFC 9754): every share access and deny, asking for any
     * delegation or none, cancelling; every claim but the delegation reclaims after a client
     * restart (CLAIM_DELEGATE_PREV, CLAIM_DELEG_PREV_FH); every create mode.
     */
    private static final OpenArguments4 OPEN_ARGUMENTS = new OpenArguments4(
            Bitmap4.of(1, 2, 3), Bitmap4.of(0, 1, 2, 3), Bitmap4.of(3, 4, 5),
            Bitmap4.of(0, 1, 2, 4, 5), Bitmap4.of(0, 1, 2, 3));

    /** Attributes that need a statfs of the back end. */
    private static final Bitmap4 STATFS = Bitmap4.of(FATTR4_FILES_AVAIL, FATTR4_FILES_FREE, FATTR4_FILES_TOTAL,
            FATTR4_SPACE_AVAIL, FATTR4_SPACE_FREE, FATTR4_SPACE_TOTAL);

    public static Bitmap4 supported(int minorVersion) {
        return minorVersion >= 2 ? SUPPORTED_42 : SUPPORTED_41;
    }

    public static boolean needsStatfs(Bitmap4 requested) {
        return !requested.and(STATFS).isEmpty();
    }

    /**
     * Everything about a file that attributes are made of.
     *
     * @param xattrSupport whether the file system offers RFC 8276 extended attributes
     */
    public record Source(Stat stat, byte[] wireHandle, FsInfo info, long fsidMajor, long fsidMinor, FsStats stats,
                         long mountedOnFileId, int leaseSeconds, int maxRead, int maxWrite, int minorVersion,
                         IdMapper ids, boolean xattrSupport) {
    }

    public static int nfsType(FileType t) {
        switch (t) {
            case REGULAR: return NF4REG;
            case DIRECTORY: return NF4DIR;
            case SYMLINK: return NF4LNK;
            case BLOCK: return NF4BLK;
            case CHAR: return NF4CHR;
            case FIFO: return NF4FIFO;
            default: return NF4SOCK;
        }
    }

    private static Nfstime4 time(Timestamp t) {
        return new Nfstime4(t.seconds(), t.nanos());
    }

    /**
     * The attributes a stat gives and every GETATTR after LOOKUP and every READDIR of the Linux
     * client asks for: encoded straight into XDR ({@link #encodeDirect}), without building an
     * {@link NfsAttrs} of boxed values — READDIR encodes a thousand entries per reply.
     */
    private static final Bitmap4 DIRECT = Bitmap4.of(FATTR4_TYPE, FATTR4_CHANGE, FATTR4_SIZE, FATTR4_FSID,
            FATTR4_FILEHANDLE, FATTR4_FILEID, FATTR4_MODE, FATTR4_NUMLINKS, FATTR4_OWNER, FATTR4_OWNER_GROUP,
            FATTR4_RAWDEV, FATTR4_SPACE_USED, FATTR4_TIME_ACCESS, FATTR4_TIME_METADATA, FATTR4_TIME_MODIFY,
            FATTR4_MOUNTED_ON_FILEID);

    /**
     * What to encode for a request, worked out once (READDIR: once per reply, not per entry).
     *
     * @param want   the requested attributes that are supported
     * @param direct whether all of them are {@link #DIRECT} (or rdattr_error, which a file whose
     *               attributes could be read does not have)
     * @param mask   for a direct plan: the attributes the fattr4 carries
     * @param bits   for a direct plan: their numbers, ascending
     * @param statfs whether any needs a statfs of the back end
     */
    public record Plan(Bitmap4 want, boolean direct, Bitmap4 mask, int[] bits, boolean statfs) {
    }

    public static Plan plan(Bitmap4 requested, int minorVersion) {
        Bitmap4 want = requested.and(supported(minorVersion));
        Bitmap4 mask = want.clear(FATTR4_RDATTR_ERROR).trimmed();
        return new Plan(want, DIRECT.containsAll(mask), mask, mask.bits(), needsStatfs(want));
    }

    /** The fattr4 of the requested attributes that are supported. */
    public static Fattr4 encode(Bitmap4 requested, Source s) {
        return encode(plan(requested, s.minorVersion), s);
    }

    /** The fattr4 a plan asks for. */
    public static Fattr4 encode(Plan plan, Source s) {
        return plan.direct ? encodeDirect(plan, s) : encodeGeneral(plan.want, s);
    }

    /** {@link #DIRECT} attributes only, each written as its {@link NfsAttrs} codec would. */
    static Fattr4 encodeDirect(Plan plan, Source s) {
        Stat st = s.stat;
        XdrEncoder x = new XdrEncoder(64 + 8 * plan.bits.length + s.wireHandle.length);
        for (int bit : plan.bits) {
            switch (bit) {
                case FATTR4_TYPE -> x.writeInt(nfsType(st.type()));
                case FATTR4_CHANGE -> x.writeHyper(st.change());
                case FATTR4_SIZE -> x.writeHyper(st.size());
                case FATTR4_FSID -> x.writeHyper(s.fsidMajor).writeHyper(s.fsidMinor);
                case FATTR4_FILEHANDLE -> x.writeOpaque(s.wireHandle);
                case FATTR4_FILEID -> x.writeHyper(st.fileId());
                case FATTR4_MODE -> x.writeInt(st.mode() & 07777);
                case FATTR4_NUMLINKS -> x.writeInt((int) Math.min(st.nlink(), 0xffffffffL));
                case FATTR4_OWNER -> x.writeString(s.ids.owner(st.uid()));
                case FATTR4_OWNER_GROUP -> x.writeString(s.ids.group(st.gid()));
                case FATTR4_RAWDEV -> x.writeInt(st.rdevMajor()).writeInt(st.rdevMinor());
                case FATTR4_SPACE_USED -> x.writeHyper(st.spaceUsed());
                case FATTR4_TIME_ACCESS -> x.writeHyper(st.atime().seconds()).writeInt(st.atime().nanos());
                case FATTR4_TIME_METADATA -> x.writeHyper(st.ctime().seconds()).writeInt(st.ctime().nanos());
                case FATTR4_TIME_MODIFY -> x.writeHyper(st.mtime().seconds()).writeInt(st.mtime().nanos());
                case FATTR4_MOUNTED_ON_FILEID -> x.writeHyper(s.mountedOnFileId);
                default -> throw new IllegalStateException("attribute " + bit + " is not encoded directly");
            }
        }
        return new Fattr4(plan.mask, x.toByteArray());
    }

    /** Any supported attributes, through {@link NfsAttrs}. */
    static Fattr4 encodeGeneral(Bitmap4 want, Source s) {
        NfsAttrs a = new NfsAttrs();
        Stat st = s.stat;
        for (int bit : want.bits()) {
            switch (bit) {
                case FATTR4_SUPPORTED_ATTRS: a.supportedAttrs(supported(s.minorVersion)); break;
                case FATTR4_TYPE: a.type(nfsType(st.type())); break;
                case FATTR4_FH_EXPIRE_TYPE: a.fhExpireType(FH4_PERSISTENT); break;
                case FATTR4_CHANGE: a.change(st.change()); break;
                case FATTR4_SIZE: a.size(st.size()); break;
                case FATTR4_LINK_SUPPORT: a.linkSupport(s.info.hardLinks()); break;
                case FATTR4_SYMLINK_SUPPORT: a.symlinkSupport(s.info.symlinks()); break;
                case FATTR4_NAMED_ATTR: a.namedAttr(false); break;
                case FATTR4_FSID: a.fsid(new Fsid4(s.fsidMajor, s.fsidMinor)); break;
                case FATTR4_UNIQUE_HANDLES: a.uniqueHandles(true); break;
                case FATTR4_LEASE_TIME: a.leaseTime(s.leaseSeconds); break;
                case FATTR4_ACLSUPPORT: a.aclSupport(0); break;
                case FATTR4_CANSETTIME: a.cansettime(true); break;
                case FATTR4_CASE_INSENSITIVE: a.caseInsensitive(false); break;
                case FATTR4_CASE_PRESERVING: a.casePreserving(true); break;
                case FATTR4_CHOWN_RESTRICTED: a.chownRestricted(true); break;
                case FATTR4_FILEHANDLE: a.filehandle(s.wireHandle); break;
                case FATTR4_FILEID: a.fileid(st.fileId()); break;
                case FATTR4_FILES_AVAIL: if (s.stats != null) { a.filesAvail(s.stats.availFiles()); } break;
                case FATTR4_FILES_FREE: if (s.stats != null) { a.filesFree(s.stats.freeFiles()); } break;
                case FATTR4_FILES_TOTAL: if (s.stats != null) { a.filesTotal(s.stats.totalFiles()); } break;
                case FATTR4_HOMOGENEOUS: a.homogeneous(true); break;
                case FATTR4_MAXFILESIZE: a.maxfilesize(s.info.maxFileSize()); break;
                case FATTR4_MAXLINK: a.maxlink(65000); break;
                case FATTR4_MAXNAME: a.maxname(s.info.maxNameLength()); break;
                case FATTR4_MAXREAD: a.maxread(s.maxRead); break;
                case FATTR4_MAXWRITE: a.maxwrite(s.maxWrite); break;
                case FATTR4_MODE: a.mode(st.mode() & 07777); break;
                case FATTR4_NO_TRUNC: a.noTrunc(true); break;
                case FATTR4_NUMLINKS: a.numlinks((int) Math.min(st.nlink(), 0xffffffffL)); break;
                case FATTR4_OWNER: a.owner(s.ids.owner(st.uid())); break;
                case FATTR4_OWNER_GROUP: a.ownerGroup(s.ids.group(st.gid())); break;
                case FATTR4_RAWDEV: a.rawdev(new Specdata4(st.rdevMajor(), st.rdevMinor())); break;
                case FATTR4_SPACE_AVAIL: if (s.stats != null) { a.spaceAvail(s.stats.availBytes()); } break;
                case FATTR4_SPACE_FREE: if (s.stats != null) { a.spaceFree(s.stats.freeBytes()); } break;
                case FATTR4_SPACE_TOTAL: if (s.stats != null) { a.spaceTotal(s.stats.totalBytes()); } break;
                case FATTR4_SPACE_USED: a.spaceUsed(st.spaceUsed()); break;
                case FATTR4_TIME_ACCESS: a.timeAccess(time(st.atime())); break;
                case FATTR4_TIME_CREATE: if (st.birthTime() != null) { a.timeCreate(time(st.birthTime())); } break;
                case FATTR4_TIME_DELTA: a.timeDelta(new Nfstime4(s.info.timeDeltaNanos() / 1_000_000_000L,
                        (int) (s.info.timeDeltaNanos() % 1_000_000_000L))); break;
                case FATTR4_TIME_METADATA: a.timeMetadata(time(st.ctime())); break;
                case FATTR4_TIME_MODIFY: a.timeModify(time(st.mtime())); break;
                case FATTR4_MOUNTED_ON_FILEID: a.mountedOnFileid(s.mountedOnFileId); break;
                case FATTR4_SUPPATTR_EXCLCREAT: a.suppattrExclcreat(EXCLUSIVE_CREATE_SETTABLE); break;
                case FATTR4_XATTR_SUPPORT: a.xattrSupport(s.xattrSupport); break;
                case FATTR4_OPEN_ARGUMENTS: a.openArguments(OPEN_ARGUMENTS); break;
                default: break; // write-only (time_*_set) or nothing to say
            }
        }
        return a.encode(want);
    }

    /** A decoded SETATTR (or create attributes): what to change and which bits that is. */
    public record Change(SetAttributes attrs, Bitmap4 bits) {
    }

    /**
     * Reads the attributes a client asks to set.
     *
     * @param settable the attributes allowed here (others the server supports → NFS4ERR_INVAL,
     *                 unsupported → NFS4ERR_ATTRNOTSUPP)
     */
    public static Change decodeSet(Fattr4 f, Bitmap4 settable, int minorVersion, IdMapper ids) {
        NfsAttrs a;
        try {
            a = NfsAttrs.decode(f);
        } catch (NfsAttrsException e) {
            throw new OpException(e.status());
        }
        Bitmap4 bits = a.present();
        for (int bit : bits.bits()) {
            if (!settable.isSet(bit)) {
                // one we do not support at all is ATTRNOTSUPP; a supported one that may not be set
                // here is INVAL: read-only ones in SETATTR, and in an EXCLUSIVE4_1 create also the
                // settable ones outside suppattr_exclcreat (RFC 8881 §18.16.3)
                boolean known = supported(minorVersion).isSet(bit);
                throw new OpException(known ? NfsStat4.NFS4ERR_INVAL : NfsStat4.NFS4ERR_ATTRNOTSUPP);
            }
        }
        Integer mode = a.mode() == null ? null : a.mode() & 07777;
        Integer uid = null;
        Integer gid = null;
        if (a.owner() != null) {
            int u = ids.uid(a.owner());
            if (u == IdMapper.BAD) {
                throw new OpException(NfsStat4.NFS4ERR_BADOWNER);
            }
            uid = u;
        }
        if (a.ownerGroup() != null) {
            int g = ids.gid(a.ownerGroup());
            if (g == IdMapper.BAD) {
                throw new OpException(NfsStat4.NFS4ERR_BADOWNER);
            }
            gid = g;
        }
        return new Change(new SetAttributes(mode, uid, gid, a.size(), timeSet(a.timeAccessSet()),
                timeSet(a.timeModifySet())), bits);
    }

    private static SetAttributes.TimeSet timeSet(Settime4 t) {
        if (t == null) {
            return null;
        }
        if (t.setIt() == SET_TO_SERVER_TIME4) {
            return SetAttributes.TimeSet.SERVER;
        }
        if (t.setIt() != SET_TO_CLIENT_TIME4 || t.time().nseconds() < 0 || t.time().nseconds() >= 1_000_000_000) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        return SetAttributes.TimeSet.of(new Timestamp(t.time().seconds(), t.time().nseconds()));
    }
}
