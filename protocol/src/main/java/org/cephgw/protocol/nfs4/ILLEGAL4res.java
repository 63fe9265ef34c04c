package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ILLEGAL4res (RFC 8881 §18.52): the result for an opnum that is not an operation. */
public record ILLEGAL4res(int status) implements NfsResop {
    public static final ILLEGAL4res INSTANCE = new ILLEGAL4res();

    public ILLEGAL4res() {
        this(NfsStat4.NFS4ERR_OP_ILLEGAL);
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_ILLEGAL;
    }

    public static ILLEGAL4res decode(XdrDecoder x) {
        return new ILLEGAL4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }
}
