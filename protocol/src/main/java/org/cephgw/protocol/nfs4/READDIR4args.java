package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READDIR4args (RFC 8881 §18.23). dircount bounds the names and cookies, maxcount the whole reply. */
public record READDIR4args(long cookie, byte[] cookieverf, int dircount, int maxcount, Bitmap4 attrRequest) implements NfsArgop {
    public READDIR4args {
        Nfs4Xdr.requireLength(cookieverf, Nfs4Const.NFS4_VERIFIER_SIZE, "cookieverf");
        java.util.Objects.requireNonNull(attrRequest, "attrRequest");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READDIR;
    }

    public static READDIR4args decode(XdrDecoder x) {
        long cookie = x.readHyper();
        byte[] cookieverf = Nfs4Xdr.readVerifier(x);
        int dircount = x.readInt();
        int maxcount = x.readInt();
        Bitmap4 attrRequest = Bitmap4.decode(x);
        return new READDIR4args(cookie, cookieverf, dircount, maxcount, attrRequest);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(cookie);
        Nfs4Xdr.writeVerifier(x, cookieverf);
        x.writeInt(dircount);
        x.writeInt(maxcount);
        attrRequest.encode(x);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof READDIR4args o && o.cookie == cookie
                && Arrays.equals(o.cookieverf, cookieverf)
                && o.dircount == dircount
                && o.maxcount == maxcount
                && java.util.Objects.equals(o.attrRequest, attrRequest);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (Long.hashCode(cookie)) + Arrays.hashCode(cookieverf)) + Integer.hashCode(dircount)) + Integer.hashCode(maxcount)) + java.util.Objects.hashCode(attrRequest);
    }

    @Override
    public String toString() {
        return "READDIR4args[" + "cookie=" + cookie + ", " + "cookieverf=" + Nfs4Xdr.hex(cookieverf) + ", " + "dircount=" + dircount + ", " + "maxcount=" + maxcount + ", " + "attrRequest=" + attrRequest + "]";
    }
}
