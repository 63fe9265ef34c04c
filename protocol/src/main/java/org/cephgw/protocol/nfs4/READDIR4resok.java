package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READDIR4resok (RFC 8881 §18.23). */
public record READDIR4resok(byte[] cookieverf, Dirlist4 reply) implements XdrEncodable {
    public READDIR4resok {
        Nfs4Xdr.requireLength(cookieverf, Nfs4Const.NFS4_VERIFIER_SIZE, "cookieverf");
        java.util.Objects.requireNonNull(reply, "reply");
    }

    public static READDIR4resok decode(XdrDecoder x) {
        byte[] cookieverf = Nfs4Xdr.readVerifier(x);
        Dirlist4 reply = Dirlist4.decode(x);
        return new READDIR4resok(cookieverf, reply);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeVerifier(x, cookieverf);
        reply.encode(x);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof READDIR4resok o && Arrays.equals(o.cookieverf, cookieverf)
                && java.util.Objects.equals(o.reply, reply);
    }

    @Override
    public int hashCode() {
        return 31 * (Arrays.hashCode(cookieverf)) + java.util.Objects.hashCode(reply);
    }

    @Override
    public String toString() {
        return "READDIR4resok[" + "cookieverf=" + Nfs4Xdr.hex(cookieverf) + ", " + "reply=" + reply + "]";
    }
}
