package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** nfsace4 (RFC 8881 §6.2.1): one access control entry. */
public record Nfsace4(int type, int flag, int accessMask, String who) implements XdrEncodable {
    public Nfsace4 {
        if (who == null) {
            throw new NullPointerException("who");
        }
    }

    public static Nfsace4 decode(XdrDecoder x) {
        int type = x.readInt();
        int flag = x.readInt();
        int mask = x.readInt();
        return new Nfsace4(type, flag, mask, Nfs4Xdr.readUtf8(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(type);
        x.writeInt(flag);
        x.writeInt(accessMask);
        x.writeString(who);
    }
}
