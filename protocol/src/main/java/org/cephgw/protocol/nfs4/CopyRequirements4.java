package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** copy_requirements4 (RFC 7862 §15.2): whether a COPY was, or must be, consecutive / synchronous. */
public record CopyRequirements4(boolean consecutive, boolean synchronous) implements XdrEncodable {
    public static CopyRequirements4 decode(XdrDecoder x) {
        boolean c = x.readBoolean();
        return new CopyRequirements4(c, x.readBoolean());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(consecutive);
        x.writeBoolean(synchronous);
    }
}
