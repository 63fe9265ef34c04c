package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.XattrSetMode;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.nfs4.SETXATTR4args;
import org.cephgw.protocol.nfs4.SETXATTR4res;

/**
 * SETXATTR (RFC 8276 §8.4.3): creates or replaces the current file's user attribute sxa_key as
 * sxa_option says (SETXATTR4_CREATE on an existing one is NFS4ERR_EXIST, SETXATTR4_REPLACE on a
 * missing one NFS4ERR_NOXATTR); the result is the file's change_info4.
 */
public final class OpSetxattr implements Operation<SETXATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, SETXATTR4args args) {
        Fh fh = ctx.fh();
        Filesystem.Xattrs xattrs = XattrSupport.of(ctx, fh);
        ctx.requireWritable(fh);
        XattrSetMode mode = mode(args.option());
        Creds creds = ctx.creds(fh);
        return ctx.io(fh, () -> (NfsResop) SETXATTR4res.ok(
                Cinfo.of(xattrs.set(creds, fh.handle(), args.key(), args.value(), mode))));
    }

    private static XattrSetMode mode(int option) {
        switch (option) {
            case SETXATTR4_EITHER: return XattrSetMode.EITHER;
            case SETXATTR4_CREATE: return XattrSetMode.CREATE;
            case SETXATTR4_REPLACE: return XattrSetMode.REPLACE;
            default: throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
    }
}
