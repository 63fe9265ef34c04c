package org.cephgw.actors.state;

import org.cephgw.fsal.FileHandle;

/** A file as the state layer knows it: its export and the back end's handle. */
public record FileKey(int exportId, FileHandle handle) {
    /** Spreads files over I/O workers and entity shards. */
    public int spread() {
        return handle.hashCode() * 31 + exportId;
    }
}
