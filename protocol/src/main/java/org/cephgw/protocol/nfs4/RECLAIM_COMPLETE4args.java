package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** RECLAIM_COMPLETE4args (RFC 8881 §18.51). */
public record RECLAIM_COMPLETE4args(boolean oneFs) implements NfsArgop {
    @Override
    public int opnum() {
        return NfsOpnum4.OP_RECLAIM_COMPLETE;
    }

    public static RECLAIM_COMPLETE4args decode(XdrDecoder x) {
        boolean oneFs = x.readBoolean();
        return new RECLAIM_COMPLETE4args(oneFs);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(oneFs);
    }
}
