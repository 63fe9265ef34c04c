package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_BOTH;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;
import static org.cephgw.protocol.nfs4.Nfs4Const.WRITE_LT;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.LOCKU4res;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * fcntl(F_SETLKW) + unlock of a whole file each slot holds open: LOCK (a new lock-owner the
 * first time, then its lock stateid), LOCKU — two COMPOUNDs per lock; files of the client's own
 * directory, so nothing conflicts.
 */
final class LockUnlock extends NamedWorkload {
    LockUnlock() {
        super("lock", "locks");
    }

    private static final long WHOLE = 0xffff_ffff_ffff_ffffL;

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws IOException {
        byte[] dir = tree.clientDir(c);
        var owner = c.owner("lockopen" + slot);
        var r = c.okNow(slot, List.of(Ops.putfh(dir), Ops.openCreate(owner, "l" + slot, OPEN4_SHARE_ACCESS_BOTH,
                OPEN4_SHARE_DENY_NONE, Ops.unchecked()), Ops.getfh()));
        byte[] fh = Res.fh(r);
        Stateid4 open = Res.openStateid(r);
        var lockOwner = c.owner("lock" + slot);
        return new Worker() {
            private Stateid4 lock;

            @Override
            public CompletableFuture<Long> next() {
                var lockOp = lock == null ? Ops.lockNew(WRITE_LT, 0, WHOLE, open, lockOwner)
                        : Ops.lock(WRITE_LT, 0, WHOLE, lock);
                return c.ok(slot, List.of(Ops.putfh(fh), lockOp))
                        .thenCompose(res -> c.ok(slot, List.of(Ops.putfh(fh),
                                Ops.locku(WRITE_LT, Res.lockStateid(res), 0, WHOLE))))
                        .thenApply(res -> {
                            lock = Res.get(res, LOCKU4res.class).lockStateid();
                            return 1L;
                        });
            }

            @Override
            public void close() throws IOException {
                c.okNow(slot, List.of(Ops.putfh(fh), Ops.close(open)));
            }
        };
    }
}
