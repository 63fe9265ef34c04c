package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OPEN4resok (RFC 8881 §18.16). */
public record OPEN4resok(Stateid4 stateid, ChangeInfo4 cinfo, int rflags, Bitmap4 attrset, OpenDelegation4 delegation) implements XdrEncodable {
    public OPEN4resok {
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(cinfo, "cinfo");
        java.util.Objects.requireNonNull(attrset, "attrset");
        java.util.Objects.requireNonNull(delegation, "delegation");
    }

    public static OPEN4resok decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        ChangeInfo4 cinfo = ChangeInfo4.decode(x);
        int rflags = x.readInt();
        Bitmap4 attrset = Bitmap4.decode(x);
        OpenDelegation4 delegation = OpenDelegation4.decode(x);
        return new OPEN4resok(stateid, cinfo, rflags, attrset, delegation);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        cinfo.encode(x);
        x.writeInt(rflags);
        attrset.encode(x);
        delegation.encode(x);
    }
}
