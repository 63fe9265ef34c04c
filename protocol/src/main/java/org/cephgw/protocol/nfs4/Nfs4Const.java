package org.cephgw.protocol.nfs4;

/**
 * Constants of the NFSv4.1 (RFC 8881, XDR in RFC 5662) and NFSv4.2 (RFC 7862, XDR in RFC 7863)
 * protocols, plus the extended-attribute (RFC 8276) and umask (RFC 8275) extensions. Names are
 * exactly those of the XDR so that they can be looked up in the RFCs.
 */
public final class Nfs4Const {
    private Nfs4Const() {
    }

    // program (RFC 8881 §16)
    public static final int NFS4_PROGRAM = 100003;
    public static final int NFS_V4 = 4;
    public static final int NFSPROC4_NULL = 0;
    public static final int NFSPROC4_COMPOUND = 1;

    // sizes
    public static final int NFS4_FHSIZE = 128;
    public static final int NFS4_VERIFIER_SIZE = 8;
    public static final int NFS4_OTHER_SIZE = 12;
    public static final int NFS4_OPAQUE_LIMIT = 1024;
    public static final int NFS4_SESSIONID_SIZE = 16;
    public static final int NFS4_DEVICEID4_SIZE = 16;
    public static final long NFS4_INT64_MAX = 0x7fffffffffffffffL;
    public static final long NFS4_UINT64_MAX = 0xffffffffffffffffL;
    public static final int NFS4_INT32_MAX = 0x7fffffff;
    public static final int NFS4_UINT32_MAX = 0xffffffff;
    public static final long NFS4_MAXFILELEN = 0xffffffffffffffffL;
    public static final long NFS4_MAXFILEOFF = 0xfffffffffffffffeL;

    // nfs_ftype4
    public static final int NF4REG = 1;
    public static final int NF4DIR = 2;
    public static final int NF4BLK = 3;
    public static final int NF4CHR = 4;
    public static final int NF4LNK = 5;
    public static final int NF4SOCK = 6;
    public static final int NF4FIFO = 7;
    public static final int NF4ATTRDIR = 8;
    public static final int NF4NAMEDATTR = 9;

    // time_how4
    public static final int SET_TO_SERVER_TIME4 = 0;
    public static final int SET_TO_CLIENT_TIME4 = 1;

    // ACCESS4 bits (RFC 8881 §18.1; XA* from RFC 8276 §8.4.1)
    public static final int ACCESS4_READ = 0x00000001;
    public static final int ACCESS4_LOOKUP = 0x00000002;
    public static final int ACCESS4_MODIFY = 0x00000004;
    public static final int ACCESS4_EXTEND = 0x00000008;
    public static final int ACCESS4_DELETE = 0x00000010;
    public static final int ACCESS4_EXECUTE = 0x00000020;
    public static final int ACCESS4_XAREAD = 0x00000040;
    public static final int ACCESS4_XAWRITE = 0x00000080;
    public static final int ACCESS4_XALIST = 0x00000100;

    // aclsupport
    public static final int ACL4_SUPPORT_ALLOW_ACL = 0x00000001;
    public static final int ACL4_SUPPORT_DENY_ACL = 0x00000002;
    public static final int ACL4_SUPPORT_AUDIT_ACL = 0x00000004;
    public static final int ACL4_SUPPORT_ALARM_ACL = 0x00000008;

    // acetype4
    public static final int ACE4_ACCESS_ALLOWED_ACE_TYPE = 0x00000000;
    public static final int ACE4_ACCESS_DENIED_ACE_TYPE = 0x00000001;
    public static final int ACE4_SYSTEM_AUDIT_ACE_TYPE = 0x00000002;
    public static final int ACE4_SYSTEM_ALARM_ACE_TYPE = 0x00000003;

