package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.nfs4.Nfs4Xdr;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CB_SEQUENCE4res (RFC 8881 §20.9.2); the resok fields are meaningful only for NFS4_OK. */
public record CB_SEQUENCE4res(int status, byte[] sessionId, int sequenceId, int slotId, int highestSlotId,
                              int targetHighestSlotId) implements CbOp {
    public static CB_SEQUENCE4res error(int status) {
        return new CB_SEQUENCE4res(status, null, 0, 0, 0, 0);
    }

    @Override
    public int opnum() {
        return OP_CB_SEQUENCE;
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            Nfs4Xdr.writeSessionId(x, sessionId);
            x.writeInt(sequenceId).writeInt(slotId).writeInt(highestSlotId).writeInt(targetHighestSlotId);
        }
    }

    public static CB_SEQUENCE4res decode(XdrDecoder x) {
        int st = x.readInt();
        if (st != NfsStat4.NFS4_OK) {
            return error(st);
        }
        byte[] sid = Nfs4Xdr.readSessionId(x);
        return new CB_SEQUENCE4res(st, sid, x.readInt(), x.readInt(), x.readInt(), x.readInt());
    }
}
