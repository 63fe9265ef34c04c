package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEEK4args (RFC 7862 §15.11); what is a data_content4. */
public record SEEK4args(Stateid4 stateid, long offset, int what) implements NfsArgop {
    public SEEK4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SEEK;
    }

    public static SEEK4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        int what = x.readInt();
        return new SEEK4args(stateid, offset, what);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeInt(what);
    }
}
