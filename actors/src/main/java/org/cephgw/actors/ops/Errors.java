package org.cephgw.actors.ops;

import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.xdr.XdrException;

/** Maps back-end failures to the nfsstat4 a client sees. */
public final class Errors {
    private Errors() {
    }

    public static int status(FsError e) {
        switch (e) {
            case PERM: return NfsStat4.NFS4ERR_PERM;
            case NOENT: return NfsStat4.NFS4ERR_NOENT;
            case IO: return NfsStat4.NFS4ERR_IO;
            case NXIO: return NfsStat4.NFS4ERR_NXIO;
            case ACCES: return NfsStat4.NFS4ERR_ACCESS;
            case EXIST: return NfsStat4.NFS4ERR_EXIST;
            case XDEV: return NfsStat4.NFS4ERR_XDEV;
            case NOTDIR: return NfsStat4.NFS4ERR_NOTDIR;
            case ISDIR: return NfsStat4.NFS4ERR_ISDIR;
            case INVAL: return NfsStat4.NFS4ERR_INVAL;
            case FBIG: return NfsStat4.NFS4ERR_FBIG;
            case NOSPC: return NfsStat4.NFS4ERR_NOSPC;
            case ROFS: return NfsStat4.NFS4ERR_ROFS;
            case MLINK: return NfsStat4.NFS4ERR_MLINK;
            case NAMETOOLONG: return NfsStat4.NFS4ERR_NAMETOOLONG;
            case NOTEMPTY: return NfsStat4.NFS4ERR_NOTEMPTY;
            case DQUOT: return NfsStat4.NFS4ERR_DQUOT;
            case STALE: return NfsStat4.NFS4ERR_STALE;
            case BADHANDLE: return NfsStat4.NFS4ERR_BADHANDLE;
            case NOTSUPP: return NfsStat4.NFS4ERR_NOTSUPP;
            case BADTYPE: return NfsStat4.NFS4ERR_BADTYPE;
            case DELAY: return NfsStat4.NFS4ERR_DELAY;
            case SYMLINK: return NfsStat4.NFS4ERR_SYMLINK;
            case BAD_COOKIE: return NfsStat4.NFS4ERR_BAD_COOKIE;
            case DENIED: return NfsStat4.NFS4ERR_DENIED;
            case WRONG_TYPE: return NfsStat4.NFS4ERR_WRONG_TYPE;
            case NOXATTR: return NfsStat4.NFS4ERR_NOXATTR;
            case XATTR2BIG: return NfsStat4.NFS4ERR_XATTR2BIG;
            case SERVERFAULT:
            default:
                return NfsStat4.NFS4ERR_SERVERFAULT;
        }
    }

    /** The status for any failure of an operation's future. */
    public static int status(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof FsException f) {
            return status(f.error());
        }
        if (c instanceof XdrException) {
            return NfsStat4.NFS4ERR_BADXDR;
        }
        if (c instanceof java.util.concurrent.TimeoutException) {
            // an actor did not answer in time (e.g. overloaded): the client retries
            return NfsStat4.NFS4ERR_DELAY;
        }
        return NfsStat4.NFS4ERR_SERVERFAULT;
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
