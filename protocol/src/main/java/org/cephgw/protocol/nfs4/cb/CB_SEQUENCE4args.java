package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.nfs4.Nfs4Xdr;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * CB_SEQUENCE4args (RFC 8881 §20.9.1). The server refers to no fore-channel calls
 * (csa_referring_call_lists is sent empty; a received list is skipped).
 */
public record CB_SEQUENCE4args(byte[] sessionId, int sequenceId, int slotId, int highestSlotId, boolean cacheThis)
        implements CbOp {
    @Override
    public int opnum() {
        return OP_CB_SEQUENCE;
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessionId);
        x.writeInt(sequenceId).writeInt(slotId).writeInt(highestSlotId).writeBoolean(cacheThis);
        x.writeInt(0);
    }

    public static CB_SEQUENCE4args decode(XdrDecoder x) {
        byte[] sid = Nfs4Xdr.readSessionId(x);
        int seq = x.readInt();
        int slot = x.readInt();
        int highest = x.readInt();
        boolean cache = x.readBoolean();
        // referring_call_list4<>: sessionid4 + referring_call4<> (sequenceid4, slotid4)
        Nfs4Xdr.readList(x, 1024, 20, d -> {
            Nfs4Xdr.readSessionId(d);
            return Nfs4Xdr.readList(d, 1024, 8, e -> {
                e.readInt();
                e.readInt();
                return null;
            });
        });
        return new CB_SEQUENCE4args(sid, seq, slot, highest, cache);
    }
}
