package org.cephgw.protocol.nfs4.cb;

import org.cephgw.protocol.nfs4.Fattr4;
import org.cephgw.protocol.nfs4.NfsStat4;
import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** CB_GETATTR4res (RFC 8881 §20.1.2); {@code objAttributes} only with NFS4_OK. */
public record CB_GETATTR4res(int status, Fattr4 objAttributes) implements CbOp {
    @Override
    public int opnum() {
        return OP_CB_GETATTR;
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (status == NfsStat4.NFS4_OK) {
            objAttributes.encode(x);
        }
    }

    public static CB_GETATTR4res decode(XdrDecoder x) {
        int st = x.readInt();
        return new CB_GETATTR4res(st, st == NfsStat4.NFS4_OK ? Fattr4.decode(x) : null);
    }
}
