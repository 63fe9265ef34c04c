package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SECINFO_NO_NAME4args (RFC 8881 §18.45): a secinfo_style4 (SECINFO_STYLE4_*). */
public record SECINFO_NO_NAME4args(int style) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_SECINFO_NO_NAME;
    }

    public static SECINFO_NO_NAME4args decode(XdrDecoder x) {
        int style = x.readInt();
        return new SECINFO_NO_NAME4args(style);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(style);
    }
}
