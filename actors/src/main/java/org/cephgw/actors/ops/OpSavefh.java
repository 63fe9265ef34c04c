package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.SAVEFH4args;
import org.cephgw.protocol.nfs4.SAVEFH4res;

/** SAVEFH (RFC 8881 §18.28): saves the current filehandle and stateid. */
public final class OpSavefh implements Operation<SAVEFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SAVEFH4args args) {
        ctx.save();
        return Done.of(SAVEFH4res.OK);
    }
}
