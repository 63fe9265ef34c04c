package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** PUTFH4args (RFC 8881 §18.19): a filehandle of at most NFS4_FHSIZE bytes. */
public record PUTFH4args(byte[] object) implements NfsArgop {
    public PUTFH4args {
        Nfs4Xdr.requireMaxLength(object, Nfs4Const.NFS4_FHSIZE, "object");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_PUTFH;
    }

    public static PUTFH4args decode(XdrDecoder x) {
        byte[] object = Nfs4Xdr.readFh(x);
        return new PUTFH4args(object);
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeOpaque(object);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PUTFH4args o && Arrays.equals(o.object, object);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(object);
    }

    @Override
    public String toString() {
        return "PUTFH4args[" + "object=" + Nfs4Xdr.hex(object) + "]";
    }
}
