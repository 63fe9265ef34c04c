package org.cephgw.actors.ops;

import static org.cephgw.protocol.nfs4.Nfs4Const.FATTR4_CHANGE;
import static org.cephgw.protocol.nfs4.Nfs4Const.FATTR4_SIZE;

import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.FileAttrs;
import org.cephgw.actors.compound.Operation;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.fsal.Stat;
import org.cephgw.protocol.nfs4.GETATTR4args;
import org.cephgw.protocol.nfs4.GETATTR4res;
import org.cephgw.protocol.nfs4.NfsResop;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * GETATTR (RFC 8881 §18.7): the requested attributes that are supported.
 *
 * <p>While another client holds a write delegation on the file, its cached writes are not in the
 * back end yet: size and change come from the holder (CB_GETATTR, §10.4.3). When the holder's
 * change differs from the back end's, the file counts as modified: its size is the holder's and
 * its change one past the back end's, so that the asker sees a change.
 */
public final class OpGetattr implements Operation<GETATTR4args> {
    @Override
    public CompletionStage<NfsResop> execute(CompoundContext ctx, GETATTR4args args) {
        Fh fh = ctx.fh();
        boolean sizeOrChange = args.attrRequest().isSet(FATTR4_CHANGE) || args.attrRequest().isSet(FATTR4_SIZE);
        if (!sizeOrChange || fh.isPseudo() || !ctx.svc().delegationCounts().anyWrite()) {
            return ctx.ioReading(fh, () -> FileAttrs.fetch(ctx, fh, args.attrRequest()))
                    .thenApply(f -> new GETATTR4res(NfsStat4.NFS4_OK, f));
        }
        long clientId = ctx.session() == null ? 0 : ctx.clientId();
        return ctx.svc().<OpenFiles.Command, OpenFileActor.HolderView>ask(ctx.svc().openFiles(),
                        r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.HolderAttrs(clientId, r)))
                .thenCompose(view -> ctx.ioReading(fh, () -> {
                    Stat st = ctx.fs(fh).getattr(ctx.creds(fh), fh.handle());
                    return FileAttrs.encode(ctx, fh, withHolderView(st, view), args.attrRequest());
                }))
                .thenApply(f -> new GETATTR4res(NfsStat4.NFS4_OK, f));
    }

    static Stat withHolderView(Stat st, OpenFileActor.HolderView view) {
        if (view.change() == null || view.change() == st.change()) {
            return st;
        }
        long size = view.size() != null ? view.size() : st.size();
        return new Stat(st.type(), st.mode(), st.nlink(), st.uid(), st.gid(), size, st.spaceUsed(), st.rdevMajor(),
                st.rdevMinor(), st.fileId(), st.atime(), st.mtime(), st.ctime(), st.birthTime(), st.change() + 1);
    }
}
