package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** BIND_CONN_TO_SESSION4args (RFC 8881 §18.34); dir is a channel_dir_from_client4 (CDFC4_*). */
public record BIND_CONN_TO_SESSION4args(byte[] sessid, int dir, boolean useConnInRdmaMode) implements NfsArgop {
    public BIND_CONN_TO_SESSION4args {
        Nfs4Xdr.requireLength(sessid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_BIND_CONN_TO_SESSION;
    }

    public static BIND_CONN_TO_SESSION4args decode(XdrDecoder x) {
        byte[] sessid = Nfs4Xdr.readSessionId(x);
        int dir = x.readInt();
        boolean useConnInRdmaMode = x.readBoolean();
        return new BIND_CONN_TO_SESSION4args(sessid, dir, useConnInRdmaMode);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessid);
        x.writeInt(dir);
        x.writeBoolean(useConnInRdmaMode);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BIND_CONN_TO_SESSION4args o && Arrays.equals(o.sessid, sessid)
                && o.dir == dir
                && o.useConnInRdmaMode == useConnInRdmaMode;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (Arrays.hashCode(sessid)) + Integer.hashCode(dir)) + Boolean.hashCode(useConnInRdmaMode);
    }

    @Override
    public String toString() {
        return "BIND_CONN_TO_SESSION4args[" + "sessid=" + Nfs4Xdr.hex(sessid) + ", " + "dir=" + dir + ", " + "useConnInRdmaMode=" + useConnInRdmaMode + "]";
    }
}
