package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * SETATTR4res (RFC 8881 §18.30): not a union, the attributes set are returned whatever the
 * status (on error, those set before the failure, usually none).
 */
public record SETATTR4res(int status, Bitmap4 attrsset) implements NfsResop {
    public SETATTR4res {
        java.util.Objects.requireNonNull(attrsset, "attrsset");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SETATTR;
    }

    public static SETATTR4res ok(Bitmap4 attrsset) {
        return new SETATTR4res(NfsStat4.NFS4_OK, attrsset);
    }

    /** An error with no attributes set. */
    public static SETATTR4res error(int status) {
        return new SETATTR4res(status, Bitmap4.EMPTY);
    }

    public static SETATTR4res decode(XdrDecoder x) {
        int status = x.readInt();
        return new SETATTR4res(status, Bitmap4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        attrsset.encode(x);
    }
}
