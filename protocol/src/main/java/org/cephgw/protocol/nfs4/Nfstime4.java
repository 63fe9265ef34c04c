package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** nfstime4 (RFC 8881 §3.3.1): seconds since the epoch (signed) and nanoseconds (unsigned). */
public record Nfstime4(long seconds, int nseconds) implements XdrEncodable {
    public static final Nfstime4 ZERO = new Nfstime4(0, 0);

    public static Nfstime4 decode(XdrDecoder x) {
        long s = x.readHyper();
        return new Nfstime4(s, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(seconds);
        x.writeInt(nseconds);
    }

    /** RFC 8881 §3.3.1: nseconds of 10^9 or more makes the time invalid (NFS4ERR_INVAL). */
    public boolean isValid() {
        return Integer.toUnsignedLong(nseconds) < 1_000_000_000L;
    }
}
