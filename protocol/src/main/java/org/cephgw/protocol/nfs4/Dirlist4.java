package org.cephgw.protocol.nfs4;

import java.util.ArrayList;
import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** dirlist4 (RFC 8881 §18.23): READDIR entries (an XDR optional-data linked list) and eof. */
public record Dirlist4(List<Entry4> entries, boolean eof) implements XdrEncodable {
    /** The bytes of an empty list: the null "entries" pointer and eof. */
    public static final int EMPTY_SIZE = 8;

    public Dirlist4 {
        entries = List.copyOf(entries);
    }

    public static Dirlist4 decode(XdrDecoder x) {
        // each entry costs the sender at least 24 bytes, so this loop is bounded by the input
        List<Entry4> out = new ArrayList<>();
        while (x.readBoolean()) {
            out.add(Entry4.decodeBody(x));
        }
        return new Dirlist4(out, x.readBoolean());
    }

    @Override
    public void encode(XdrEncoder x) {
        for (Entry4 e : entries) {
            x.writeBoolean(true);
            e.encodeBody(x);
        }
        x.writeBoolean(false);
        x.writeBoolean(eof);
    }
}
