package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.PUTROOTFH4args;
import org.cephgw.protocol.nfs4.PUTROOTFH4res;

/** PUTROOTFH (RFC 8881 §18.21): the root of the server's namespace becomes current. */
public final class OpPutrootfh implements Operation<PUTROOTFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, PUTROOTFH4args args) {
        ctx.setFh(root(ctx));
        return Done.of(PUTROOTFH4res.OK);
    }

    static Fh root(CompoundContext ctx) {
        Fh root = ctx.svc().exports().rootFh();
        if (!ctx.svc().exports().allowed(root.exportId(), ctx.clientAddress())) {
            throw new OpException(NfsStat4.NFS4ERR_ACCESS);
        }
        return root;
    }
}
