package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE_SESSION4args (RFC 8881 §18.36). */
public record CREATE_SESSION4args(long clientid, int sequence, int flags, ChannelAttrs4 foreChanAttrs, ChannelAttrs4 backChanAttrs, int cbProgram, List<CallbackSecParms4> secParms) implements NfsArgop {
    public CREATE_SESSION4args {
        java.util.Objects.requireNonNull(foreChanAttrs, "foreChanAttrs");
        java.util.Objects.requireNonNull(backChanAttrs, "backChanAttrs");
        java.util.Objects.requireNonNull(secParms, "secParms");
        secParms = List.copyOf(secParms);
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_CREATE_SESSION;
    }

    public static CREATE_SESSION4args decode(XdrDecoder x) {
        long clientid = x.readHyper();
        int sequence = x.readInt();
        int flags = x.readInt();
        ChannelAttrs4 foreChanAttrs = ChannelAttrs4.decode(x);
        ChannelAttrs4 backChanAttrs = ChannelAttrs4.decode(x);
        int cbProgram = x.readInt();
        List<CallbackSecParms4> secParms = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 4, CallbackSecParms4::decode);
        return new CREATE_SESSION4args(clientid, sequence, flags, foreChanAttrs, backChanAttrs, cbProgram, secParms);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(clientid);
        x.writeInt(sequence);
        x.writeInt(flags);
        foreChanAttrs.encode(x);
        backChanAttrs.encode(x);
        x.writeInt(cbProgram);
        Nfs4Xdr.writeList(x, secParms, (e, t) -> t.encode(e));
    }
}
