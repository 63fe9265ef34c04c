package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** state_protect_ops4 (RFC 8881 §18.35): operations that must, or may, use the protected credential. */
public record StateProtectOps4(Bitmap4 spoMustEnforce, Bitmap4 spoMustAllow) implements XdrEncodable {
    public static StateProtectOps4 decode(XdrDecoder x) {
        Bitmap4 e = Bitmap4.decode(x);
        return new StateProtectOps4(e, Bitmap4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        spoMustEnforce.encode(x);
        spoMustAllow.encode(x);
    }
}
