package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.VERIFY4args;
import org.cephgw.protocol.nfs4.VERIFY4res;

/** VERIFY (RFC 8881 §18.31): NFS4ERR_NOT_SAME unless every given attribute matches. */
public final class OpVerify implements Operation<VERIFY4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, VERIFY4args args) {
        return Verification.same(ctx, args.objAttributes()).thenApply(same -> {
            if (!same) {
                throw new OpException(NfsStat4.NFS4ERR_NOT_SAME);
            }
            return VERIFY4res.OK;
        });
    }
}
