package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.DEALLOCATE4args;
import org.cephgw.protocol.nfs4.DEALLOCATE4res;
import org.cephgw.protocol.nfs4.NfsResop;

/** DEALLOCATE (RFC 7862 §15.4): punches a hole, keeping the size. */
public final class OpDeallocate implements Operation<DEALLOCATE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, DEALLOCATE4args args) {
        Fh fh = ctx.fh();
        ctx.requireWritable(fh);
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), true, h -> {
            h.deallocate(args.offset(), args.length());
            return DEALLOCATE4res.OK;
        });
    }
}
