package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** ALLOCATE4args (RFC 7862 §15.1): reserve space for a byte range. */
public record ALLOCATE4args(Stateid4 stateid, long offset, long length) implements NfsArgop {
    public ALLOCATE4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_ALLOCATE;
    }

    public static ALLOCATE4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        long length = x.readHyper();
        return new ALLOCATE4args(stateid, offset, length);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeHyper(length);
    }
}
