package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.COMMIT4args;
import org.cephgw.protocol.nfs4.COMMIT4res;
import org.cephgw.protocol.nfs4.NfsResop;

/**
 * COMMIT (RFC 8881 §18.3): makes the file's unstable writes durable. It names no stateid and
 * checks no permission (the writes it flushes were checked), so it syncs through a handle of its own.
 */
public final class OpCommit implements Operation<COMMIT4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, COMMIT4args args) {
        Fh fh = ctx.fh();
        byte[] verifier = ctx.svc().writeVerifier();
        return ctx.io(fh, () -> {
            try (IoHandle h = ctx.fs(fh).open(Creds.ROOT, fh.handle(), Access.READ)) {
                h.commit(args.offset(), args.count() & 0xffffffffL);
            }
            return COMMIT4res.ok(verifier);
        });
    }
}
