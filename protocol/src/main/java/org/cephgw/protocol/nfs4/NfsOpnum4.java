package org.cephgw.protocol.nfs4;

import java.util.Map;

/** nfs_opnum4: operation numbers of RFC 8881 §16.2 (4.0/4.1), RFC 7862 (4.2) and RFC 8276. */
public final class NfsOpnum4 {
    private NfsOpnum4() {
    }

    public static final int OP_ACCESS = 3;
    public static final int OP_CLOSE = 4;
    public static final int OP_COMMIT = 5;
    public static final int OP_CREATE = 6;
    public static final int OP_DELEGPURGE = 7;
    public static final int OP_DELEGRETURN = 8;
    public static final int OP_GETATTR = 9;
    public static final int OP_GETFH = 10;
    public static final int OP_LINK = 11;
    public static final int OP_LOCK = 12;
    public static final int OP_LOCKT = 13;
    public static final int OP_LOCKU = 14;
    public static final int OP_LOOKUP = 15;
    public static final int OP_LOOKUPP = 16;
    public static final int OP_NVERIFY = 17;
    public static final int OP_OPEN = 18;
    public static final int OP_OPENATTR = 19;
    /** NFSv4.0 only: mandatory not-to-implement in 4.1. */
    public static final int OP_OPEN_CONFIRM = 20;
    public static final int OP_OPEN_DOWNGRADE = 21;
    public static final int OP_PUTFH = 22;
    public static final int OP_PUTPUBFH = 23;
    public static final int OP_PUTROOTFH = 24;
    public static final int OP_READ = 25;
    public static final int OP_READDIR = 26;
    public static final int OP_READLINK = 27;
    public static final int OP_REMOVE = 28;
    public static final int OP_RENAME = 29;
    /** NFSv4.0 only. */
    public static final int OP_RENEW = 30;
    public static final int OP_RESTOREFH = 31;
    public static final int OP_SAVEFH = 32;
    public static final int OP_SECINFO = 33;
    public static final int OP_SETATTR = 34;
    /** NFSv4.0 only. */
    public static final int OP_SETCLIENTID = 35;
    /** NFSv4.0 only. */
    public static final int OP_SETCLIENTID_CONFIRM = 36;
    public static final int OP_VERIFY = 37;
    public static final int OP_WRITE = 38;
    /** NFSv4.0 only. */
    public static final int OP_RELEASE_LOCKOWNER = 39;
    // NFSv4.1
    public static final int OP_BACKCHANNEL_CTL = 40;
    public static final int OP_BIND_CONN_TO_SESSION = 41;
    public static final int OP_EXCHANGE_ID = 42;
    public static final int OP_CREATE_SESSION = 43;
    public static final int OP_DESTROY_SESSION = 44;
    public static final int OP_FREE_STATEID = 45;
    public static final int OP_GET_DIR_DELEGATION = 46;
    public static final int OP_GETDEVICEINFO = 47;
    public static final int OP_GETDEVICELIST = 48;
    public static final int OP_LAYOUTCOMMIT = 49;
    public static final int OP_LAYOUTGET = 50;
    public static final int OP_LAYOUTRETURN = 51;
    public static final int OP_SECINFO_NO_NAME = 52;
    public static final int OP_SEQUENCE = 53;
    public static final int OP_SET_SSV = 54;
    public static final int OP_TEST_STATEID = 55;
    public static final int OP_WANT_DELEGATION = 56;
    public static final int OP_DESTROY_CLIENTID = 57;
    public static final int OP_RECLAIM_COMPLETE = 58;
    // NFSv4.2
    public static final int OP_ALLOCATE = 59;
    public static final int OP_COPY = 60;
    public static final int OP_COPY_NOTIFY = 61;
    public static final int OP_DEALLOCATE = 62;
    public static final int OP_IO_ADVISE = 63;
    public static final int OP_LAYOUTERROR = 64;
    public static final int OP_LAYOUTSTATS = 65;
    public static final int OP_OFFLOAD_CANCEL = 66;
    public static final int OP_OFFLOAD_STATUS = 67;
    public static final int OP_READ_PLUS = 68;
    public static final int OP_SEEK = 69;
    public static final int OP_WRITE_SAME = 70;
    public static final int OP_CLONE = 71;
    // RFC 8276 (extended attributes, an extension of 4.2)
    public static final int OP_GETXATTR = 72;
    public static final int OP_SETXATTR = 73;
    public static final int OP_LISTXATTRS = 74;
    public static final int OP_REMOVEXATTR = 75;

    public static final int OP_ILLEGAL = 10044;

    private static final Map<Integer, String> NAMES = ConstantNames.of(NfsOpnum4.class, "OP_");

    /** The RFC name of an operation, or {@code "nfs_opnum4(n)"}. */
    public static String name(int opnum) {
        String n = NAMES.get(opnum);
        return n != null ? n : "nfs_opnum4(" + opnum + ")";
    }

    /** The highest operation number defined by a minor version (later ones are "illegal" there). */
    public static int maxOpnum(int minorversion) {
        return switch (minorversion) {
            case 0 -> OP_RELEASE_LOCKOWNER;
            case 1 -> OP_RECLAIM_COMPLETE;
            default -> OP_REMOVEXATTR;
        };
    }

    /**
     * True if {@code opnum} names an operation of the minor version. OP_ILLEGAL itself is not an
     * operation: it is the result a server sends for opnums that are not.
     */
    public static boolean isOperation(int opnum, int minorversion) {
        return opnum >= OP_ACCESS && opnum <= maxOpnum(minorversion);
    }
}
