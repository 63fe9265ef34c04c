package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * createtype4 (RFC 8881 §18.4): the kind of object CREATE makes (CREATE never makes regular
 * files). NF4SOCK, NF4FIFO and NF4DIR carry no data and are {@link Nf4Void}, as is any type
 * outside the union's arms (its default arm is void): the server answers those NFS4ERR_BADTYPE.
 */
public sealed interface Createtype4 extends XdrEncodable {
    /** nfs_ftype4. */
    int type();

    /** NF4LNK: a symbolic link to {@code linkdata} (linktext4, UTF-8). */
    record Nf4Lnk(String linkdata) implements Createtype4 {
        public Nf4Lnk {
            if (linkdata == null) {
                throw new NullPointerException("linkdata");
            }
        }

        @Override
        public int type() {
            return Nfs4Const.NF4LNK;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(type());
            x.writeString(linkdata);
        }
    }

    record Nf4Blk(Specdata4 devdata) implements Createtype4 {
        @Override
        public int type() {
            return Nfs4Const.NF4BLK;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(type());
            devdata.encode(x);
        }
    }

    record Nf4Chr(Specdata4 devdata) implements Createtype4 {
        @Override
        public int type() {
            return Nfs4Const.NF4CHR;
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(type());
            devdata.encode(x);
        }
    }

    /** NF4SOCK, NF4FIFO, NF4DIR and any other type: no data. */
    record Nf4Void(int type) implements Createtype4 {
        public Nf4Void {
            if (type == Nfs4Const.NF4LNK || type == Nfs4Const.NF4BLK || type == Nfs4Const.NF4CHR) {
                throw new IllegalArgumentException("type " + type + " carries data");
            }
        }

        @Override
        public void encode(XdrEncoder x) {
            x.writeInt(type);
        }
    }

    Createtype4 NF4DIR = new Nf4Void(Nfs4Const.NF4DIR);
    Createtype4 NF4SOCK = new Nf4Void(Nfs4Const.NF4SOCK);
    Createtype4 NF4FIFO = new Nf4Void(Nfs4Const.NF4FIFO);

    static Createtype4 decode(XdrDecoder x) {
        int type = x.readInt();
        return switch (type) {
            case Nfs4Const.NF4LNK -> new Nf4Lnk(Nfs4Xdr.readComponent(x));
            case Nfs4Const.NF4BLK -> new Nf4Blk(Specdata4.decode(x));
            case Nfs4Const.NF4CHR -> new Nf4Chr(Specdata4.decode(x));
            default -> new Nf4Void(type);
        };
    }
}
