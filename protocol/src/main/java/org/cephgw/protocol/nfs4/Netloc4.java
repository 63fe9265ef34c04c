package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * netloc4 (RFC 7862 §4.1): a server location for inter-server COPY, by name, URL or address.
 *
 * @param name the nl_name or nl_url for NL4_NAME / NL4_URL, else null
 * @param addr the nl_addr for NL4_NETADDR, else null
 */
public record Netloc4(int nlType, String name, Netaddr4 addr) implements XdrEncodable {
    public Netloc4 {
        boolean isAddr = nlType == Nfs4Const.NL4_NETADDR;
        if (nlType != Nfs4Const.NL4_NAME && nlType != Nfs4Const.NL4_URL && !isAddr) {
            throw new IllegalArgumentException("netloc_type4 " + nlType);
        }
        if (isAddr ? addr == null || name != null : name == null || addr != null) {
            throw new IllegalArgumentException("netloc4 arm " + nlType + " with " + name + ", " + addr);
        }
    }

    public static Netloc4 decode(XdrDecoder x) {
        int t = x.readInt();
        return switch (t) {
            case Nfs4Const.NL4_NAME, Nfs4Const.NL4_URL -> new Netloc4(t, Nfs4Xdr.readUtf8(x), null);
            case Nfs4Const.NL4_NETADDR -> new Netloc4(t, null, Netaddr4.decode(x));
            default -> throw Nfs4Xdr.badDiscriminant("netloc4", t);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(nlType);
        if (addr != null) {
            addr.encode(x);
        } else {
            x.writeString(name);
        }
    }
}
