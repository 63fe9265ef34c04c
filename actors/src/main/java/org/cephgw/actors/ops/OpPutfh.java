package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.PUTFH4args;
import org.cephgw.protocol.nfs4.PUTFH4res;

/**
 * PUTFH (RFC 8881 §18.19). A handle that is not ours is NFS4ERR_BADHANDLE; one of an export
 * that is gone is NFS4ERR_STALE; a file that is gone is found out by the next operation.
 */
public final class OpPutfh implements Operation<PUTFH4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, PUTFH4args args) {
        Fh fh = Fh.parse(args.object());
        if (fh == null) {
            throw new OpException(NfsStat4.NFS4ERR_BADHANDLE);
        }
        ctx.fs(fh);
        if (!ctx.svc().exports().allowed(fh.exportId(), ctx.clientAddress())) {
            throw new OpException(NfsStat4.NFS4ERR_ACCESS);
        }
        ctx.setFh(fh);
        return Done.of(PUTFH4res.OK);
    }
}
