package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_READ;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;

/** open(2) + close(2) of an existing file for reading: OPEN + GETFH, CLOSE — files shared by all clients. */
final class OpenClose extends NamedWorkload {
    OpenClose() {
        super("openclose", "files");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.shared();
        int files = tree.files();
        var owner = c.owner("open" + slot);
        return () -> c.ok(slot, List.of(Ops.putfh(dir), Ops.open(owner, "f" + ThreadLocalRandom.current().nextInt(files),
                        OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE), Ops.getfh()))
                .thenCompose(r -> c.ok(slot, List.of(Ops.putfh(Res.fh(r)), Ops.close(Res.openStateid(r)))))
                .thenApply(r -> 1L);
    }
}
