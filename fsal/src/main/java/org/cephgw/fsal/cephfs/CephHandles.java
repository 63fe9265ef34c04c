package org.cephgw.fsal.cephfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.cephgw.fsal.FileHandle;
import org.cephgw.fsal.FsError;
import org.cephgw.fsal.FsException;

/**
 * The CephFS back end's file handles: 26 bytes,
 * <pre>
 *   u16 export id   (big-endian, as nfs-ganesha puts it on the wire)
 *   u64 ino         (little-endian)  \
 *   u64 snapid      (little-endian)   } nfs-ganesha FSAL_CEPH's 24-byte key
 *   i64 fscid       (little-endian)  /
 * </pre>
 * The key is what nfs-ganesha's FSAL_CEPH puts in its handles ({@code vinodeno_t} + the file
 * system id), so a handle names the same file on every gateway node and across restarts as long
 * as the export id is pinned in the cluster configuration. A handle whose export id or fscid
 * differs from this export's is {@link FsError#BADHANDLE}; so is any other length, and inode 0.
 * Handles carry no signature: a client that forges one can name any inode of the file system, so
 * an export of a sub-directory should run with cephx MDS caps restricted to that path
 * ({@code ceph fs authorize <fs> client.<id> <path> rw}) — see {@link CephFilesystem}.
 */
final class CephHandles {
    static final int LENGTH = 26;

    private CephHandles() {
    }

    static FileHandle encode(int exportId, long ino, long snapid, long fscid) {
        byte[] b = new byte[LENGTH];
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.order(ByteOrder.BIG_ENDIAN).putShort(0, (short) exportId);
        bb.order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(2, ino);
        bb.putLong(10, snapid);
        bb.putLong(18, fscid);
        return new FileHandle(b);
    }

    /** A decoded handle of this export: the inode number and snapshot id. */
    static InodeRef.Vino decode(FileHandle h, int exportId, long fscid) {
        if (h.length() != LENGTH) {
            throw new FsException(FsError.BADHANDLE, "not a CephFS handle (" + h.length() + " bytes)");
        }
        byte[] b = h.bytes();
        ByteBuffer bb = ByteBuffer.wrap(b);
        int export = bb.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff;
        if (export != exportId) {
            throw new FsException(FsError.BADHANDLE, "handle of export " + export + ", not " + exportId);
        }
        bb.order(ByteOrder.LITTLE_ENDIAN);
        long ino = bb.getLong(2);
        long snapid = bb.getLong(10);
        long cid = bb.getLong(18);
        if (cid != fscid) {
            throw new FsException(FsError.BADHANDLE, "handle of file system " + cid + ", not " + fscid);
        }
        if (ino == 0) {
            throw new FsException(FsError.BADHANDLE, "inode 0");
        }
        return new InodeRef.Vino(ino, snapid);
    }
}
