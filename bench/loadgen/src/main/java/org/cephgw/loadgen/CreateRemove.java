package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_BOTH;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;

/**
 * A small file's life as the Linux client makes it: OPEN (create) + GETFH + GETATTR, CLOSE,
 * REMOVE — three COMPOUNDs per file, in the client's own directory.
 */
final class CreateRemove extends NamedWorkload {
    CreateRemove() {
        super("create", "files");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.clientDir(c);
        var owner = c.owner("create" + slot);
        return new Worker() {
            private long n;

            @Override
            public CompletableFuture<Long> next() {
                String name = "n" + slot + "_" + n++;
                return c.ok(slot, List.of(Ops.putfh(dir), Ops.openCreate(owner, name, OPEN4_SHARE_ACCESS_BOTH,
                                OPEN4_SHARE_DENY_NONE, Ops.unchecked()), Ops.getfh(), Ops.getattr(Tree.ATTRS)))
                        .thenCompose(r -> c.ok(slot, List.of(Ops.putfh(Res.fh(r)), Ops.close(Res.openStateid(r)))))
                        .thenCompose(r -> c.ok(slot, List.of(Ops.putfh(dir), Ops.remove(name))))
                        .thenApply(r -> 1L);
            }
        };
    }
}
