package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CREATE_SESSION4resok (RFC 8881 §18.36). */
public record CREATE_SESSION4resok(byte[] sessionid, int sequence, int flags, ChannelAttrs4 foreChanAttrs, ChannelAttrs4 backChanAttrs) implements XdrEncodable {
    public CREATE_SESSION4resok {
        Nfs4Xdr.requireLength(sessionid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessionid");
        java.util.Objects.requireNonNull(foreChanAttrs, "foreChanAttrs");
        java.util.Objects.requireNonNull(backChanAttrs, "backChanAttrs");
    }

    public static CREATE_SESSION4resok decode(XdrDecoder x) {
        byte[] sessionid = Nfs4Xdr.readSessionId(x);
        int sequence = x.readInt();
        int flags = x.readInt();
        ChannelAttrs4 foreChanAttrs = ChannelAttrs4.decode(x);
        ChannelAttrs4 backChanAttrs = ChannelAttrs4.decode(x);
        return new CREATE_SESSION4resok(sessionid, sequence, flags, foreChanAttrs, backChanAttrs);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessionid);
        x.writeInt(sequence);
        x.writeInt(flags);
        foreChanAttrs.encode(x);
        backChanAttrs.encode(x);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CREATE_SESSION4resok o && Arrays.equals(o.sessionid, sessionid)
                && o.sequence == sequence
                && o.flags == flags
                && java.util.Objects.equals(o.foreChanAttrs, foreChanAttrs)
                && java.util.Objects.equals(o.backChanAttrs, backChanAttrs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (Arrays.hashCode(sessionid)) + Integer.hashCode(sequence)) + Integer.hashCode(flags)) + java.util.Objects.hashCode(foreChanAttrs)) + java.util.Objects.hashCode(backChanAttrs);
    }

    @Override
    public String toString() {
        return "CREATE_SESSION4resok[" + "sessionid=" + Nfs4Xdr.hex(sessionid) + ", " + "sequence=" + sequence + ", " + "flags=" + flags + ", " + "foreChanAttrs=" + foreChanAttrs + ", " + "backChanAttrs=" + backChanAttrs + "]";
    }
}
