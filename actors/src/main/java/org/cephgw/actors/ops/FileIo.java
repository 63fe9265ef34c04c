package org.cephgw.actors.ops;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.cephgw.actors.compound.CompoundContext;
import org.cephgw.actors.fh.Fh;
import org.cephgw.actors.state.StateId;
import org.cephgw.fsal.Filesystem.Access;
import org.cephgw.fsal.IoHandle;

/** Runs I/O on a file with a stateid: its open's back-end handle, or one of its own for the special stateids. */
final class FileIo {
    private FileIo() {
    }

    static <T> CompletionStage<T> with(CompoundContext ctx, Fh fh, StateId sid, boolean write, Function<IoHandle, T> work) {
        return with(ctx, fh, sid, write, 0, work);
    }

    /** @param salt see {@link CompoundContext#io(Fh, int, java.util.function.Supplier)} */
    static <T> CompletionStage<T> with(CompoundContext ctx, Fh fh, StateId sid, boolean write, int salt,
                                       Function<IoHandle, T> work) {
        return StateChecks.forIo(ctx, fh, sid, write).thenCompose(shared -> ctx.io(fh, salt, () -> {
            if (shared != null) {
                try {
                    return work.apply(shared.handle());
                } finally {
                    shared.release();
                }
            }
            // no open: the caller's permissions decide, as for any stateless I/O (§8.2.3)
            try (IoHandle h = ctx.fs(fh).open(ctx.creds(fh), fh.handle(), write ? Access.WRITE : Access.READ)) {
                return work.apply(h);
            }
        }));
    }
}
