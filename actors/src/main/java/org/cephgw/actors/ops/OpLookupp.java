package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.fh.PseudoFs;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsException;
import org.cephgw.protocol.nfs4.LOOKUPP4args;
import org.cephgw.protocol.nfs4.LOOKUPP4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * LOOKUPP (RFC 8881 §18.14): from an export's root it leads back into the pseudo file system;
 * the root of everything has no parent (NFS4ERR_NOENT).
 */
public final class OpLookupp implements Operation<LOOKUPP4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOOKUPP4args args) {
        Fh dir = ctx.fh();
        Filesystem fs = ctx.fs(dir);
        Creds creds = ctx.creds(dir);
        PseudoFs pseudo = ctx.svc().exports().pseudo();
        return ctx.ioReading(dir, () -> {
            if (!dir.isPseudo() && dir.handle().equals(fs.root())) {
                if (pseudo == null) {
                    throw new OpException(NfsStat4.NFS4ERR_NOENT);
                }
                return new Fh(Fh.PSEUDO_EXPORT, pseudo.lookupParent(creds, pseudo.mountPoint(dir.exportId())).handle());
            }
            try {
                return new Fh(dir.exportId(), fs.lookupParent(creds, dir.handle()).handle());
            } catch (FsException e) {
                throw OpLookup.notDir(e, fs, creds, dir.handle());
            }
        }).thenApply(parent -> {
            ctx.setFh(parent);
            return LOOKUPP4res.OK;
        });
    }
}
