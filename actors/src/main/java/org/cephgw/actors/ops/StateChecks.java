package org.cephgw.actors.ops;

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
    private StateChecks() {
    }

    /**
     * Checks {@code stateid} for I/O on {@code fh}; completes with an acquired handle (to
     * release), or null for the special stateids (the caller opens a handle of its own).
     */
    static CompletionStage<SharedIo> forIo(CompoundContext ctx, Fh fh, StateId stateid, boolean write) {
        if (write && stateid.isBypass()) {
            // the all-ones stateid lets READ bypass locks and deny modes, nothing else (§8.2.3)
            throw new OpException(NfsStat4.NFS4ERR_BAD_STATEID);
        }
        long clientId = stateid.isSpecial() && ctx.session() == null ? 0 : ctx.clientId();
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
