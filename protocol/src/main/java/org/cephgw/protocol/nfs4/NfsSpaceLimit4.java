package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * nfs_space_limit4 (RFC 8881 §18.16): how far a client with a write delegation may extend the
 * file before flushing. {@code filesize} is meaningful for NFS_LIMIT_SIZE, the block fields for
 * NFS_LIMIT_BLOCKS.
 */
public record NfsSpaceLimit4(int limitby, long filesize, int numBlocks, int bytesPerBlock) implements XdrEncodable {
    public NfsSpaceLimit4 {
        if (limitby == Nfs4Const.NFS_LIMIT_SIZE) {
            numBlocks = 0;
            bytesPerBlock = 0;
        } else if (limitby == Nfs4Const.NFS_LIMIT_BLOCKS) {
            filesize = 0;
        } else {
            throw new IllegalArgumentException("limit_by4 " + limitby);
        }
    }

    public static NfsSpaceLimit4 size(long filesize) {
        return new NfsSpaceLimit4(Nfs4Const.NFS_LIMIT_SIZE, filesize, 0, 0);
    }

    public static NfsSpaceLimit4 blocks(int numBlocks, int bytesPerBlock) {
        return new NfsSpaceLimit4(Nfs4Const.NFS_LIMIT_BLOCKS, 0, numBlocks, bytesPerBlock);
    }

    public static NfsSpaceLimit4 decode(XdrDecoder x) {
        int by = x.readInt();
        return switch (by) {
            case Nfs4Const.NFS_LIMIT_SIZE -> size(x.readHyper());
            case Nfs4Const.NFS_LIMIT_BLOCKS -> {
                int n = x.readInt();
                yield blocks(n, x.readInt());
            }
            default -> throw Nfs4Xdr.badDiscriminant("nfs_space_limit4", by);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(limitby);
        if (limitby == Nfs4Const.NFS_LIMIT_SIZE) {
            x.writeHyper(filesize);
        } else {
            x.writeInt(numBlocks);
            x.writeInt(bytesPerBlock);
        }
    }
}
