package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.RESTOREFH4args;
import org.cephgw.protocol.nfs4.RESTOREFH4res;

/** RESTOREFH (RFC 8881 §18.27): NFS4ERR_RESTOREFH when nothing was saved. */
public final class OpRestorefh implements Operation<RESTOREFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, RESTOREFH4args args) {
        ctx.restore();
        return Done.of(RESTOREFH4res.OK);
    }
}
