package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.FileAttrs;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.GETATTR4args;
import org.cephgw.protocol.nfs4.GETATTR4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** GETATTR (RFC 8881 §18.7): the requested attributes that are supported. */
public final class OpGetattr implements Operation<GETATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, GETATTR4args args) {
        Fh fh = ctx.fh();
        return ctx.io(fh, () -> FileAttrs.fetch(ctx, fh, args.attrRequest()))
                .thenApply(f -> new GETATTR4res(NfsStat4.NFS4_OK, f));
    }
}
