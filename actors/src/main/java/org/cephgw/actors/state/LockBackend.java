package org.cephgw.actors.state;

import org.cephgw.actors.io.IoPool;
import org.cephgw.fsal.Filesystem;

/**
 * The back end's byte-range lock manager of a file's export ({@link Filesystem#locker()}) and the
 * I/O pool its blocking calls run on. LOCK, LOCKT and LOCKU name it so that the {@link OpenFileActor}
 * takes the gateway's locks in the back end as well (where they meet other CephFS clients, other
 * gateway nodes, local processes); null where the back end has none.
 */
public record LockBackend(Filesystem.ByteRangeLocker locker, IoPool pool) {
}
