package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COMMIT4args (RFC 8881 §18.3): flush unstable writes of a byte range (count 0: to end of file). */
public record COMMIT4args(long offset, int count) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_COMMIT;
    }

    public static COMMIT4args decode(XdrDecoder x) {
        long offset = x.readHyper();
        int count = x.readInt();
        return new COMMIT4args(offset, count);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(offset);
        x.writeInt(count);
    }
}
