package org.cephgw.loadgen;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.READDIR4res;

/**
 * {@code ls -l} of a large directory ({@code --dir-entries}): READDIR with the attributes the
 * Linux client's readdirplus asks for, page after page (256 KiB) to the end; units are entries.
 */
final class Readdir extends NamedWorkload {
    Readdir() {
        super("readdir", "entries");
    }

    static final int DIRCOUNT = 65536;
    static final int MAXCOUNT = 262144;

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.big();
        return () -> page(c, slot, dir, 0, new byte[8], 0);
    }

    private static CompletableFuture<Long> page(LoadClient c, int slot, byte[] dir, long cookie, byte[] verifier,
                                                long sofar) {
        return c.ok(slot, List.of(Ops.putfh(dir), Ops.readdir(cookie, verifier, DIRCOUNT, MAXCOUNT, Tree.READDIR_ATTRS)))
                .thenCompose(r -> {
                    READDIR4res rd = Res.get(r, READDIR4res.class);
                    var entries = rd.resok().reply().entries();
                    long total = sofar + entries.size();
                    if (rd.resok().reply().eof() || entries.isEmpty()) {
                        return CompletableFuture.completedFuture(total);
                    }
                    return page(c, slot, dir, entries.get(entries.size() - 1).cookie(), rd.resok().cookieverf(), total);
                });
    }
}
