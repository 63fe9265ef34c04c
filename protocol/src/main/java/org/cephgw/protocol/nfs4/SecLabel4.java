package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** sec_label4 (RFC 7862 §12.2.4): a labeled-NFS security label with its format specifier. */
public record SecLabel4(int lfs, int pi, byte[] data) implements XdrEncodable {
    public static SecLabel4 decode(XdrDecoder x) {
        int lfs = x.readInt();
        int pi = x.readInt();
        return new SecLabel4(lfs, pi, x.readOpaque(Nfs4Limits.MAX_STRING_BYTES));
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(lfs);
        x.writeInt(pi);
        x.writeOpaque(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecLabel4 s && s.lfs == lfs && s.pi == pi && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return (31 * lfs + pi) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SecLabel4[lfs=" + lfs + ", pi=" + pi + ", data=" + Nfs4Xdr.hex(data) + "]";
    }
}
