package org.cephgw.actors.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cephgw.protocol.nfs4.NfsResop;

/** Completed results for operations that finish without waiting. */
final class Done {
    private Done() {
    }

    static CompletionStage<NfsResop> of(NfsResop r) {
        return CompletableFuture.completedFuture(r);
    }
}
