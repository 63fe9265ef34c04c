package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DEALLOCATE4args (RFC 7862 §15.4): punch a hole. */
public record DEALLOCATE4args(Stateid4 stateid, long offset, long length) implements NfsArgop {
    public DEALLOCATE4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DEALLOCATE;
    }

    public static DEALLOCATE4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        long length = x.readHyper();
        return new DEALLOCATE4args(stateid, offset, length);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeHyper(length);
    }
}
