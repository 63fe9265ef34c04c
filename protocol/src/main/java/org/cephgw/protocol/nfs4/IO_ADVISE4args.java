package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** IO_ADVISE4args (RFC 7862 §15.5); hints is a bitmap of IO_ADVISE4_*. */
public record IO_ADVISE4args(Stateid4 stateid, long offset, long count, Bitmap4 hints) implements NfsArgop {
    public IO_ADVISE4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(hints, "hints");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_IO_ADVISE;
    }

    public static IO_ADVISE4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        long count = x.readHyper();
        Bitmap4 hints = Bitmap4.decode(x);
        return new IO_ADVISE4args(stateid, offset, count, hints);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeHyper(count);
        hints.encode(x);
    }
}
