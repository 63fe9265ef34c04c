package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LOCK4denied (RFC 8881 §18.10): the conflicting lock that made LOCK or LOCKT fail with DENIED. */
public record LOCK4denied(long offset, long length, int locktype, StateOwner4 owner) implements XdrEncodable {
    public static LOCK4denied decode(XdrDecoder x) {
        long off = x.readHyper();
        long len = x.readHyper();
        int type = x.readInt();
        return new LOCK4denied(off, len, type, StateOwner4.decode(x));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(offset);
        x.writeHyper(length);
        x.writeInt(locktype);
        owner.encode(x);
    }
}
