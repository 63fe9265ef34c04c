package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.RENAME4args;
import org.cephgw.protocol.nfs4.RENAME4res;
import org.cephgw.protocol.nfs4.RENAME4resok;

/**
 * RENAME (RFC 8881 §18.26): from the saved directory to the current one, within an export.
 * Other clients' delegations on the file renamed and on a file it replaces are recalled first.
 */
public final class OpRename implements Operation<RENAME4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, RENAME4args args) {
        Fh from = ctx.savedFh();
        Fh to = ctx.fh();
        if (from.exportId() != to.exportId()) {
            throw new OpException(NfsStat4.NFS4ERR_XDEV);
        }
        ctx.requireWritable(to);
        String oldName = ctx.name(args.oldname(), from);
        String newName = ctx.name(args.newname(), to);
        return DelegationBreaks.onName(ctx, from, oldName)
                .thenCompose(v -> DelegationBreaks.onName(ctx, to, newName))
                .thenCompose(v -> ctx.ioInDirectory(from, () -> {
            Filesystem.Renamed r = ctx.fs(to).rename(ctx.creds(to), from.handle(), oldName, to.handle(), newName);
            return RENAME4res.ok(new RENAME4resok(Cinfo.of(r.fromDir()), Cinfo.of(r.toDir())));
        }));
    }
}
