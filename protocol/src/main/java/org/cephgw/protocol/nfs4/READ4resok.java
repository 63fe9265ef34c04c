package org.cephgw.protocol.nfs4;

import java.nio.ByteBuffer;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ4resok (RFC 8881 §18.22; data is not copied, and encoding never moves its position). */
public record READ4resok(boolean eof, ByteBuffer data) implements XdrEncodable {
    public READ4resok {
        java.util.Objects.requireNonNull(data, "data");
    }

    public static READ4resok decode(XdrDecoder x) {
        boolean eof = x.readBoolean();
        ByteBuffer data = x.readOpaqueSlice(Integer.MAX_VALUE);
        return new READ4resok(eof, data);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(eof);
        x.writeOpaque(data);
    }

    @Override
    public String toString() {
        return "READ4resok[" + "eof=" + eof + ", " + "data=" + Nfs4Xdr.hex(data) + "]";
    }
}