    // aceflag4
    public static final int ACE4_FILE_INHERIT_ACE = 0x00000001;
    public static final int ACE4_DIRECTORY_INHERIT_ACE = 0x00000002;
    public static final int ACE4_NO_PROPAGATE_INHERIT_ACE = 0x00000004;
    public static final int ACE4_INHERIT_ONLY_ACE = 0x00000008;
    public static final int ACE4_SUCCESSFUL_ACCESS_ACE_FLAG = 0x00000010;
    public static final int ACE4_FAILED_ACCESS_ACE_FLAG = 0x00000020;
    public static final int ACE4_IDENTIFIER_GROUP = 0x00000040;
    public static final int ACE4_INHERITED_ACE = 0x00000080;

    // acemask4
    public static final int ACE4_READ_DATA = 0x00000001;
    public static final int ACE4_LIST_DIRECTORY = 0x00000001;
    public static final int ACE4_WRITE_DATA = 0x00000002;
    public static final int ACE4_ADD_FILE = 0x00000002;
    public static final int ACE4_APPEND_DATA = 0x00000004;
    public static final int ACE4_ADD_SUBDIRECTORY = 0x00000004;
    public static final int ACE4_READ_NAMED_ATTRS = 0x00000008;
    public static final int ACE4_WRITE_NAMED_ATTRS = 0x00000010;
    public static final int ACE4_EXECUTE = 0x00000020;
    public static final int ACE4_DELETE_CHILD = 0x00000040;
    public static final int ACE4_READ_ATTRIBUTES = 0x00000080;
    public static final int ACE4_WRITE_ATTRIBUTES = 0x00000100;
    public static final int ACE4_WRITE_RETENTION = 0x00000200;
    public static final int ACE4_WRITE_RETENTION_HOLD = 0x00000400;
    public static final int ACE4_DELETE = 0x00010000;
    public static final int ACE4_READ_ACL = 0x00020000;
    public static final int ACE4_WRITE_ACL = 0x00040000;
    public static final int ACE4_WRITE_OWNER = 0x00080000;
    public static final int ACE4_SYNCHRONIZE = 0x00100000;
    public static final int ACE4_GENERIC_READ = 0x00120081;
    public static final int ACE4_GENERIC_WRITE = 0x00160106;
    public static final int ACE4_GENERIC_EXECUTE = 0x001200A0;

    // aclflag4
    public static final int ACL4_AUTO_INHERIT = 0x00000001;
    public static final int ACL4_PROTECTED = 0x00000002;
    public static final int ACL4_DEFAULTED = 0x00000004;

    // mode4 bits
    public static final int MODE4_SUID = 0x800;
    public static final int MODE4_SGID = 0x400;
    public static final int MODE4_SVTX = 0x200;
    public static final int MODE4_RUSR = 0x100;
    public static final int MODE4_WUSR = 0x080;
    public static final int MODE4_XUSR = 0x040;
    public static final int MODE4_RGRP = 0x020;
    public static final int MODE4_WGRP = 0x010;
    public static final int MODE4_XGRP = 0x008;
    public static final int MODE4_ROTH = 0x004;
    public static final int MODE4_WOTH = 0x002;
    public static final int MODE4_XOTH = 0x001;

    // fattr4_fh_expire_type
    public static final int FH4_PERSISTENT = 0x00000000;
    public static final int FH4_NOEXPIRE_WITH_OPEN = 0x00000001;
    public static final int FH4_VOLATILE_ANY = 0x00000002;
    public static final int FH4_VOL_MIGRATION = 0x00000004;
    public static final int FH4_VOL_RENAME = 0x00000008;

    // layouttype4 / layoutiomode4
    public static final int LAYOUT4_NFSV4_1_FILES = 0x1;
    public static final int LAYOUT4_OSD2_OBJECTS = 0x2;
    public static final int LAYOUT4_BLOCK_VOLUME = 0x3;
    public static final int LAYOUT4_FLEX_FILES = 0x4;
    public static final int LAYOUTIOMODE4_READ = 1;
    public static final int LAYOUTIOMODE4_RW = 2;
    public static final int LAYOUTIOMODE4_ANY = 3;

    // fs_charset_cap4
    public static final int FSCHARSET_CAP4_CONTAINS_NON_UTF8 = 0x1;
    public static final int FSCHARSET_CAP4_ALLOWS_ONLY_UTF8 = 0x2;

