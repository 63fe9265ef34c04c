package org.cephgw.protocol.nfs4;

import java.util.List;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** READ_PLUS4resok (RFC 7862 §15.10 (read_plus_res4)). */
public record READ_PLUS4resok(boolean eof, List<ReadPlusContent4> contents) implements XdrEncodable {
    public READ_PLUS4resok {
        java.util.Objects.requireNonNull(contents, "contents");
        contents = List.copyOf(contents);
    }

    public static READ_PLUS4resok decode(XdrDecoder x) {
        boolean eof = x.readBoolean();
        List<ReadPlusContent4> contents = Nfs4Xdr.readList(x, Nfs4Limits.MAX_ARRAY, 12, ReadPlusContent4::decode);
        return new READ_PLUS4resok(eof, contents);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeBoolean(eof);
        Nfs4Xdr.writeList(x, contents, (e, t) -> t.encode(e));
    }
}
