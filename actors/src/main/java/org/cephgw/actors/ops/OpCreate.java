package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.*;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.attr.Attributes;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.fsal.Creds;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.SetAttributes;
import org.cephgw.protocol.nfs4.CREATE4args;
import org.cephgw.protocol.nfs4.CREATE4res;
import org.cephgw.protocol.nfs4.CREATE4resok;
import org.cephgw.protocol.nfs4.Createtype4;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * CREATE (RFC 8881 §18.4): directories, symlinks, devices, FIFOs and sockets; regular files
 * are OPEN's (NFS4ERR_BADTYPE). The new object becomes current.
 */
public final class OpCreate implements Operation<CREATE4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, CREATE4args args) {
        Fh dir = ctx.fh();
        ctx.requireWritable(dir);
        String name = ctx.name(args.objname(), dir);
        Attributes.Change change = Attributes.decodeSet(args.createattrs(), Attributes.SETTABLE,
                ctx.minorVersion(), ctx.svc().ids());
        SetAttributes attrs = change.attrs();
        Createtype4 type = args.objtype();
        Filesystem fs = ctx.fs(dir);
        Creds creds = ctx.creds(dir);
        return ctx.ioInDirectory(dir, () -> {
            Filesystem.Created c;
            if (type instanceof Createtype4.Nf4Lnk l) {
                if (l.linkdata().isEmpty()) {
                    throw new OpException(NfsStat4.NFS4ERR_INVAL);
                }
                c = fs.symlink(creds, dir.handle(), name, l.linkdata(), attrs);
            } else if (type instanceof Createtype4.Nf4Blk b) {
                c = fs.mknod(creds, dir.handle(), name, FileType.BLOCK, b.devdata().specdata1(), b.devdata().specdata2(), attrs);
            } else if (type instanceof Createtype4.Nf4Chr ch) {
                c = fs.mknod(creds, dir.handle(), name, FileType.CHAR, ch.devdata().specdata1(), ch.devdata().specdata2(), attrs);
            } else {
                int t = ((Createtype4.Nf4Void) type).type();
                switch (t) {
                    case NF4DIR: c = fs.mkdir(creds, dir.handle(), name, attrs); break;
                    case NF4SOCK: c = fs.mknod(creds, dir.handle(), name, FileType.SOCKET, 0, 0, attrs); break;
                    case NF4FIFO: c = fs.mknod(creds, dir.handle(), name, FileType.FIFO, 0, 0, attrs); break;
                    default: throw new OpException(NfsStat4.NFS4ERR_BADTYPE);
                }
            }
            return c;
        }).thenApply(c -> {
            ctx.setFh(new Fh(dir.exportId(), c.handle()));
            return CREATE4res.ok(new CREATE4resok(Cinfo.of(c.dirChange()), change.bits()));
        });
    }
}
