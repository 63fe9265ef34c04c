package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LISTXATTRS4args (RFC 8276 §8.4.4). */
public record LISTXATTRS4args(long cookie, int maxcount) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_LISTXATTRS;
    }

    public static LISTXATTRS4args decode(XdrDecoder x) {
        long cookie = x.readHyper();
        int maxcount = x.readInt();
        return new LISTXATTRS4args(cookie, maxcount);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(cookie);
        x.writeInt(maxcount);
    }
}
