package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** GET_DIR_DELEGATION4resok (RFC 8881 §18.39). */
public record GET_DIR_DELEGATION4resok(byte[] cookieverf, Stateid4 stateid, Bitmap4 notification, Bitmap4 childAttributes, Bitmap4 dirAttributes) implements XdrEncodable {
    public GET_DIR_DELEGATION4resok {
        Nfs4Xdr.requireLength(cookieverf, Nfs4Const.NFS4_VERIFIER_SIZE, "cookieverf");
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(notification, "notification");
        java.util.Objects.requireNonNull(childAttributes, "childAttributes");
        java.util.Objects.requireNonNull(dirAttributes, "dirAttributes");
    }

    public static GET_DIR_DELEGATION4resok decode(XdrDecoder x) {
        byte[] cookieverf = Nfs4Xdr.readVerifier(x);
        Stateid4 stateid = Stateid4.decode(x);
        Bitmap4 notification = Bitmap4.decode(x);
        Bitmap4 childAttributes = Bitmap4.decode(x);
        Bitmap4 dirAttributes = Bitmap4.decode(x);
        return new GET_DIR_DELEGATION4resok(cookieverf, stateid, notification, childAttributes, dirAttributes);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeVerifier(x, cookieverf);
        stateid.encode(x);
        notification.encode(x);
        childAttributes.encode(x);
        dirAttributes.encode(x);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GET_DIR_DELEGATION4resok o && Arrays.equals(o.cookieverf, cookieverf)
                && java.util.Objects.equals(o.stateid, stateid)
                && java.util.Objects.equals(o.notification, notification)
                && java.util.Objects.equals(o.childAttributes, childAttributes)
                && java.util.Objects.equals(o.dirAttributes, dirAttributes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (Arrays.hashCode(cookieverf)) + java.util.Objects.hashCode(stateid)) + java.util.Objects.hashCode(notification)) + java.util.Objects.hashCode(childAttributes)) + java.util.Objects.hashCode(dirAttributes);
    }

    @Override
    public String toString() {
        return "GET_DIR_DELEGATION4resok[" + "cookieverf=" + Nfs4Xdr.hex(cookieverf) + ", " + "stateid=" + stateid + ", " + "notification=" + notification + ", " + "childAttributes=" + childAttributes + ", " + "dirAttributes=" + dirAttributes + "]";
    }
}
