package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CLONE4args (RFC 7862 §15.13): share a range of the saved filehandle into the current one. */
public record CLONE4args(Stateid4 srcStateid, Stateid4 dstStateid, long srcOffset, long dstOffset, long count) implements NfsArgop {
    public CLONE4args {
        java.util.Objects.requireNonNull(srcStateid, "srcStateid");
        java.util.Objects.requireNonNull(dstStateid, "dstStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CLONE;
    }

    public static CLONE4args decode(XdrDecoder x) {
        Stateid4 srcStateid = Stateid4.decode(x);
        Stateid4 dstStateid = Stateid4.decode(x);
        long srcOffset = x.readHyper();
        long dstOffset = x.readHyper();
        long count = x.readHyper();
        return new CLONE4args(srcStateid, dstStateid, srcOffset, dstOffset, count);
    }

    @Override
    public void encode(XdrEncoder x) {
        srcStateid.encode(x);
        dstStateid.encode(x);
        x.writeHyper(srcOffset);
        x.writeHyper(dstOffset);
        x.writeHyper(count);
    }
}
