package org.cephgw.actors.compound;

import java.util.concurrent.CompletionStage;
import org.cephgw.protocol.nfs4.NfsArgop;
import org.cephgw.protocol.nfs4.NfsResop;

/**
 * One NFSv4 operation's server side (one class per operation, as the RFC lists them). It may
 * fail by throwing or completing exceptionally with an {@link OpException}, an
 * {@link org.cephgw.fsal.FsException} or any other error; the executor turns those into the
 * operation's error result.
 */
public interface Operation<A extends NfsArgop> {
    CompletionStage<NfsResop> execute(CompoundContext ctx, A args);
}
