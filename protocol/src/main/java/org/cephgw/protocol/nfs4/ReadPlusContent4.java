package org.cephgw.protocol.nfs4;

import java.nio.ByteBuffer;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * read_plus_content (RFC 7862 §15.10): a READ_PLUS segment, data (data4) or a hole (data_info4).
 * The union's default arm (void) is not produced by any server and is refused on decode.
 */
public sealed interface ReadPlusContent4 extends XdrEncodable {
    /** data_content4. */
    int content();

    /** data4: bytes at an offset. The buffer is not copied and its position is never moved. */
    record Data(long offset, ByteBuffer data) implements ReadPlusContent4 {
        @Override
        public int content() {
            return Nfs4Const.NFS4_CONTENT_DATA;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.NFS4_CONTENT_DATA);
            x.writeHyper(offset);
            x.writeOpaque(data);
        }
    }

    /** data_info4: a hole of {@code length} bytes at {@code offset}. */
    record Hole(long offset, long length) implements ReadPlusContent4 {
        @Override
        public int content() {
            return Nfs4Const.NFS4_CONTENT_HOLE;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(Nfs4Const.NFS4_CONTENT_HOLE);
            x.writeHyper(offset);
            x.writeHyper(length);
        }
    }

    static ReadPlusContent4 decode(XdrDecoder x) {
        int c = x.readInt();
        return switch (c) {
            case Nfs4Const.NFS4_CONTENT_DATA -> {
                long off = x.readHyper();
                yield new Data(off, x.readOpaqueSlice(Integer.MAX_VALUE));
            }
            case Nfs4Const.NFS4_CONTENT_HOLE -> {
                long off = x.readHyper();
                yield new Hole(off, x.readHyper());
            }
            default -> throw Nfs4Xdr.badDiscriminant("read_plus_content", c);
        };
    }
}