    // change_attr_type4 (RFC 7862 §12.2.3)
    public static final int NFS4_CHANGE_TYPE_IS_MONOTONIC_INCR = 0;
    public static final int NFS4_CHANGE_TYPE_IS_VERSION_COUNTER = 1;
    public static final int NFS4_CHANGE_TYPE_IS_VERSION_COUNTER_NOPNFS = 2;
    public static final int NFS4_CHANGE_TYPE_IS_TIME_METADATA = 3;
    public static final int NFS4_CHANGE_TYPE_IS_UNDEFINED = 4;

    // fattr4 attribute numbers (RFC 8881 §5.6-5.8, RFC 7862 §12.2, RFC 8275, RFC 8276)
    public static final int FATTR4_SUPPORTED_ATTRS = 0;
    public static final int FATTR4_TYPE = 1;
    public static final int FATTR4_FH_EXPIRE_TYPE = 2;
    public static final int FATTR4_CHANGE = 3;
    public static final int FATTR4_SIZE = 4;
    public static final int FATTR4_LINK_SUPPORT = 5;
    public static final int FATTR4_SYMLINK_SUPPORT = 6;
    public static final int FATTR4_NAMED_ATTR = 7;
    public static final int FATTR4_FSID = 8;
    public static final int FATTR4_UNIQUE_HANDLES = 9;
    public static final int FATTR4_LEASE_TIME = 10;
    public static final int FATTR4_RDATTR_ERROR = 11;
    public static final int FATTR4_ACL = 12;
    public static final int FATTR4_ACLSUPPORT = 13;
    public static final int FATTR4_ARCHIVE = 14;
    public static final int FATTR4_CANSETTIME = 15;
    public static final int FATTR4_CASE_INSENSITIVE = 16;
    public static final int FATTR4_CASE_PRESERVING = 17;
    public static final int FATTR4_CHOWN_RESTRICTED = 18;
    public static final int FATTR4_FILEHANDLE = 19;
    public static final int FATTR4_FILEID = 20;
    public static final int FATTR4_FILES_AVAIL = 21;
    public static final int FATTR4_FILES_FREE = 22;
    public static final int FATTR4_FILES_TOTAL = 23;
    public static final int FATTR4_FS_LOCATIONS = 24;
    public static final int FATTR4_HIDDEN = 25;
    public static final int FATTR4_HOMOGENEOUS = 26;
    public static final int FATTR4_MAXFILESIZE = 27;
    public static final int FATTR4_MAXLINK = 28;
    public static final int FATTR4_MAXNAME = 29;
    public static final int FATTR4_MAXREAD = 30;
    public static final int FATTR4_MAXWRITE = 31;
    public static final int FATTR4_MIMETYPE = 32;
    public static final int FATTR4_MODE = 33;
    public static final int FATTR4_NO_TRUNC = 34;
    public static final int FATTR4_NUMLINKS = 35;
    public static final int FATTR4_OWNER = 36;
    public static final int FATTR4_OWNER_GROUP = 37;
    public static final int FATTR4_QUOTA_AVAIL_HARD = 38;
    public static final int FATTR4_QUOTA_AVAIL_SOFT = 39;
    public static final int FATTR4_QUOTA_USED = 40;
    public static final int FATTR4_RAWDEV = 41;
    public static final int FATTR4_SPACE_AVAIL = 42;
    public static final int FATTR4_SPACE_FREE = 43;
    public static final int FATTR4_SPACE_TOTAL = 44;
    public static final int FATTR4_SPACE_USED = 45;
    public static final int FATTR4_SYSTEM = 46;
    public static final int FATTR4_TIME_ACCESS = 47;
    public static final int FATTR4_TIME_ACCESS_SET = 48;
    public static final int FATTR4_TIME_BACKUP = 49;
    public static final int FATTR4_TIME_CREATE = 50;
    public static final int FATTR4_TIME_DELTA = 51;
    public static final int FATTR4_TIME_METADATA = 52;
    public static final int FATTR4_TIME_MODIFY = 53;
    public static final int FATTR4_TIME_MODIFY_SET = 54;
    public static final int FATTR4_MOUNTED_ON_FILEID = 55;
    public static final int FATTR4_DIR_NOTIF_DELAY = 56;
    public static final int FATTR4_DIRENT_NOTIF_DELAY = 57;
    public static final int FATTR4_DACL = 58;
    public static final int FATTR4_SACL = 59;
    public static final int FATTR4_CHANGE_POLICY = 60;
    public static final int FATTR4_FS_STATUS = 61;
    public static final int FATTR4_FS_LAYOUT_TYPES = 62;
    public static final int FATTR4_LAYOUT_HINT = 63;
    public static final int FATTR4_LAYOUT_TYPES = 64;
    public static final int FATTR4_LAYOUT_BLKSIZE = 65;
    public static final int FATTR4_LAYOUT_ALIGNMENT = 66;
    public static final int FATTR4_FS_LOCATIONS_INFO = 67;
    public static final int FATTR4_MDSTHRESHOLD = 68;
    public static final int FATTR4_RETENTION_GET = 69;
    public static final int FATTR4_RETENTION_SET = 70;
    public static final int FATTR4_RETENTEVT_GET = 71;
    public static final int FATTR4_RETENTEVT_SET = 72;
    public static final int FATTR4_RETENTION_HOLD = 73;
    public static final int FATTR4_MODE_SET_MASKED = 74;
    public static final int FATTR4_SUPPATTR_EXCLCREAT = 75;
    public static final int FATTR4_FS_CHARSET_CAP = 76;
    public static final int FATTR4_CLONE_BLKSIZE = 77;
    public static final int FATTR4_SPACE_FREED = 78;
    public static final int FATTR4_CHANGE_ATTR_TYPE = 79;
    public static final int FATTR4_SEC_LABEL = 80;
    public static final int FATTR4_MODE_UMASK = 81;
    public static final int FATTR4_XATTR_SUPPORT = 82;
    /** RFC 9754: the holder of a write delegation with delegated timestamps reports these (CB_GETATTR). */
    public static final int FATTR4_TIME_DELEG_ACCESS = 84;
    public static final int FATTR4_TIME_DELEG_MODIFY = 85;
    /** RFC 9754: which OPEN arguments the server supports. */
    public static final int FATTR4_OPEN_ARGUMENTS = 86;

