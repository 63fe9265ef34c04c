package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** TEST_STATEID4args (RFC 8881 §18.48). */
public record TEST_STATEID4args(List<Stateid4> stateids) implements NfsArgop {
    public TEST_STATEID4args {
        java.util.Objects.requireNonNull(stateids, "stateids");
        stateids = List.copyOf(stateids);
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_TEST_STATEID;
    }

    public static TEST_STATEID4args decode(XdrDecoder x) {
        List<Stateid4> stateids = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 16, Stateid4::decode);
        return new TEST_STATEID4args(stateids);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeList(x, stateids, (e, t) -> t.encode(e));
    }
}
