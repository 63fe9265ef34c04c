package org.cephgw.actors.fh;

import java.util.Arrays;
import org.cephgw.actors.state.FileKey;
import org.cephgw.fsal.FileHandle;

/**
 * An NFSv4 file handle as this gateway issues it: a format byte, the pinned export id (0 = the
 * pseudo file system) and the back end's handle. Node-independent and stable across restarts as
 * long as export ids are.
 *
 * <pre>[format 0x01][export id: u16 big-endian][back-end handle: 1..112 bytes]</pre>
 */
public record Fh(int exportId, FileHandle handle) {
    public static final int FORMAT = 0x01;
    public static final int PSEUDO_EXPORT = 0;

    /** The wire form (nfs_fh4). */
    public byte[] toBytes() {
        byte[] b = new byte[3 + handle.length()];
        b[0] = FORMAT;
        b[1] = (byte) (exportId >>> 8);
        b[2] = (byte) exportId;
        handle.copyTo(b, 3);
        return b;
    }

    /**
     * Parses a wire handle; null when it is not one of ours at all (the caller answers
     * NFS4ERR_BADHANDLE).
     */
    public static Fh parse(byte[] wire) {
        if (wire.length < 4 || wire.length > 3 + FileHandle.MAX_BYTES || wire[0] != FORMAT) {
            return null;
        }
        int export = ((wire[1] & 0xff) << 8) | (wire[2] & 0xff);
        return new Fh(export, new FileHandle(Arrays.copyOfRange(wire, 3, wire.length)));
    }

    public FileKey key() {
        return new FileKey(exportId, handle);
    }

    public boolean isPseudo() {
        return exportId == PSEUDO_EXPORT;
    }
}
