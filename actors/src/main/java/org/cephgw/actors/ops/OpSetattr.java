package org.cephgw.actors.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.SETATTR4args;
import org.cephgw.protocol.nfs4.SETATTR4res;

/**
 * SETATTR (RFC 8881 §18.30). A size change is a write: its stateid must allow writing and no
 * other client's deny mode may forbid it. Other clients' delegations on the file are recalled
 * first (their holders cache the attributes): NFS4ERR_DELAY until they are back.
 */
public final class OpSetattr implements Operation<SETATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SETATTR4args args) {
        Fh fh = ctx.fh();
        ctx.requireWritable(fh);
        Attributes.Change change = Attributes.decodeSet(args.objAttributes(), Attributes.SETTABLE,
                ctx.minorVersion(), ctx.svc().ids());
        java.util.function.Supplier<CompletionStage<SharedIo>> stateCheck = () -> change.attrs().size() == null
                ? CompletableFuture.completedFuture(null)
                : StateChecks.forIo(ctx, fh, ctx.stateid(args.stateid()), true);
        CompletionStage<SharedIo> check = DelegationBreaks.on(ctx, fh).thenCompose(v -> stateCheck.get());
        return check.thenCompose(io -> ctx.io(fh, () -> {
            try {
                if (!change.attrs().isEmpty()) {
                    ctx.fs(fh).setattr(ctx.creds(fh), fh.handle(), change.attrs());
                }
                return (NfsResop) SETATTR4res.ok(change.bits());
            } finally {
                if (io != null) {
                    io.release();
                }
            }
        }));
    }
}
