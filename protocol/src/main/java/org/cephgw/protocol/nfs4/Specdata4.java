package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** specdata4: major and minor device numbers of a block or character special file. */
public record Specdata4(int specdata1, int specdata2) implements XdrEncodable {
    public static Specdata4 decode(XdrDecoder x) {
        int a = x.readInt();
        return new Specdata4(a, x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(specdata1);
        x.writeInt(specdata2);
    }
}