    // OPEN share access / deny (RFC 8881 §18.16)
    public static final int OPEN4_SHARE_ACCESS_READ = 0x00000001;
    public static final int OPEN4_SHARE_ACCESS_WRITE = 0x00000002;
    public static final int OPEN4_SHARE_ACCESS_BOTH = 0x00000003;
    public static final int OPEN4_SHARE_DENY_NONE = 0x00000000;
    public static final int OPEN4_SHARE_DENY_READ = 0x00000001;
    public static final int OPEN4_SHARE_DENY_WRITE = 0x00000002;
    public static final int OPEN4_SHARE_DENY_BOTH = 0x00000003;
    public static final int OPEN4_SHARE_ACCESS_WANT_DELEG_MASK = 0xFF00;
    public static final int OPEN4_SHARE_ACCESS_WANT_NO_PREFERENCE = 0x0000;
    public static final int OPEN4_SHARE_ACCESS_WANT_READ_DELEG = 0x0100;
    public static final int OPEN4_SHARE_ACCESS_WANT_WRITE_DELEG = 0x0200;
    public static final int OPEN4_SHARE_ACCESS_WANT_ANY_DELEG = 0x0300;
    public static final int OPEN4_SHARE_ACCESS_WANT_NO_DELEG = 0x0400;
    public static final int OPEN4_SHARE_ACCESS_WANT_CANCEL = 0x0500;
    public static final int OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL = 0x10000;
    public static final int OPEN4_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED = 0x20000;
    /** RFC 9754. */
    public static final int OPEN4_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS = 0x100000;
    public static final int OPEN4_SHARE_ACCESS_WANT_OPEN_XOR_DELEGATION = 0x200000;

