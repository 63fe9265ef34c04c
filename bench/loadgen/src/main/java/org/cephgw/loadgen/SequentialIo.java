package org.cephgw.loadgen;

import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_BOTH;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_ACCESS_READ;
import static org.cephgw.protocol.nfs4.Nfs4Const.OPEN4_SHARE_DENY_NONE;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.cephgw.client.Ops;
import org.cephgw.client.Res;
import org.cephgw.protocol.nfs4.READ4res;
import org.cephgw.protocol.nfs4.Stateid4;

/**
 * 1 MiB (or the largest the session carries, {@link LoadClient#ioMax}) sequential reads of the
 * shared {@code data} file (each slot from its own starting point, wrapping at the end) or
 * sequential UNSTABLE writes of that size, each slot over its own region of eight of them in the
 * client's file {@code seq}, with a COMMIT of the region each time it wraps (as a writer that
 * fsyncs every 8 MiB).
 */
final class SequentialIo extends NamedWorkload {
    static final int REGION_CHUNKS = 8;
    private final boolean write;

    private SequentialIo(boolean write) {
        super(write ? "seqwrite" : "seqread", "B");
        this.write = write;
    }

    static SequentialIo read() {
        return new SequentialIo(false);
    }

    static SequentialIo write() {
        return new SequentialIo(true);
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws IOException {
        return write ? writer(c, slot, tree) : reader(c, slot, tree);
    }

    private static Worker reader(LoadClient c, int slot, Tree tree) throws IOException {
        byte[] fh = tree.data();
        int chunkSize = c.ioMax();
        long chunks = Math.max(1, tree.dataBytes() / chunkSize);
        var r = c.okNow(slot, List.of(Ops.putfh(fh), Ops.openFh(c.owner("seq" + slot), OPEN4_SHARE_ACCESS_READ,
                OPEN4_SHARE_DENY_NONE)));
        Stateid4 open = Res.openStateid(r);
        return new Worker() {
            private long next = ThreadLocalRandom.current().nextLong(chunks);

            @Override
            public CompletableFuture<Long> next() {
                long offset = next * chunkSize;
                next = (next + 1) % chunks;
                return c.ok(slot, List.of(Ops.putfh(fh), Ops.read(open, offset, chunkSize)))
                        .thenApply(x -> (long) Res.get(x, READ4res.class).resok().data().remaining());
            }

            @Override
            public void close() throws IOException {
                c.okNow(slot, List.of(Ops.putfh(fh), Ops.close(open)));
            }
        };
    }

    private static Worker writer(LoadClient c, int slot, Tree tree) throws IOException {
        byte[] dir = tree.clientDir(c);
        var r = c.okNow(slot, List.of(Ops.putfh(dir), Ops.openCreate(c.owner("seq" + slot), "seq",
                OPEN4_SHARE_ACCESS_BOTH, OPEN4_SHARE_DENY_NONE, Ops.unchecked()), Ops.getfh()));
        byte[] fh = Res.fh(r);
        Stateid4 open = Res.openStateid(r);
        int chunkSize = c.ioMax();
        byte[] chunk = new byte[chunkSize];
        ThreadLocalRandom.current().nextBytes(chunk);
        long base = (long) slot * REGION_CHUNKS * chunkSize;
        return new Worker() {
            private int n;

            @Override
            public CompletableFuture<Long> next() {
                long offset = base + (long) n * chunkSize;
                n = (n + 1) % REGION_CHUNKS;
                CompletableFuture<Long> w = c.ok(slot, List.of(Ops.putfh(fh), Ops.writeUnstable(open, offset, chunk)))
                        .thenApply(x -> (long) chunkSize);
                if (n != 0) {
                    return w;
                }
                return w.thenCompose(bytes -> c.ok(slot, List.of(Ops.putfh(fh),
                        Ops.commit(base, REGION_CHUNKS * chunkSize))).thenApply(x -> bytes));
            }

            @Override
            public void close() throws IOException {
                c.okNow(slot, List.of(Ops.putfh(fh), Ops.commit(0, 0), Ops.close(open)));
            }
        };
    }
}
