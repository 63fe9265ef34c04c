package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** BACKCHANNEL_CTL4args (RFC 8881 §18.33). */
public record BACKCHANNEL_CTL4args(int cbProgram, List<CallbackSecParms4> secParms) implements NfsArgop {
    public BACKCHANNEL_CTL4args {
        java.util.Objects.requireNonNull(secParms, "secParms");
        secParms = List.copyOf(secParms);
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_BACKCHANNEL_CTL;
    }

    public static BACKCHANNEL_CTL4args decode(XdrDecoder x) {
        int cbProgram = x.readInt();
        List<CallbackSecParms4> secParms = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 4, CallbackSecParms4::decode);
        return new BACKCHANNEL_CTL4args(cbProgram, secParms);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(cbProgram);
        Nfs4Xdr.writeList(x, secParms, (e, t) -> t.encode(e));
    }
}
