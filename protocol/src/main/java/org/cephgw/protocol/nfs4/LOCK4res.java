package org.cephgw.protocol.nfs4;

import org.cephgw.protocol.xdr.XdrDecoder;
import org.cephgw.protocol.xdr.XdrEncoder;

/**
 * LOCK4res (RFC 8881 §18.10).
 *
 * @param lockStateid present exactly when status is NFS4_OK (LOCK4resok inlined)
 * @param denied      present exactly when status is NFS4ERR_DENIED
 */
public record LOCK4res(int status, Stateid4 lockStateid, LOCK4denied denied) implements NfsResop {
    public LOCK4res {
        Nfs4Xdr.requireStatus(status, lockStateid != null, status == NfsStat4.NFS4_OK, "lock_stateid");
        Nfs4Xdr.requireStatus(status, denied != null, status == NfsStat4.NFS4ERR_DENIED, "LOCK4denied");
    }

    @Override
    public int opnum() {
        return NfsOpnum4.OP_LOCK;
    }

    public static LOCK4res ok(Stateid4 lockStateid) {
        return new LOCK4res(NfsStat4.NFS4_OK, lockStateid, null);
    }

    public static LOCK4res denied(LOCK4denied denied) {
        return new LOCK4res(NfsStat4.NFS4ERR_DENIED, null, denied);
    }

    /** Any other error (not NFS4ERR_DENIED, which needs {@link #denied}). */
    public static LOCK4res error(int status) {
        return new LOCK4res(status, null, null);
    }

    public static LOCK4res decode(XdrDecoder x) {
        int status = x.readInt();
        return switch (status) {
            case NfsStat4.NFS4_OK -> ok(Stateid4.decode(x));
            case NfsStat4.NFS4ERR_DENIED -> denied(LOCK4denied.decode(x));
            default -> error(status);
        };
    }

    @Override
    public void encode(XdrEncoder x) {
        x.writeInt(status);
        if (lockStateid != null) {
            lockStateid.encode(x);
        } else if (denied != null) {
            denied.encode(x);
        }
    }

    @Override
    public String toString() {
        return "LOCK4res[" + NfsStat4.name(status) + ", " + (denied != null ? denied : lockStateid) + "]";
    }
}
