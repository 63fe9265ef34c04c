package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.fsal.FileType;
import org.cephgw.protocol.nfs4.LOCKT4args;
import org.cephgw.protocol.nfs4.LOCKT4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/** LOCKT (RFC 8881 §18.11): would this lock be granted? Changes nothing. */
public final class OpLockt implements Operation<LOCKT4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOCKT4args args) {
        Fh fh = ctx.fh();
        long clientId = ctx.clientId();
        boolean write = Locks.isWrite(args.locktype());
        if (args.length() == 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        return ctx.io(fh, () -> ctx.fs(fh).getattr(ctx.creds(fh), fh.handle()).type())
                .thenCompose(type -> {
                    if (type == FileType.DIRECTORY) {
                        throw new OpException(NfsStat4.NFS4ERR_ISDIR);
                    }
                    if (type != FileType.REGULAR) {
                        throw new OpException(NfsStat4.NFS4ERR_INVAL);
                    }
                    return ctx.svc().<OpenFiles.Command, OpenFileActor.LockReply>ask(ctx.svc().openFiles(),
                            r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.LockTest(clientId, args.owner().owner(),
                                    write, args.offset(), args.length(), r)));
                })
                .thenApply(reply -> {
                    if (reply.status() == NfsStat4.NFS4ERR_DENIED) {
                        return LOCKT4res.denied(Locks.denied(reply.denied()));
                    }
                    if (reply.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(reply.status());
                    }
                    return LOCKT4res.OK;
                });
    }
}
