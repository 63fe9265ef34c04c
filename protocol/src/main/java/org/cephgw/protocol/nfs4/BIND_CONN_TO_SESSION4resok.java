package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** BIND_CONN_TO_SESSION4resok (RFC 8881 §18.34; dir is a channel_dir_from_server4 (CDFS4_*)). */
public record BIND_CONN_TO_SESSION4resok(byte[] sessid, int dir, boolean useConnInRdmaMode) implements XdrEncodable {
    public BIND_CONN_TO_SESSION4resok {
        Nfs4Xdr.requireLength(sessid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessid");
    }

    public static BIND_CONN_TO_SESSION4resok decode(XdrDecoder x) {
        byte[] sessid = Nfs4Xdr.readSessionId(x);
        int dir = x.readInt();
        boolean useConnInRdmaMode = x.readBoolean();
        return new BIND_CONN_TO_SESSION4resok(sessid, dir, useConnInRdmaMode);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessid);
        x.writeInt(dir);
        x.writeBoolean(useConnInRdmaMode);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BIND_CONN_TO_SESSION4resok o && Arrays.equals(o.sessid, sessid)
                && o.dir == dir
                && o.useConnInRdmaMode == useConnInRdmaMode;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (Arrays.hashCode(sessid)) + Integer.hashCode(dir)) + Boolean.hashCode(useConnInRdmaMode);
    }

    @Override
    public String toString() {
        return "BIND_CONN_TO_SESSION4resok[" + "sessid=" + Nfs4Xdr.hex(sessid) + ", " + "dir=" + dir + ", " + "useConnInRdmaMode=" + useConnInRdmaMode + "]";
    }
}
