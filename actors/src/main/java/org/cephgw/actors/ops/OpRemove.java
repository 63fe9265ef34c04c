package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.REMOVE4args;
import org.cephgw.protocol.nfs4.REMOVE4res;

/**
 * REMOVE (RFC 8881 §18.25): a file or an empty directory. Other clients' delegations on it are
 * recalled first.
 */
public final class OpRemove implements Operation<REMOVE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, REMOVE4args args) {
        Fh dir = ctx.fh();
        ctx.requireWritable(dir);
        String name = ctx.name(args.target(), dir);
        return DelegationBreaks.onName(ctx, dir, name).thenCompose(v ->
                ctx.ioInDirectory(dir, () -> REMOVE4res.ok(Cinfo.of(ctx.fs(dir).remove(ctx.creds(dir), dir.handle(), name)))));
    }
}
