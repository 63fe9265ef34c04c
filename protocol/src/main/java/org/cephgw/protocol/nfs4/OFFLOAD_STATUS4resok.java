package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** OFFLOAD_STATUS4resok (RFC 7862 §15.9; complete is osr_complete&lt;1&gt;, null until the copy is done). */
public record OFFLOAD_STATUS4resok(long count, Integer complete) implements XdrEncodable {
    public static OFFLOAD_STATUS4resok decode(XdrDecoder x) {
        long count = x.readHyper();
        Integer complete = Nfs4Xdr.readOptional(x, XdrDecoder::readInt);
        return new OFFLOAD_STATUS4resok(count, complete);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(count);
        Nfs4Xdr.writeOptional(x, complete, XdrEncoder::writeInt);
    }
}
