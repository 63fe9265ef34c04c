package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ4args (RFC 8881 §18.22). */
public record READ4args(Stateid4 stateid, long offset, int count) implements NfsArgop {
    public READ4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_READ;
    }

    public static READ4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        int count = x.readInt();
        return new READ4args(stateid, offset, count);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeInt(count);
    }
}
