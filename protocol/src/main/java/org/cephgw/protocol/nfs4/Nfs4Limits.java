package org.cephgw.protocol.nfs4;

/**
 * Bounds this codec applies while decoding, where the RFCs leave a length unbounded. Anything
 * beyond them is answered as bad XDR. Every bound is also checked against the bytes actually
 * received before anything is allocated.
 */
public final class Nfs4Limits {
    private Nfs4Limits() {
    }

    /** Operations in one COMPOUND. */
    public static final int MAX_OPS = 1024;
    /** A component4 name, a linktext4 or a path component (bytes, not characters). */
    public static final int MAX_NAME_BYTES = 4096;
    /** The COMPOUND tag. */
    public static final int MAX_TAG_BYTES = Nfs4Const.NFS4_OPAQUE_LIMIT;
    /** Words of a bitmap4 (32 attributes each). */
    public static final int MAX_BITMAP_WORDS = 16;
    /** The attr_vals of one fattr4. */
    public static final int MAX_ATTRLIST_BYTES = 1 << 20;
    /** Strings inside attributes and ids: owners, implementation names, net addresses. */
    public static final int MAX_STRING_BYTES = 4096;
    /** Elements of generic arrays (stateids to test, security parameters, ACEs, ...). */
    public static final int MAX_ARRAY = 1024;
    /** A security flavor body, e.g. a GSS handle or an OID. */
    public static final int MAX_SEC_OPAQUE = Nfs4Const.NFS4_OPAQUE_LIMIT;
    /** An extended attribute value (RFC 8276); Linux caps them at 64 KiB. */
    public static final int MAX_XATTR_VALUE = 1 << 20;
}
