package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** mode_masked4 (RFC 8881 §6.2.4): the mode_set_masked attribute, bits to set under a mask. */
public record ModeMasked4(int mmValueToSet, int mmMaskBits) implements XdrEncodable {
    public static ModeMasked4 decode(XdrDecoder x) {
        int v = x.readInt();
        return new ModeMasked4(v, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(mmValueToSet);
        x.writeInt(mmMaskBits);
    }
}
