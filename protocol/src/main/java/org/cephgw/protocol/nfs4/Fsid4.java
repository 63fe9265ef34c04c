package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** fsid4 (RFC 8881 §3.3.13): the file system identifier attribute. */
public record Fsid4(long major, long minor) implements XdrEncodable {
    public static Fsid4 decode(XdrDecoder x) {
        long a = x.readHyper();
        return new Fsid4(a, x.readHyper());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(major);
        x.writeHyper(minor);
    }
}