    // OPEN result flags
    public static final int OPEN4_RESULT_CONFIRM = 0x00000002;
    public static final int OPEN4_RESULT_LOCKTYPE_POSIX = 0x00000004;
    public static final int OPEN4_RESULT_PRESERVE_UNLINKED = 0x00000008;
    public static final int OPEN4_RESULT_MAY_NOTIFY_LOCK = 0x00000020;

    // createmode4
    public static final int UNCHECKED4 = 0;
    public static final int GUARDED4 = 1;
    public static final int EXCLUSIVE4 = 2;
    public static final int EXCLUSIVE4_1 = 3;

    // opentype4
    public static final int OPEN4_NOCREATE = 0;
    public static final int OPEN4_CREATE = 1;

    // limit_by4
    public static final int NFS_LIMIT_SIZE = 1;
    public static final int NFS_LIMIT_BLOCKS = 2;

    // open_delegation_type4
    public static final int OPEN_DELEGATE_NONE = 0;
    public static final int OPEN_DELEGATE_READ = 1;
    public static final int OPEN_DELEGATE_WRITE = 2;
    public static final int OPEN_DELEGATE_NONE_EXT = 3;

    // open_claim_type4
    public static final int CLAIM_NULL = 0;
    public static final int CLAIM_PREVIOUS = 1;
    public static final int CLAIM_DELEGATE_CUR = 2;
    public static final int CLAIM_DELEGATE_PREV = 3;
    public static final int CLAIM_FH = 4;
    public static final int CLAIM_DELEG_CUR_FH = 5;
    public static final int CLAIM_DELEG_PREV_FH = 6;

    // why_no_delegation4
    public static final int WND4_NOT_WANTED = 0;
    public static final int WND4_CONTENTION = 1;
    public static final int WND4_RESOURCE = 2;
    public static final int WND4_NOT_SUPP_FTYPE = 3;
    public static final int WND4_WRITE_DELEG_NOT_SUPP_FTYPE = 4;
    public static final int WND4_NOT_SUPP_UPGRADE = 5;
    public static final int WND4_NOT_SUPP_DOWNGRADE = 6;
    public static final int WND4_CANCELLED = 7;
    public static final int WND4_IS_DIR = 8;

    // nfs_lock_type4
    public static final int READ_LT = 1;
    public static final int WRITE_LT = 2;
    public static final int READW_LT = 3;
    public static final int WRITEW_LT = 4;

    // stable_how4
    public static final int UNSTABLE4 = 0;
    public static final int DATA_SYNC4 = 1;
    public static final int FILE_SYNC4 = 2;

    // data_content4 (RFC 7862)
    public static final int NFS4_CONTENT_DATA = 0;
    public static final int NFS4_CONTENT_HOLE = 1;

    // rpc_gss_svc_t (RFC 2203)
    public static final int RPC_GSS_SVC_NONE = 1;
    public static final int RPC_GSS_SVC_INTEGRITY = 2;
    public static final int RPC_GSS_SVC_PRIVACY = 3;

    // secinfo_style4
    public static final int SECINFO_STYLE4_CURRENT_FH = 0;
    public static final int SECINFO_STYLE4_PARENT = 1;

    // channel_dir_from_client4 / channel_dir_from_server4
    public static final int CDFC4_FORE = 0x1;
    public static final int CDFC4_BACK = 0x2;
    public static final int CDFC4_FORE_OR_BOTH = 0x3;
    public static final int CDFC4_BACK_OR_BOTH = 0x7;
    public static final int CDFS4_FORE = 0x1;
    public static final int CDFS4_BACK = 0x2;
    public static final int CDFS4_BOTH = 0x3;

