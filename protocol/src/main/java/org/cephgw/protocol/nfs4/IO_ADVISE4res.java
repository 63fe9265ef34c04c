package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** IO_ADVISE4res (RFC 7862 §15.5): the hints the server will act on.
 *
 * @param hints present exactly when {@code status} is NFS4_OK
 */
public record IO_ADVISE4res(int status, Bitmap4 hints) implements NfsResop {
    public IO_ADVISE4res {
        Nfs4Xdr.requireStatus(status, hints != null, status == NfsStat4.NFS4_OK, "hints");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_IO_ADVISE;
    }

    public static IO_ADVISE4res ok(Bitmap4 hints) {
        return new IO_ADVISE4res(NfsStat4.NFS4_OK, hints);
    }

    public static IO_ADVISE4res error(int status) {
        return new IO_ADVISE4res(status, null);
    }

    public static IO_ADVISE4res decode(XdrDecoder x) {
        int status = x.readInt();
        if (status != NfsStat4.NFS4_OK) {
            return new IO_ADVISE4res(status, null);
        }
        Bitmap4 hints = Bitmap4.decode(x);
        return new IO_ADVISE4res(status, hints);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            hints.encode(x);
        }
    }

    @Override
    public String toString() {
        return "IO_ADVISE4res[" + NfsStat4.name(status) + (hints == null ? "" : ", " + hints) + "]";
    }
}
