package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** change_info4 (RFC 8881 §3.3.10): a directory's change attribute before and after an operation. */
public record ChangeInfo4(boolean atomic, long before, long after) implements XdrEncodable {
    public static ChangeInfo4 decode(XdrDecoder x) {
        boolean atomic = x.readBoolean();
        long before = x.readHyper();
        return new ChangeInfo4(atomic, before, x.readHyper());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(atomic);
        x.writeHyper(before);
        x.writeHyper(after);
    }
}
