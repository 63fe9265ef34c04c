package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * fattr4 (RFC 8881 §3.3.9): an attribute mask and the XDR of those attributes, in ascending
 * attribute order. Kept encoded here; {@link NfsAttrs} gives typed access.
 */
public record Fattr4(Bitmap4 attrmask, byte[] attrVals) implements XdrEncodable {
    public static final Fattr4 EMPTY = new Fattr4(Bitmap4.EMPTY, new byte[0]);

    public Fattr4 {
        if (attrmask == null || attrVals == null) {
            throw new NullPointerException("fattr4");
        }
    }

    public static Fattr4 decode(XdrDecoder x) {
        Bitmap4 mask = Bitmap4.decode(x);
        return new Fattr4(mask, x.readOpaque(Nfs4Limits.MAX_ATTRLIST_BYTES));
    }

    @Override
    public void encode(XdrEncoder x) {
        attrmask.encode(x);
        x.writeOpaque(attrVals);
    }

    /** Bytes this takes on the wire. */
    public int encodedSize() {
        return 4 + 4 * attrmask.words().length + 4 + ((attrVals.length + 3) & ~3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fattr4 f && f.attrmask.equals(attrmask) && Arrays.equals(f.attrVals, attrVals);
    }

    @Override
    public int hashCode() {
        return 31 * attrmask.hashCode() + Arrays.hashCode(attrVals);
    }

    @Override
    public String toString() {
        return "Fattr4[" + attrmask + ", " + attrVals.length + " bytes]";
    }
}
