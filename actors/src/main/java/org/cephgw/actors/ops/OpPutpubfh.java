package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.PUTPUBFH4args;
import org.cephgw.protocol.nfs4.PUTPUBFH4res;

/** PUTPUBFH (RFC 8881 §18.20): the public filehandle is the root here. */
public final class OpPutpubfh implements Operation<PUTPUBFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, PUTPUBFH4args args) {
        ctx.setFh(OpPutrootfh.root(ctx));
        return Done.of(PUTPUBFH4res.OK);
    }
}
