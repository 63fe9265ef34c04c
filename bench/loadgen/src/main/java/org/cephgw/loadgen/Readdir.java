package org.cephgw.loadgen;

import java.util.List;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.READDIR4res;

/**
 * {@code ls -l} of a large directory ({@code --dir-entries}): READDIR with the attributes the
 * Linux client's readdirplus asks for, page after page (256 KiB) to the end, then from the start
 * again. One iteration is one page, its units the entries it brought: a listing that takes longer
 * than the measured time still counts what it read.
 */
final class Readdir extends NamedWorkload {
    static final int DIRCOUNT = 65536;
    static final int MAXCOUNT = 262144;

    Readdir() {
        super("readdir", "entries");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.big();
        return new Worker() {
            private long cookie;
            private byte[] verifier = new byte[8];

            @Override
            public java.util.concurrent.CompletableFuture<Long> next() {
                return c.ok(slot, List.of(Ops.putfh(dir), Ops.readdir(cookie, verifier, DIRCOUNT, MAXCOUNT,
                        Tree.READDIR_ATTRS))).thenApply(r -> {
                            READDIR4res rd = Res.get(r, READDIR4res.class);
                            var entries = rd.resok().reply().entries();
                            if (rd.resok().reply().eof() || entries.isEmpty()) {
                                cookie = 0;
                                verifier = new byte[8];
                            } else {
                                cookie = entries.get(entries.size() - 1).cookie();
                                verifier = rd.resok().cookieverf();
                            }
                            return (long) entries.size();
                        });
            }
        };
    }
}
