package org.cephgw.actors;

import java.net.InetAddress;
import java.util.function.Predicate;
import org.cephgw.fsal.Filesystem;

/**
 * One export as configured: the back end serving it and who may use it how.
 *
 * @param id         pinned export id (part of every file handle: must be the same on every
 *                   gateway node and across restarts); 1..65535
 * @param pseudoPath where clients see it in the NFSv4 pseudo file system, e.g. "/" or "/data"
 * @param readOnly   modifications get NFS4ERR_ROFS
 * @param squash     how AUTH_SYS identities are mapped
 * @param anonUid    the uid squashed identities become
 * @param anonGid    the gid squashed identities become
 * @param clients    which client addresses may use the export (others get NFS4ERR_ACCESS)
 * @param delegations whether clients that ask for delegations may get them (only where this head
 *                   sees every access that must recall them)
 */
public record ExportSpec(int id, String pseudoPath, Filesystem fs, boolean readOnly, Squash squash,
                         int anonUid, int anonGid, Predicate<InetAddress> clients, boolean delegations) {

    /** An export whose clients may get delegations when they ask. */
    public ExportSpec(int id, String pseudoPath, Filesystem fs, boolean readOnly, Squash squash,
                      int anonUid, int anonGid, Predicate<InetAddress> clients) {
        this(id, pseudoPath, fs, readOnly, squash, anonUid, anonGid, clients, true);
    }

    public ExportSpec {
        if (id < 1 || id > 0xffff) {
            throw new IllegalArgumentException("export id " + id + " outside 1..65535");
        }
        if (!pseudoPath.startsWith("/")) {
            throw new IllegalArgumentException("pseudo path must be absolute: " + pseudoPath);
        }
    }

    /** Identity mapping for AUTH_SYS callers (as in exports(5)). */
    public enum Squash {
        /** identities are used as they come */
        NONE,
        /** uid 0 / gid 0 become the anonymous ids */
        ROOT,
        /** every identity becomes the anonymous ids */
        ALL
    }
}
