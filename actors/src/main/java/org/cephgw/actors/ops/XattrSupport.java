package org.cephgw.actors.ops;

import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsStat4;

/** What the RFC 8276 operations share. */
final class XattrSupport {
    /** Room for the rest of a COMPOUND's reply (SEQUENCE, PUTFH, ...) next to a large result. */
    static final int COMPOUND_HEADROOM = 1024;

    private XattrSupport() {
    }

    /**
     * The extended attributes of the handle's file system; NFS4ERR_NOTSUPP where it has none
     * (the pseudo file system, a local directory on a file system without user attributes),
     * which is also what its xattr_support attribute says.
     */
    static Filesystem.Xattrs of(CompoundContext ctx, Fh fh) {
        return ctx.fs(fh).xattrs().orElseThrow(() -> new OpException(NfsStat4.NFS4ERR_NOTSUPP));
    }

    /** The largest result one operation may produce in this COMPOUND's session. */
    static long replyLimit(CompoundContext ctx) {
        return ctx.session() == null ? Long.MAX_VALUE : ctx.session().fore().maxResponseSize() - COMPOUND_HEADROOM;
    }
}
