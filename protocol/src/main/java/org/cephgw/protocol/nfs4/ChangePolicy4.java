package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** change_policy4 (RFC 8881 §5.8.2.1): the change_policy attribute. */
public record ChangePolicy4(long cpMajor, long cpMinor) implements XdrEncodable {
    public static ChangePolicy4 decode(XdrDecoder x) {
        long a = x.readHyper();
        return new ChangePolicy4(a, x.readHyper());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(cpMajor);
        x.writeHyper(cpMinor);
    }
}
