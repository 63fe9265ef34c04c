package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ACCESS4args (RFC 8881 §18.1): the ACCESS4_* rights to check on the current filehandle. */
public record ACCESS4args(int access) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_ACCESS;
    }

    public static ACCESS4args decode(XdrDecoder x) {
        int access = x.readInt();
        return new ACCESS4args(access);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(access);
    }
}
