package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE4resok (RFC 8881 §18.4). */
public record CREATE4resok(ChangeInfo4 cinfo, Bitmap4 attrset) implements XdrEncodable {
    public CREATE4resok {
        java.util.Objects.requireNonNull(cinfo, "cinfo");
        java.util.Objects.requireNonNull(attrset, "attrset");
    }

    public static CREATE4resok decode(XdrDecoder x) {
        ChangeInfo4 cinfo = ChangeInfo4.decode(x);
        Bitmap4 attrset = Bitmap4.decode(x);
        return new CREATE4resok(cinfo, attrset);
    }

    @Override
    public void encode(XdrEncoder x) {
        cinfo.encode(x);
        attrset.encode(x);
    }
}
