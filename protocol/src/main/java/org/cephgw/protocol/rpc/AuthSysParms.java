package org.cephgw.protocol.rpc;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/** The AUTH_SYS credential body (RFC 5531 appendix A, authsys_parms). */
public record AuthSysParms(int stamp, String machineName, int uid, int gid, int[] gids) {
    public static final int MAX_MACHINE_NAME = 255;
    public static final int MAX_GIDS = 16;

    public AuthSysParms {
        if (gids.length > MAX_GIDS) {
            throw new IllegalArgumentException(gids.length + " gids");
        }
        gids = gids.clone();
    }

    @Override
    public int[] gids() {
        return gids.clone();
    }

    public static AuthSysParms decode(XdrDecoder x) {
        int stamp = x.readInt();
        byte[] name = x.readOpaque(MAX_MACHINE_NAME);
        int uid = x.readInt();
        int gid = x.readInt();
        int n = x.readCount(MAX_GIDS, 4);
        int[] gids = new int[n];
        for (int i = 0; i < n; i++) {
            gids[i] = x.readInt();
        }
        // machinename is a string of unspecified encoding; keep it printable for logs
        return new AuthSysParms(stamp, new String(name, java.nio.charset.StandardCharsets.ISO_8859_1), uid, gid, gids);
    }

    public void encode(XdrEncoder x) {
        x.writeInt(stamp);
        x.writeOpaque(machineName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        x.writeInt(uid);
        x.writeInt(gid);
        x.writeInt(gids.length);
        for (int g : gids) {
            x.writeInt(g);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSysParms a && a.stamp == stamp && a.machineName.equals(machineName)
                && a.uid == uid && a.gid == gid && java.util.Arrays.equals(a.gids, gids);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(stamp, machineName, uid, gid, java.util.Arrays.hashCode(gids));
    }
}
