package org.cephgw.protocol.nfs4;

import java.nio.charset.StandardCharsets;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** entry4 (RFC 8881 §18.23): one READDIR entry (the linked list is {@link Dirlist4}). */
public record Entry4(long cookie, String name, Fattr4 attrs) {
    public Entry4 {
        if (name == null || attrs == null) {
            throw new NullPointerException("entry4");
        }
    }

    /**
     * Bytes this entry takes in a READDIR reply, including the "next entry follows" boolean
     * before it; what a server counts against maxcount.
     */
    public int encodedSize() {
        int n = name.getBytes(StandardCharsets.UTF_8).length;
        return 4 + 8 + 4 + ((n + 3) & ~3) + attrs.encodedSize();
    }

    /** The body of the entry (cookie, name, attrs), without the list's booleans. */
    void encodeBody(XdrEncoder x) {
        x.writeHyper(cookie);
        x.writeString(name);
        attrs.encode(x);
    }

    static Entry4 decodeBody(XdrDecoder x) {
        long cookie = x.readHyper();
        String name = Nfs4Xdr.readComponent(x);
        return new Entry4(cookie, name, Fattr4.decode(x));
    }
}
