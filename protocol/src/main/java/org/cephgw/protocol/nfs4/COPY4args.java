package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COPY4args (RFC 7862 §15.2): copy from the saved to the current filehandle. */
public record COPY4args(Stateid4 srcStateid, Stateid4 dstStateid, long srcOffset, long dstOffset, long count, boolean consecutive, boolean synchronous, List<Netloc4> sourceServer) implements NfsArgop {
    public COPY4args {
        java.util.Objects.requireNonNull(srcStateid, "srcStateid");
        java.util.Objects.requireNonNull(dstStateid, "dstStateid");
        java.util.Objects.requireNonNull(sourceServer, "sourceServer");
        sourceServer = List.copyOf(sourceServer);
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_COPY;
    }

    public static COPY4args decode(XdrDecoder x) {
        Stateid4 srcStateid = Stateid4.decode(x);
        Stateid4 dstStateid = Stateid4.decode(x);
        long srcOffset = x.readHyper();
        long dstOffset = x.readHyper();
        long count = x.readHyper();
        boolean consecutive = x.readBoolean();
        boolean synchronous = x.readBoolean();
        List<Netloc4> sourceServer = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 8, Netloc4::decode);
        return new COPY4args(srcStateid, dstStateid, srcOffset, dstOffset, count, consecutive, synchronous, sourceServer);
    }

    @Override
    public void encode(XdrEncoder x) {
        srcStateid.encode(x);
        dstStateid.encode(x);
        x.writeHyper(srcOffset);
        x.writeHyper(dstOffset);
        x.writeHyper(count);
        x.writeBoolean(consecutive);
        x.writeBoolean(synchronous);
        Nfs4Xdr.writeList(x, sourceServer, (e, t) -> t.encode(e));
    }
}
