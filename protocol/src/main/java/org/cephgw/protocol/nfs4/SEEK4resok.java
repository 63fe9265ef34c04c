package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEEK4resok (RFC 7862 §15.11 (seek_res4)). */
public record SEEK4resok(boolean eof, long offset) implements XdrEncodable {
    public static SEEK4resok decode(XdrDecoder x) {
        boolean eof = x.readBoolean();
        long offset = x.readHyper();
        return new SEEK4resok(eof, offset);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(eof);
        x.writeHyper(offset);
    }
}
