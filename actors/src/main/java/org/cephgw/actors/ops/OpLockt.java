package org.cephgw.actors.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.LockBackend;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.fsal.FileType;
import org.cephgw.fsal.Filesystem;
import org.cephgw.fsal.FsException;
import org.cephgw.fsal.IoHandle;
import org.cephgw.protocol.nfs4.LOCKT4args;
import org.cephgw.protocol.nfs4.LOCKT4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * LOCKT (RFC 8881 §18.11): would this lock be granted? Changes nothing. Asks the gateway's table
 * and then, where the export's back end has a lock manager, the back end (a lock only it knows is
 * reported as held by clientid 0, owner {@value OpenFileActor#BACKEND_OWNER}). When the file has
 * no open handle at the gateway, the back end is asked through a handle opened for it here, as
 * the caller, for reading; if the caller may not open it, only the gateway's table answers.
 */
public final class OpLockt implements Operation<LOCKT4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, LOCKT4args args) {
        Fh fh = ctx.fh();
        long clientId = ctx.clientId();
        boolean write = Locks.isWrite(args.locktype());
        if (args.length() == 0) {
            throw new OpException(NfsStat4.NFS4ERR_INVAL);
        }
        LockBackend backend = Locks.backend(ctx, fh);
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
                                    write, args.offset(), args.length(), backend, r)));
                })
                .thenCompose(reply -> {
                    if (!reply.backendUnchecked() || backend == null || args.offset() < 0) {
                        return CompletableFuture.completedFuture(reply);
                    }
                    return ctx.io(fh, () -> testWithOwnHandle(ctx, fh, backend, write, args.offset(), args.length()));
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

    /** Blocking: asks the back end through a handle of our own (owner 0, which holds no locks). */
    private static OpenFileActor.LockReply testWithOwnHandle(CompoundContext ctx, Fh fh, LockBackend backend, boolean write,
                                                             long offset, long length) {
        IoHandle io;
        try {
            io = ctx.fs(fh).open(ctx.creds(fh), fh.handle(), Filesystem.Access.READ);
        } catch (FsException e) {
            return new OpenFileActor.LockReply(NfsStat4.NFS4_OK, null, null);
        }
        try (io) {
            Filesystem.ByteRangeLocker.Conflict c = backend.locker().test(io, 0, write, offset, length);
            return c == null ? new OpenFileActor.LockReply(NfsStat4.NFS4_OK, null, null)
                    : new OpenFileActor.LockReply(NfsStat4.NFS4ERR_DENIED, null, OpenFileActor.backendDenied(c));
        }
    }
}
