package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.GETXATTR4args;
import org.cephgw.protocol.nfs4.GETXATTR4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * GETXATTR (RFC 8276 §8.4.2): the value of the current file's user attribute gxa_name;
 * NFS4ERR_NOXATTR when it has none of that name. A value the session's replies cannot carry is
 * NFS4ERR_REP_TOO_BIG, not a reply the client would have to drop.
 */
public final class OpGetxattr implements Operation<GETXATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, GETXATTR4args args) {
        Fh fh = ctx.fh();
        Filesystem.Xattrs xattrs = XattrSupport.of(ctx, fh);
        Creds creds = ctx.creds(fh);
        long limit = XattrSupport.replyLimit(ctx);
        return ctx.ioReading(fh, () -> {
            byte[] value = xattrs.get(creds, fh.handle(), args.name());
            if (4L + value.length > limit) {
                throw new OpException(NfsStat4.NFS4ERR_REP_TOO_BIG);
            }
            return (NfsResop) GETXATTR4res.ok(value);
        });
    }
}
