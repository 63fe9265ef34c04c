package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTPUBFH4res (RFC 8881 §18.20). */
public record PUTPUBFH4res(int status) implements NfsResop {
    public static final PUTPUBFH4res OK = new PUTPUBFH4res(NfsStat4.NFS4_OK);

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTPUBFH;
    }

    public static PUTPUBFH4res error(int status) {
        return new PUTPUBFH4res(status);
    }

    public static PUTPUBFH4res decode(XdrDecoder x) {
        return new PUTPUBFH4res(x.readInt());
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
    }

    @Override
    public String toString() {
        return "PUTPUBFH4res[" + NfsStat4.name(status) + "]";
    }
}
