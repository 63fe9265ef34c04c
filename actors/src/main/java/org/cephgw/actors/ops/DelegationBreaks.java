package org.cephgw.actors.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.ClientProtocol;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.fsal.FsException;
import org.cephgw.protocol.nfs4.NfsStat4;

/**
 * Recalling other clients' delegations before a change their holders would not see in their
 * caches (RFC 8881 §10.4.4: attributes, the file's name or link count). The change waits with
 * NFS4ERR_DELAY until the delegations are back or revoked. Costs nothing while the head holds no
 * delegation at all.
 */
final class DelegationBreaks {
    private DelegationBreaks() {
    }

    /** Recalls delegations of other clients on {@code file}; fails with NFS4ERR_DELAY while one is out. */
    static CompletionStage<Void> on(CompoundContext ctx, Fh file) {
        if (file.isPseudo() || !ctx.svc().delegationCounts().any()) {
            return CompletableFuture.completedFuture(null);
        }
        long clientId = ctx.session() == null ? 0 : ctx.clientId();
        return ctx.svc().<OpenFiles.Command, ClientProtocol.Status>ask(ctx.svc().openFiles(),
                        r -> new OpenFiles.Forward(file.key(), new OpenFileActor.BreakDelegations(clientId, r)))
                .thenApply(st -> {
                    if (st.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(st.status());
                    }
                    return null;
                });
    }

    /**
     * Like {@link #on} for the file {@code name} in {@code dir}; a name that does not resolve
     * recalls nothing (the operation itself then reports the error).
     */
    static CompletionStage<Void> onName(CompoundContext ctx, Fh dir, String name) {
        if (dir.isPseudo() || !ctx.svc().delegationCounts().any()) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.io(dir, () -> {
            try {
                return new Fh(dir.exportId(), ctx.fs(dir).lookup(ctx.creds(dir), dir.handle(), name).handle());
            } catch (FsException e) {
                return null;
            }
        }).thenCompose(f -> f == null ? CompletableFuture.completedFuture(null) : on(ctx, f));
    }
}
