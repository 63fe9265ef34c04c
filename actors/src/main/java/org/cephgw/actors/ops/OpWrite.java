package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.WRITE4args;
import org.cephgw.protocol.nfs4.WRITE4res;
import org.cephgw.protocol.nfs4.WRITE4resok;

/**
 * WRITE (RFC 8881 §18.32): UNSTABLE writes stay in the page cache until COMMIT; the write
 * verifier changes with every start, so a client knows to resend what a crash may have lost.
 */
public final class OpWrite implements Operation<WRITE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, WRITE4args args) {
        Fh fh = ctx.fh();
        ctx.requireWritable(fh);
        IoHandle.Stability stability;
        switch (args.stable()) {
            case UNSTABLE4: stability = IoHandle.Stability.UNSTABLE; break;
            case DATA_SYNC4: stability = IoHandle.Stability.DATA_SYNC; break;
            case FILE_SYNC4: stability = IoHandle.Stability.FILE_SYNC; break;
            default: throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        if (args.offset() < 0 || args.offset() + args.data().remaining() < 0) {
            throw new OpException(NfsStat4.NFS4ERR_FBIG);
        }
        byte[] verifier = ctx.svc().writeVerifier();
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), true, h -> {
            int n = h.write(args.offset(), args.data().duplicate(), stability);
            return WRITE4res.ok(new WRITE4resok(n, args.stable(), verifier));
        });
    }
}
