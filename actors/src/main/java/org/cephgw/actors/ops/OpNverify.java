package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.protocol.nfs4.NVERIFY4args;
import org.cephgw.protocol.nfs4.NVERIFY4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** NVERIFY (RFC 8881 §18.15): NFS4ERR_SAME when every given attribute matches. */
public final class OpNverify implements Operation<NVERIFY4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, NVERIFY4args args) {
        return Verification.same(ctx, args.objAttributes()).thenApply(same -> {
            if (same) {
                throw new OpException(NfsStat4.NFS4ERR_SAME);
            }
            return NVERIFY4res.OK;
        });
    }
}
