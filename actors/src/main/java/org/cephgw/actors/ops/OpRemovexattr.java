package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.REMOVEXATTR4args;
import org.cephgw.protocol.nfs4.REMOVEXATTR4res;

/**
 * REMOVEXATTR (RFC 8276 §8.4.5): removes the current file's user attribute rxa_name
 * (NFS4ERR_NOXATTR when there is none); the result is the file's change_info4.
 */
public final class OpRemovexattr implements Operation<REMOVEXATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, REMOVEXATTR4args args) {
        Fh fh = ctx.fh();
        Filesystem.Xattrs xattrs = XattrSupport.of(ctx, fh);
        ctx.requireWritable(fh);
        Creds creds = ctx.creds(fh);
        return ctx.io(fh, () -> (NfsResop) REMOVEXATTR4res.ok(
                Cinfo.of(xattrs.remove(creds, fh.handle(), args.name()))));
    }
}
