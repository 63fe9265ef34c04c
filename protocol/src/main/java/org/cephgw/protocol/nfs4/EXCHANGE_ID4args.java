package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * EXCHANGE_ID4args (RFC 8881 §18.35).
 *
 * @param clientImplId eia_client_impl_id&lt;1&gt;: null when the client sent none
 */
public record EXCHANGE_ID4args(ClientOwner4 clientowner, int flags, StateProtect4A stateProtect, NfsImplId4 clientImplId) implements NfsArgop {
    public EXCHANGE_ID4args {
        java.util.Objects.requireNonNull(clientowner, "clientowner");
        java.util.Objects.requireNonNull(stateProtect, "stateProtect");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_EXCHANGE_ID;
    }

    public static EXCHANGE_ID4args decode(XdrDecoder x) {
        ClientOwner4 clientowner = ClientOwner4.decode(x);
        int flags = x.readInt();
        StateProtect4A stateProtect = StateProtect4A.decode(x);
        NfsImplId4 clientImplId = Nfs4Xdr.readOptional(x, NfsImplId4::decode);
        return new EXCHANGE_ID4args(clientowner, flags, stateProtect, clientImplId);
    }

    @Override
    public void encode(XdrEncoder x) {
        clientowner.encode(x);
        x.writeInt(flags);
        stateProtect.encode(x);
        Nfs4Xdr.writeOptional(x, clientImplId, (e, t) -> t.encode(e));
    }
}
