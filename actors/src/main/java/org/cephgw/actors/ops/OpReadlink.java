package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.READLINK4args;
import org.cephgw.protocol.nfs4.READLINK4res;

/** READLINK (RFC 8881 §18.24). */
public final class OpReadlink implements Operation<READLINK4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, READLINK4args args) {
        Fh fh = ctx.fh();
        return ctx.ioReading(fh, () -> new READLINK4res(NfsStat4.NFS4_OK, ctx.fs(fh).readlink(ctx.creds(fh), fh.handle())));
    }
}
