package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * open_arguments4 (RFC 9754 §2, attribute open_arguments, 86): which OPEN arguments the server
 * supports, each a bitmap whose bit N says value N of its enum is supported (share access, share
 * deny, share_access_want, open claim type, create mode).
 */
public record OpenArguments4(Bitmap4 oaShareAccess, Bitmap4 oaShareDeny, Bitmap4 oaShareAccessWant,
                             Bitmap4 oaOpenClaim, Bitmap4 oaCreateMode) implements XdrEncodable {
    public static OpenArguments4 decode(XdrDecoder x) {
        Bitmap4 access = Bitmap4.decode(x);
        Bitmap4 deny = Bitmap4.decode(x);
        Bitmap4 want = Bitmap4.decode(x);
        Bitmap4 claim = Bitmap4.decode(x);
        return new OpenArguments4(access, deny, want, claim, Bitmap4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        oaShareAccess.encode(x);
        oaShareDeny.encode(x);
        oaShareAccessWant.encode(x);
        oaOpenClaim.encode(x);
        oaCreateMode.encode(x);
    }
}
