package org.cephgw.loadgen;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.cephgw.client.Ops;

/** stat(2) of a name the client has not cached: LOOKUP + GETFH + GETATTR, in a directory of {@code --files} files. */
final class Stat extends NamedWorkload {
    Stat() {
        super("stat", "files");
    }

    @Override
    public Worker worker(LoadClient c, int slot, Tree tree) throws java.io.IOException {
        byte[] dir = tree.shared();
        int files = tree.files();
        return () -> c.ok(slot, List.of(Ops.putfh(dir), Ops.lookup("f" + ThreadLocalRandom.current().nextInt(files)),
                Ops.getfh(), Ops.getattr(Tree.ATTRS))).thenApply(r -> 1L);
    }
}
