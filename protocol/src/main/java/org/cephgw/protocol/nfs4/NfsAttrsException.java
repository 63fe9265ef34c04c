package org.cephgw.protocol.nfs4;

/**
 * A fattr4 that {@link NfsAttrs#decode} refuses, with the nfsstat4 the operation should fail
 * with: NFS4ERR_ATTRNOTSUPP, NFS4ERR_BADXDR or NFS4ERR_INVAL.
 */
public class NfsAttrsException extends RuntimeException {
    private final int status;
    private final int attr;

    public NfsAttrsException(int status, int attr, String message) {
        super(message, null, false, false);
        this.status = status;
        this.attr = attr;
    }

    /** The nfsstat4 to answer. */
    public int status() {
        return status;
    }

    /** The attribute at fault, or -1 when it is the fattr4 as a whole. */
    public int attr() {
        return attr;
    }
}
