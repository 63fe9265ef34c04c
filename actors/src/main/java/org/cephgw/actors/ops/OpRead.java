package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.READ4args;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.READ4resok;

/** READ (RFC 8881 §18.22): at most what the back end and the session's reply size allow. */
public final class OpRead implements Operation<READ4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, READ4args args) {
        Fh fh = ctx.fh();
        int count = Math.min(args.count(), ctx.fs(fh).info().maxRead());
        // what the reply has room for, exactly (a READ of Linux's rsize fits whole)
        count = Math.min(count, ctx.readDataRoom());
        int n = Math.max(0, count);
        // each MiB of the file may go to another worker: read-ahead's parallel READs run in parallel
        int salt = (int) (args.offset() >>> 20);
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), false, salt, h -> {
            Filesystem.ReadResult r = h.read(args.offset(), n);
            return READ4res.ok(new READ4resok(r.eof(), r.data()));
        });
    }
}
