package org.cephgw.protocol.nfs4;

import java.nio.ByteBuffer;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * WRITE4args (RFC 8881 §18.32). Decoded {@code data} is a slice of the request buffer, not a copy:
 * it is valid as long as the request is, and readers should use a duplicate() to keep its position.
 */
public record WRITE4args(Stateid4 stateid, long offset, int stable, ByteBuffer data) implements NfsArgop {
    public WRITE4args {
        java.util.Objects.requireNonNull(stateid, "stateid");
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_WRITE;
    }

    public static WRITE4args decode(XdrDecoder x) {
        Stateid4 stateid = Stateid4.decode(x);
        long offset = x.readHyper();
        int stable = x.readInt();
        ByteBuffer data = x.readOpaqueSlice(Integer.MAX_VALUE);
        return new WRITE4args(stateid, offset, stable, data);
    }

    @Override
    public void encode(XdrEncoder x) {
        stateid.encode(x);
        x.writeHyper(offset);
        x.writeInt(stable);
        x.writeOpaque(data);
    }

    @Override
    public String toString() {
        return "WRITE4args[" + "stateid=" + stateid + ", " + "offset=" + offset + ", " + "stable=" + stable + ", " + "data=" + Nfs4Xdr.hex(data) + "]";
    }
}
