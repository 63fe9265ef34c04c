package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** nfs_impl_id4 (RFC 8881 §18.35): the implementation's DNS domain, name and build date. */
public record NfsImplId4(String domain, String name, Nfstime4 date) implements XdrEncodable {
    public NfsImplId4 {
        if (domain == null || name == null || date == null) {
            throw new NullPointerException("nfs_impl_id4");
        }
    }

    public static NfsImplId4 decode(XdrDecoder x) {
        String d = Nfs4Xdr.readUtf8(x);
        String n = Nfs4Xdr.readUtf8(x);
        return new NfsImplId4(d, n, Nfstime4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(domain);
        x.writeString(name);
        date.encode(x);
    }
}
