package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** rpcsec_gss_info (RFC 8881 §18.29): a GSS mechanism OID, quality of protection and service. */
public record RpcsecGssInfo(byte[] oid, int qop, int service) implements XdrEncodable {
    public static RpcsecGssInfo decode(XdrDecoder x) {
        byte[] oid = x.readOpaque(Nfs4Limits.MAX_SEC_OPAQUE);
        int qop = x.readInt();
        return new RpcsecGssInfo(oid, qop, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeOpaque(oid);
        x.writeInt(qop);
        x.writeInt(service);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RpcsecGssInfo g && Arrays.equals(g.oid, oid) && g.qop == qop && g.service == service;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(oid) * 961 + qop * 31 + service;
    }

    @Override
    public String toString() {
        return "RpcsecGssInfo[oid=" + Nfs4Xdr.hex(oid) + ", qop=" + qop + ", service=" + service + "]";
    }
}
