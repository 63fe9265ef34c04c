package org.cephgw.loadgen;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.cephgw.client.Ops;

/** rename(2) within a directory, back and forth: SAVEFH + RENAME, one file per slot in the client's directory. */
final class Rename extends NamedWorkload {
    Rename() {
        super("rename", "files");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.clientDir(c);
        String first = "r" + slot + "a";
        String second = "r" + slot + "b";
        Tree.createFile(c, dir, first);
        return new Worker() {
            private boolean there;

            @Override
            public CompletableFuture<Long> next() {
                String from = there ? second : first;
                String to = there ? first : second;
                there = !there;
                return c.ok(slot, List.of(Ops.putfh(dir), Ops.savefh(), Ops.rename(from, to))).thenApply(r -> 1L);
            }
        };
    }
}