    // EXCHANGE_ID flags (RFC 8881 §18.35)
    public static final int EXCHGID4_FLAG_SUPP_MOVED_REFER = 0x00000001;
    public static final int EXCHGID4_FLAG_SUPP_MOVED_MIGR = 0x00000002;
    public static final int EXCHGID4_FLAG_SUPP_FENCE_OPS = 0x00000004;
    public static final int EXCHGID4_FLAG_BIND_PRINC_STATEID = 0x00000100;
    public static final int EXCHGID4_FLAG_USE_NON_PNFS = 0x00010000;
    public static final int EXCHGID4_FLAG_USE_PNFS_MDS = 0x00020000;
    public static final int EXCHGID4_FLAG_USE_PNFS_DS = 0x00040000;
    public static final int EXCHGID4_FLAG_MASK_PNFS = 0x00070000;
    public static final int EXCHGID4_FLAG_UPD_CONFIRMED_REC_A = 0x40000000;
    public static final int EXCHGID4_FLAG_CONFIRMED_R = 0x80000000;

    // state_protect_how4
    public static final int SP4_NONE = 0;
    public static final int SP4_MACH_CRED = 1;
    public static final int SP4_SSV = 2;

    // CREATE_SESSION flags
    public static final int CREATE_SESSION4_FLAG_PERSIST = 0x00000001;
    public static final int CREATE_SESSION4_FLAG_CONN_BACK_CHAN = 0x00000002;
    public static final int CREATE_SESSION4_FLAG_CONN_RDMA = 0x00000004;

    // SEQUENCE status flags (RFC 8881 §18.46)
    public static final int SEQ4_STATUS_CB_PATH_DOWN = 0x00000001;
    public static final int SEQ4_STATUS_CB_GSS_CONTEXTS_EXPIRING = 0x00000002;
    public static final int SEQ4_STATUS_CB_GSS_CONTEXTS_EXPIRED = 0x00000004;
    public static final int SEQ4_STATUS_EXPIRED_ALL_STATE_REVOKED = 0x00000008;
    public static final int SEQ4_STATUS_EXPIRED_SOME_STATE_REVOKED = 0x00000010;
    public static final int SEQ4_STATUS_ADMIN_STATE_REVOKED = 0x00000020;
    public static final int SEQ4_STATUS_RECALLABLE_STATE_REVOKED = 0x00000040;
    public static final int SEQ4_STATUS_LEASE_MOVED = 0x00000080;
    public static final int SEQ4_STATUS_RESTART_RECLAIM_NEEDED = 0x00000100;
    public static final int SEQ4_STATUS_CB_PATH_DOWN_SESSION = 0x00000200;
    public static final int SEQ4_STATUS_BACKCHANNEL_FAULT = 0x00000400;
    public static final int SEQ4_STATUS_DEVID_CHANGED = 0x00000800;
    public static final int SEQ4_STATUS_DEVID_DELETED = 0x00001000;

    // gddrnf4_status (GET_DIR_DELEGATION)
    public static final int GDD4_OK = 0;
    public static final int GDD4_UNAVAIL = 1;

    // netloc_type4 (RFC 7862 §4.1)
    public static final int NL4_NAME = 1;
    public static final int NL4_URL = 2;
    public static final int NL4_NETADDR = 3;

    // setxattr_option4 (RFC 8276)
    public static final int SETXATTR4_EITHER = 0;
    public static final int SETXATTR4_CREATE = 1;
    public static final int SETXATTR4_REPLACE = 2;

    // IO_ADVISE_type4 (RFC 7862 §15.5)
    public static final int IO_ADVISE4_NORMAL = 0;
    public static final int IO_ADVISE4_SEQUENTIAL = 1;
    public static final int IO_ADVISE4_SEQUENTIAL_BACKWARDS = 2;
    public static final int IO_ADVISE4_RANDOM = 3;
    public static final int IO_ADVISE4_WILLNEED = 4;
    public static final int IO_ADVISE4_WILLNEED_OPPORTUNISTIC = 5;
    public static final int IO_ADVISE4_DONTNEED = 6;
    public static final int IO_ADVISE4_NOREUSE = 7;
    public static final int IO_ADVISE4_READ = 8;
    public static final int IO_ADVISE4_WRITE = 9;
    public static final int IO_ADVISE4_INIT_PROXIMITY = 10;
}
