package org.cephgw.protocol.nfs4;

import java.util.Arrays;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncodable;
import org.cephgw.protocol.xdr.XdrEncoder;

/** SEQUENCE4resok (RFC 8881 §18.46). */
public record SEQUENCE4resok(byte[] sessionid, int sequenceid, int slotid, int highestSlotid, int targetHighestSlotid, int statusFlags) implements XdrEncodable {
    public SEQUENCE4resok {
        Nfs4Xdr.requireLength(sessionid, Nfs4Const.NFS4_SESSIONID_SIZE, "sessionid");
    }

    public static SEQUENCE4resok decode(XdrDecoder x) {
        byte[] sessionid = Nfs4Xdr.readSessionId(x);
        int sequenceid = x.readInt();
        int slotid = x.readInt();
        int highestSlotid = x.readInt();
        int targetHighestSlotid = x.readInt();
        int statusFlags = x.readInt();
        return new SEQUENCE4resok(sessionid, sequenceid, slotid, highestSlotid, targetHighestSlotid, statusFlags);
    }

    @Override
    public void encode(XdrEncoder x) {
        Nfs4Xdr.writeSessionId(x, sessionid);
        x.writeInt(sequenceid);
        x.writeInt(slotid);
        x.writeInt(highestSlotid);
        x.writeInt(targetHighestSlotid);
        x.writeInt(statusFlags);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SEQUENCE4resok o && Arrays.equals(o.sessionid, sessionid)
                && o.sequenceid == sequenceid
                && o.slotid == slotid
                && o.highestSlotid == highestSlotid
                && o.targetHighestSlotid == targetHighestSlotid
                && o.statusFlags == statusFlags;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * (31 * (Arrays.hashCode(sessionid)) + Integer.hashCode(sequenceid)) + Integer.hashCode(slotid)) + Integer.hashCode(highestSlotid)) + Integer.hashCode(targetHighestSlotid)) + Integer.hashCode(statusFlags);
    }

    @Override
    public String toString() {
        return "SEQUENCE4resok[" + "sessionid=" + Nfs4Xdr.hex(sessionid) + ", " + "sequenceid=" + sequenceid + ", " + "slotid=" + slotid + ", " + "highestSlotid=" + highestSlotid + ", " + "targetHighestSlotid=" + targetHighestSlotid + ", " + "statusFlags=" + statusFlags + "]";
    }
}
