package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** nfsacl41 (RFC 8881 §6.2.3): the dacl/sacl attributes, ACEs with ACL flags. */
public record Nfsacl41(int flag, List<Nfsace4> aces) implements XdrEncodable {
    public Nfsacl41 {
        aces = List.copyOf(aces);
    }

    public static Nfsacl41 decode(XdrDecoder x) {
        int flag = x.readInt();
        return new Nfsacl41(flag, Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 16, Nfsace4::decode));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(flag);
        Nfs4Xdr.writeList(x, aces, (e, a) -> a.encode(e));
    }
}
