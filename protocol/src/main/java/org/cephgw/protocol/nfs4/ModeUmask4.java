package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** mode_umask4 (RFC 8275 §3): a create mode with the client's umask, applied unless inherited ACLs. */
public record ModeUmask4(int muMode, int muUmask) implements XdrEncodable {
    public static ModeUmask4 decode(XdrDecoder x) {
        int m = x.readInt();
        return new ModeUmask4(m, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(muMode);
        x.writeInt(muUmask);
    }
}
