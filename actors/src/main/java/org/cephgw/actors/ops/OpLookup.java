package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Exports;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;
import org.cephgw.protocol.nfs4.LOOKUP4args;
import org.cephgw.protocol.nfs4.LOOKUP4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * LOOKUP (RFC 8881 §18.15). In the pseudo file system a name that is an export's mount point
 * leads to the export's root.
 */
public final class OpLookup implements Operation<LOOKUP4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOOKUP4args args) {
        Fh dir = ctx.fh();
        String name = ctx.name(args.objname(), dir);
        Filesystem fs = ctx.fs(dir);
        Creds creds = ctx.creds(dir);
        return ctx.ioReading(dir, () -> {
            try {
                return fs.lookup(creds, dir.handle(), name).handle();
            } catch (FsException e) {
                throw notDir(e, fs, creds, dir.handle());
            }
        }).thenApply(h -> {
            ctx.setFh(cross(ctx, new Fh(dir.exportId(), h)));
            return LOOKUP4res.OK;
        });
    }

    /** Into an export when {@code fh} is a junction of the pseudo file system. */
    static Fh cross(CompoundContext ctx, Fh fh) {
        Exports exports = ctx.svc().exports();
        if (fh.isPseudo() && exports.pseudo() != null) {
            int export = exports.pseudo().junction(fh.handle());
            if (export != 0) {
                if (!exports.allowed(export, ctx.clientAddress())) {
                    throw new OpException(NfsStat4.NFS4ERR_ACCESS);
                }
                return new Fh(export, exports.fs(export).root());
            }
        }
        return fh;
    }

    /** A lookup in something that is not a directory: NFS4ERR_SYMLINK for a symlink (§18.15.4). */
    static RuntimeException notDir(FsException e, Filesystem fs, Creds creds, FileHandle h) {
        if (e.error() == FsError.NOTDIR) {
            try {
                if (fs.getattr(creds, h).type() == FileType.SYMLINK) {
                    return new OpException(NfsStat4.NFS4ERR_SYMLINK);
                }
            } catch (FsException ignored) {
                // report the original error
            }
        }
        return e;
    }
}
