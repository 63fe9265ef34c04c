package org.cephgw.actors.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.compound.OpException;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.io.SharedIo;
import org.cephgw.actors.state.OpenFileActor;
import org.cephgw.actors.state.OpenFiles;
import org.cephgw.actors.state.StateId;
import org.cephgw.protocol.nfs4.NfsStat4;

/** Asking a file's state entity whether a stateid may do I/O. */
final class StateChecks {
    private static final StateId ANONYMOUS = new StateId(0, new byte[12]);

    private StateChecks() {
    }

    /**
     * Checks {@code given} for I/O on {@code fh}; completes with an acquired handle (to
     * release), or null for the special stateids (the caller opens a handle of its own).
     */
    static CompletionStage<SharedIo> forIo(CompoundContext ctx, Fh fh, StateId given, boolean write) {
        // the all-ones stateid bypasses deny modes for READ only; in WRITE, SETATTR and the
        // writes of RFC 7862 (ALLOCATE, DEALLOCATE) it counts as the anonymous one (§8.2.3)
        StateId stateid = write && given.isBypass() ? ANONYMOUS : given;
        long clientId = stateid.isSpecial() && ctx.session() == null ? 0 : ctx.clientId();
        // an open's stateid, judged right here: no hand-off to the file's actor and back
        SharedIo io = ctx.svc().ioViews().grant(fh.key(), clientId, stateid, write);
        if (io != null) {
            return CompletableFuture.completedFuture(io);
        }
        return ctx.svc().<OpenFiles.Command, OpenFileActor.IoGrant>ask(ctx.svc().openFiles(),
                r -> new OpenFiles.Forward(fh.key(), new OpenFileActor.UseForIo(clientId, stateid, write, r)))
                .thenApply(g -> {
                    if (g.status() != NfsStat4.NFS4_OK) {
                        throw new OpException(g.status());
                    }
                    return g.io();
                });
    }
}
