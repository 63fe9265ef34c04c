package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** DESTROY_SESSION4args (RFC 8881 §18.37). */
public record DESTROY_SESSION4args(byte[] sessionid) implements NfsArgop {
    public DESTROY_SESSION4args {
        Nfs4Xdr.requireLength(sessionid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessionid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_DESTROY_SESSION;
    }

    public static DESTROY_SESSION4args decode(XdrDecoder x) {
        byte[] sessionid = Nfs4Xdr.readSessionId(x);
        return new DESTROY_SESSION4args(sessionid);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessionid);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DESTROY_SESSION4args o && Arrays.equals(o.sessionid, sessionid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sessionid);
    }

    @Override
    public String toString() {
        return "DESTROY_SESSION4args[" + "sessionid=" + Nfs4Xdr.hex(sessionid) + "]";
    }
}
