package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_BOTH;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_READ;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * 4 KiB reads or writes (UNSTABLE, committed at the end) at random aligned offsets of the shared
 * {@code data} file; each slot opens it once.
 */
final class RandomIo extends NamedWorkload {
    static final int BLOCK = 4096;
    private final boolean write;

    private RandomIo(boolean write) {
        super(write ? "randwrite" : "randread", "B");
        this.write = write;
    }

    static RandomIo read() {
        return new RandomIo(false);
    }

    static RandomIo write() {
        return new RandomIo(true);
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws IOException {
        byte[] fh = tree.data();
        long blocks = tree.dataBytes() / BLOCK;
        var r = c.okNow(slot, List.of(Ops.putfh(fh), Ops.openFh(c.owner("io" + slot),
                write ? OPEN4_SHARE_ACCESS_BOTH : OPEN4_SHARE_ACCESS_READ, OPEN4_SHARE_DENY_NONE)));
        Stateid4 open = Res.openStateid(r);
        byte[] block = new byte[BLOCK];
        ThreadLocalRandom.current().nextBytes(block);
        return new Worker() {
            @Override
            public java.util.concurrent.CompletableFuture<Long> next() {
                long offset = ThreadLocalRandom.current().nextLong(blocks) * BLOCK;
                if (write) {
                    return c.ok(slot, List.of(Ops.putfh(fh), Ops.writeUnstable(open, offset, block)))
                            .thenApply(x -> (long) BLOCK);
                }
                return c.ok(slot, List.of(Ops.putfh(fh), Ops.read(open, offset, BLOCK)))
                        .thenApply(x -> (long) Res.get(x, READ4res.class).resok().data().remaining());
            }

            @Override
            public void close() throws IOException {
                c.okNow(slot, write ? List.of(Ops.putfh(fh), Ops.commit(0, 0), Ops.close(open))
                        : List.of(Ops.putfh(fh), Ops.close(open)));
            }
        };
    }
}
