package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** COPY_NOTIFY4args (RFC 7862 §15.3). */
public record COPY_NOTIFY4args(Stateid4 srcStateid, Netloc4 destinationServer) implements NfsArgop {
    public COPY_NOTIFY4args {
        java.util.Objects.requireNonNull(srcStateid, "srcStateid");
        java.util.Objects.requireNonNull(destinationServer, "destinationServer");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_COPY_NOTIFY;
    }

    public static COPY_NOTIFY4args decode(XdrDecoder x) {
        Stateid4 srcStateid = Stateid4.decode(x);
        Netloc4 destinationServer = Netloc4.decode(x);
        return new COPY_NOTIFY4args(srcStateid, destinationServer);
    }

    @Override
    public void encode(XdrEncoder x) {
        srcStateid.encode(x);
        destinationServer.encode(x);
    }
}
