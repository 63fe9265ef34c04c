package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SEEK4args;
import org.cephgw.protocol.nfs4.SEEK4res;
import org.cephgw.protocol.nfs4.SEEK4resok;

/**
 * SEEK (RFC 7862 §15.11): the next data or hole. At or past the end of the file it is
 * NFS4ERR_NXIO; no data before the end is sr_eof.
 */
public final class OpSeek implements Operation<SEEK4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SEEK4args args) {
        Fh fh = ctx.fh();
        if (args.what() != NFS4_CONTENT_DATA && args.what() != NFS4_CONTENT_HOLE) {
            throw new OpException(NfsStat4.NFS4ERR_UNION_NOTSUPP);
        }
        boolean data = args.what() == NFS4_CONTENT_DATA;
        return FileIo.with(ctx, fh, ctx.stateid(args.stateid()), false, h -> {
            long size = ctx.fs(fh).getattr(ctx.creds(fh), fh.handle()).size();
            if (Long.compareUnsigned(args.offset(), size) >= 0) {
                throw new OpException(NfsStat4.NFS4ERR_NXIO);
            }
            long at = h.seek(args.offset(), data);
            if (at < 0) {
                return SEEK4res.ok(new SEEK4resok(true, size));
            }
            return SEEK4res.ok(new SEEK4resok(!data && at >= size, at));
        });
    }
}
