package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.SECINFO_STYLE4_CURRENT_FH;
import static org.cephgw.protocol.nfs4.Nfs4Const.SECINFO_STYLE4_PARENT;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.LOOKUPP4args;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SECINFO_NO_NAME4args;
import org.cephgw.protocol.nfs4.SECINFO_NO_NAME4res;

/** SECINFO_NO_NAME (RFC 8881 §18.45): the flavors for the current file or its parent. */
public final class OpSecinfoNoName implements Operation<SECINFO_NO_NAME4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SECINFO_NO_NAME4args args) {
        ctx.fh();
        if (args.style() == SECINFO_STYLE4_CURRENT_FH) {
            ctx.clearFh();
            return Done.of(new SECINFO_NO_NAME4res(NfsStat4.NFS4_OK, OpSecinfo.FLAVORS));
        }
        if (args.style() != SECINFO_STYLE4_PARENT) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        return new OpLookupp().execute(ctx, new LOOKUPP4args()).thenApply(r -> {
            ctx.clearFh();
            return (NfsResop) new SECINFO_NO_NAME4res(NfsStat4.NFS4_OK, OpSecinfo.FLAVORS);
        });
    }
}
