package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** LISTXATTRS4resok (RFC 8276 §8.4.4). */
public record LISTXATTRS4resok(long cookie, List<String> names, boolean eof) implements XdrEncodable {
    public LISTXATTRS4resok {
        java.util.Objects.requireNonNull(names, "names");
        names = List.copyOf(names);
    }

    public static LISTXATTRS4resok decode(XdrDecoder x) {
        long cookie = x.readHyper();
        List<String> names = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 4, Nfs4Xdr::readComponent);
        boolean eof = x.readBoolean();
        return new LISTXATTRS4resok(cookie, names, eof);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeHyper(cookie);
        Nfs4Xdr.writeList(x, names, XdrEncoder::writeString);
        x.writeBoolean(eof);
    }
}
