package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** netaddr4 (RFC 8881 §3.3.9): an RPC netid ("tcp", "tcp6") and universal address (RFC 5665). */
public record Netaddr4(String naRNetid, String naRAddr) implements XdrEncodable {
    public static Netaddr4 decode(XdrDecoder x) {
        String id = Nfs4Xdr.readUtf8(x);
        return new Netaddr4(id, Nfs4Xdr.readUtf8(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeString(naRNetid);
        x.writeString(naRAddr);
    }
}
