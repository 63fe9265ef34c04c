package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ_PLUS4args (RFC 7862 §15.10). */
public record READ_PLUS4args(Stateid4 stateid, long offset, int count) implements NfsArgop {
    public READ_PLUS4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READ_PLUS;
    }

    public static READ_PLUS4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        int count = x.readInt();
        return new READ_PLUS4args(stateid, offset, count);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeInt(count);
    }
}
