package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.ALLOCATE4args;
import org.cephgw.protocol.nfs4.ALLOCATE4res;
import org.cephgw.protocol.nfs4.NfsResop;

/** ALLOCATE (RFC 7862 §15.1): reserves space, as fallocate(2) without flags. */
public final class OpAllocate implements Operation<ALLOCATE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, ALLOCATE4args args) {
        Fh fh = ctx.fh();
        ctx.requireWritable(fh);
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), true, h -> {
            h.allocate(args.offset(), args.length());
            return ALLOCATE4res.OK;
        });
    }
}
