package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** BACKCHANNEL_CTL4res (RFC 8881 §18.33). */
public record BACKCHANNEL_CTL4res(int status) implements NfsResop {
    public static final BACKCHANNEL_CTL4res OK = new BACKCHANNEL_CTL4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_BACKCHANNEL_CTL;
    }

    public static BACKCHANNEL_CTL4res error(int status) {
        return new BACKCHANNEL_CTL4res(status);
    }

    public static BACKCHANNEL_CTL4res decode(XdrDecoder x) {
        return new BACKCHANNEL_CTL4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "BACKCHANNEL_CTL4res[" + NfsStat4.name(status) + "]";
    }
}
