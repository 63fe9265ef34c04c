package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.LINK4args;
import org.cephgw.protocol.nfs4.LINK4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** LINK (RFC 8881 §18.9): a new name in the current directory for the saved file. */
public final class OpLink implements Operation<LINK4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LINK4args args) {
        Fh file = ctx.savedFh();
        Fh dir = ctx.fh();
        if (file.exportId() != dir.exportId()) {
            throw new OpException(NfsStat4.NFS4ERR_XDEV);
        }
        ctx.requireWritable(dir);
        String name = ctx.name(args.newname(), dir);
        // the link count is an attribute a delegation holder caches
        return DelegationBreaks.on(ctx, file).thenCompose(v ->
                ctx.ioInDirectory(dir, () -> LINK4res.ok(Cinfo.of(ctx.fs(dir).link(ctx.creds(dir), file.handle(), dir.handle(), name)))));
    }
}
