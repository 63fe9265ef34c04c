package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOCKU4args (RFC 8881 §18.12). */
public record LOCKU4args(int locktype, int seqid, Stateid4 lockStateid, long offset, long length) implements NfsArgop {
    public LOCKU4args {
        java.util.Objects.requireNonNull(lockStateid, "lockStateid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCKU;
    }

    public static LOCKU4args decode(XdrDecoder x) {
        int locktype = x.readInt();
        int seqid = x.readInt();
        Stateid4 lockStateid = Stateid4.decode(x);
        long offset = x.readHyper();
        long length = x.readHyper();
        return new LOCKU4args(locktype, seqid, lockStateid, offset, length);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(locktype);
        x.writeInt(seqid);
        lockStateid.encode(x);
        x.writeHyper(offset);
        x.writeHyper(length);
    }
}
