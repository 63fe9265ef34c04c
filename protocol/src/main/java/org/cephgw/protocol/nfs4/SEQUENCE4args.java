package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEQUENCE4args (RFC 8881 §18.46). */
public record SEQUENCE4args(byte[] sessionid, int sequenceid, int slotid, int highestSlotid, boolean cachethis) implements NfsArgop {
    public SEQUENCE4args {
        Nfs4Xdr.requireLength(sessionid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessionid");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_SEQUENCE;
    }

    public static SEQUENCE4args decode(XdrDecoder x) {
        byte[] sessionid = Nfs4Xdr.readSessionId(x);
        int sequenceid = x.readInt();
        int slotid = x.readInt();
        int highestSlotid = x.readInt();
        boolean cachethis = x.readBoolean();
        return new SEQUENCE4args(sessionid, sequenceid, slotid, highestSlotid, cachethis);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessionid);
        x.writeInt(sequenceid);
        x.writeInt(slotid);
        x.writeInt(highestSlotid);
        x.writeBoolean(cachethis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SEQUENCE4args o && Arrays.equals(o.sessionid, sessionid)
                && o.sequenceid == sequenceid
                && o.slotid == slotid
                && o.highestSlotid == highestSlotid
                && o.cachethis == cachethis;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (Arrays.hashCode(sessionid)) + Integer.hashCode(sequenceid)) + Integer.hashCode(slotid)) + Integer.hashCode(highestSlotid)) + Boolean.hashCode(cachethis);
    }

    @Override
    public String toString() {
        return "SEQUENCE4args[" + "sessionid=" + Nfs4Xdr.hex(sessionid) + ", " + "sequenceid=" + sequenceid + ", " + "slotid=" + slotid + ", " + "highestSlotid=" + highestSlotid + ", " + "cachethis=" + cachethis + "]";
    }
}
