package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.GETFH4args;
import org.cephgw.protocol.nfs4.GETFH4res;
import org.cephgw.protocol.nfs4.NfsResop;

/** GETFH (RFC 8881 §18.8). */
public final class OpGetfh implements Operation<GETFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, GETFH4args args) {
        return Done.of(GETFH4res.ok(ctx.fh().toBytes()));
    }
}
