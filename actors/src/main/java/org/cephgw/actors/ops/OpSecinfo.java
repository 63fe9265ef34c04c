package org.cephgw.actors.ops;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SECINFO4args;
import org.cephgw.protocol.nfs4.SECINFO4res;
import org.cephgw.protocol.nfs4.SecinfoEntry4;
import org.cephgw.protocol.rpc.RpcConstants;

/**
 * SECINFO (RFC 8881 §18.29): AUTH_SYS (and AUTH_NONE) for every name that exists. Like every
 * SECINFO it consumes the current filehandle.
 */
public final class OpSecinfo implements Operation<SECINFO4args> {
    static final List<SecinfoEntry4> FLAVORS = List.of(
            new SecinfoEntry4(RpcConstants.AUTH_SYS, null), new SecinfoEntry4(RpcConstants.AUTH_NONE, null));

    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SECINFO4args args) {
        Fh dir = ctx.fh();
        String name = ctx.name(args.name(), dir);
        return ctx.ioReading(dir, () -> {
            ctx.fs(dir).lookup(ctx.creds(dir), dir.handle(), name);
            return (NfsResop) new SECINFO4res(NfsStat4.NFS4_OK, FLAVORS);
        }).thenApply(r -> {
            ctx.clearFh();
            return r;
        });
    }
}
