package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CB_RECALL4res (RFC 8881 §20.2.2). */
public record CB_RECALL4res(int status) implements CbOp {
    @Override
    public int opnum() {
        return OP_CB_RECALL;
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    public static CB_RECALL4res decode(XdrDecoder x) {
        return new CB_RECALL4res(x.readInt());
    }
}
