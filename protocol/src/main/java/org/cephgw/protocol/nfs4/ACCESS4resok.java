package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ACCESS4resok (RFC 8881 §18.1). */
public record ACCESS4resok(int supported, int access) implements XdrEncodable {
    public static ACCESS4resok decode(XdrDecoder x) {
        int supported = x.readInt();
        int access = x.readInt();
        return new ACCESS4resok(supported, access);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(supported);
        x.writeInt(access);
    }
}
